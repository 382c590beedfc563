import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { type AdmissionTarget, admissionObjects } from "../../domain/delegation";
import { stackAnnotation } from "../ownership";

/**
 * What the API server enforces of the platform's delegations: a ValidatingAdmissionPolicy and its binding
 * that refuse a team's VirtualService or HTTPRoute, bound to the Gateway, for a host not delegated to its
 * namespace. Made where the routes live (the control plane, or each cluster that has the Gateway).
 */
export class HostDelegation extends pulumi.ComponentResource {
    readonly policy: k8s.admissionregistration.v1.ValidatingAdmissionPolicy;
    readonly binding: k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding;

    constructor(name: string, args: AdmissionTarget, opts?: pulumi.ComponentResourceOptions) {
        super("istio-gateway-tls:delegation:HostDelegation", name, {}, opts);
        const { policy, binding } = admissionObjects(args);
        const metadata = (of: { name: string }) => ({ ...of, annotations: stackAnnotation() });
        this.policy = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
            `${name}-policy`,
            { metadata: metadata(policy.metadata), spec: policy.spec },
            { parent: this },
        );
        // The binding names the policy: it waits for it, and goes first on destroy.
        this.binding = new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
            `${name}-binding`,
            { metadata: metadata(binding.metadata), spec: binding.spec },
            { parent: this, dependsOn: [this.policy] },
        );
        this.registerOutputs({ policyName: this.policy.metadata.name });
    }
}
