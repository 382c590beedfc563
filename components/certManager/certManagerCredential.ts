// A credential cert-manager issues and renews in the cluster: a `cert-manager.io/v1` Certificate whose Secret
// is the Gateway's credentialName. The stack never holds the key: it declares the Certificate, waits until
// it is Ready, and gives the Secret an owner reference to it, so that deleting the Certificate (a rotation,
// a removed entry) has the cluster's garbage collector delete the Secret too.

import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { SecretPatch } from "@pulumi/kubernetes/core/v1/secretPatch";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedCertManager } from "../../config/model/stack";
import { stackAnnotation } from "../ownership";
import { type DataPlaneTarget, MANAGED_LABELS } from "../pki/gatewayCredential";

export interface CertManagerCredentialArgs {
    /** The Secret cert-manager writes: the Gateway's credentialName. */
    secretName: string;
    /** The gateway workload's namespace (the Gateway's, with the Gateway API). */
    namespace: string;
    /** What the Certificate asks for. */
    settings: ResolvedCertManager;
    /** With several data planes: each cluster's cert-manager issues its own. Default: one, through the inherited provider. */
    planes?: readonly DataPlaneTarget[];
}

/** One cluster's Certificate and the owner reference on its Secret. */
interface Issued {
    certificate: CustomResource;
    ownerReference: SecretPatch;
}

export class CertManagerCredential extends pulumi.ComponentResource {
    /** The Certificate in each data plane, by cluster name (one, named "", without data planes). */
    readonly certificates: Record<string, CustomResource>;
    /** The Secret's name as the Gateway references it: an output of every plane's Certificate once Ready. */
    readonly credentialName: pulumi.Output<string>;

    constructor(name: string, args: CertManagerCredentialArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-gateway-tls:certManager:CertManagerCredential", name, {}, opts);
        const issue = (suffix: string, provider?: pulumi.ProviderResource): Issued => {
            const options = { parent: this, ...(provider && { provider }) };
            const certificate = new CustomResource(`${name}-certificate${suffix}`, certificateOf(args), options);
            // Server-side apply of one field, which cert-manager does not manage (only its own field manager's
            // owner reference is its business). Kept on delete: removing the reference first would leave the
            // Secret behind when the Certificate goes.
            const ownerReference = new SecretPatch(
                `${name}-owner${suffix}`,
                {
                    metadata: {
                        name: args.secretName,
                        namespace: args.namespace,
                        ownerReferences: [
                            {
                                apiVersion: "cert-manager.io/v1",
                                kind: "Certificate",
                                name: certificate.metadata.name,
                                uid: certificate.metadata.uid,
                            },
                        ],
                    },
                },
                { ...options, dependsOn: [certificate], retainOnDelete: true },
            );
            return { certificate, ownerReference };
        };
        const issued =
            args.planes === undefined
                ? { "": issue("") }
                : Object.fromEntries(args.planes.map((plane) => [plane.name, issue(`-${plane.name}`, plane.provider)]));
        this.certificates = Object.fromEntries(
            Object.entries(issued).map(([plane, { certificate }]) => [plane, certificate]),
        );
        // Ready, because the provider waits for the condition before it reports the Certificate created.
        this.credentialName = pulumi
            .all(Object.values(issued).map(({ ownerReference }) => ownerReference.metadata.name))
            .apply(() => args.secretName);
        this.registerOutputs({ credentialName: this.credentialName });
    }
}

/** The Certificate's args: its Secret named and labelled as the stack's own Secrets are. */
function certificateOf(args: CertManagerCredentialArgs) {
    const { settings } = args;
    return {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: {
            name: args.secretName,
            namespace: args.namespace,
            labels: MANAGED_LABELS,
            annotations: {
                ...stackAnnotation(),
                // The kubernetes provider (4.18+) waits for the condition; the timeout bounds a failed issuance.
                "pulumi.com/waitFor": "condition=Ready",
                "pulumi.com/timeoutSeconds": String(settings.timeoutSeconds),
            },
        },
        spec: {
            secretName: args.secretName,
            secretTemplate: { labels: MANAGED_LABELS, annotations: stackAnnotation() },
            dnsNames: settings.dnsNames,
            duration: settings.duration,
            renewBefore: settings.renewBefore,
            privateKey: settings.privateKey,
            issuerRef: settings.issuerRef,
        },
    };
}
