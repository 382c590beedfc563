import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import * as pulumi from "@pulumi/pulumi";
import {
    GATEWAY_API,
    REFERENCE_GRANT_API,
    buildHttpRoutes,
    buildKubernetesGatewaySpec,
    buildReferenceGrants,
} from "./gatewayApiSpec";
import type { GatewayArgs } from "./istioGateway";
import { externalAnnotation } from "./spec";
import { HostDelegation } from "../delegation/hostDelegation";
import { stackAnnotation } from "../ownership";

/**
 * The same ingress on the Kubernetes Gateway API: a `gateway.networking.k8s.io/v1` Gateway whose HTTPS
 * listeners terminate TLS with the credential Secrets (in the Gateway's namespace, where Istio deploys the
 * workload), one HTTPRoute per routed host, and ReferenceGrants for Services in other namespaces.
 */
export class KubernetesGateway extends pulumi.ComponentResource {
    /** The Gateway. */
    readonly gateway: CustomResource;
    /** HTTPRoutes by object name (the routed host, or the redirect's). */
    readonly httpRoutes: Record<string, CustomResource>;
    /** ReferenceGrants by the namespace they open. */
    readonly referenceGrants: Record<string, CustomResource>;
    /** With delegations: the admission policy that enforces them. */
    readonly hostDelegation?: HostDelegation;

    constructor(name: string, args: GatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-gateway-tls:gateway:KubernetesGateway", name, {}, opts);
        const gw = args.gateway;
        const child = { parent: this };
        this.gateway = new CustomResource(
            `${name}-gateway`,
            {
                apiVersion: GATEWAY_API,
                kind: "Gateway",
                metadata: {
                    name: gw.name,
                    namespace: gw.namespace,
                    annotations: { ...stackAnnotation(), ...externalAnnotation(args.externalCredentials) },
                },
                spec: buildKubernetesGatewaySpec(gw, args.servers, args.delegations),
            },
            child,
        );
        // Keyed by host and namespace, never by list position, so reordering changes nothing.
        this.httpRoutes = Object.fromEntries(
            buildHttpRoutes(gw, args.servers, args.routes).map((route) => [
                route.name,
                new CustomResource(
                    `${name}-httproute-${route.name}`,
                    {
                        apiVersion: GATEWAY_API,
                        kind: "HTTPRoute",
                        metadata: { name: route.name, namespace: gw.namespace, annotations: stackAnnotation() },
                        spec: route.spec,
                    },
                    { parent: this, dependsOn: [this.gateway] },
                ),
            ]),
        );
        this.referenceGrants = Object.fromEntries(
            buildReferenceGrants(gw, args.routes).map((grant) => [
                grant.namespace,
                new CustomResource(
                    `${name}-referencegrant-${grant.namespace}`,
                    {
                        apiVersion: REFERENCE_GRANT_API,
                        kind: "ReferenceGrant",
                        metadata: { name: grant.name, namespace: grant.namespace, annotations: stackAnnotation() },
                        spec: grant.spec,
                    },
                    child,
                ),
            ]),
        );
        if (args.delegations?.length) {
            const gateway = { name: gw.name, namespace: gw.namespace };
            this.hostDelegation = new HostDelegation(
                `${name}-delegation`,
                { gateway, delegations: args.delegations },
                child,
            );
        }
        this.registerOutputs({ gatewayName: this.gateway.metadata.name });
    }
}
