// A credential cert-manager issues and renews in the cluster: a `cert-manager.io/v1` Certificate whose Secret
// is the Gateway's credentialName. The stack never holds the key: it declares the Certificate and waits until
// it is Ready, and never reads the Secret. (A SecretPatch that added an owner reference was tried: the
// provider keeps the patched object, key included, in the state.) cert-manager removes the Secret with its
// Certificate when it runs with --enable-certificate-owner-ref; docs/operations.md says so.

import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedCertManager } from "../../config/resolved";
import { stackAnnotation } from "../ownership";
import { type DataPlaneTarget, MANAGED_LABELS, onEachPlane } from "../pki/gatewayCredential";

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

export class CertManagerCredential extends pulumi.ComponentResource {
    /** The Certificate in each data plane, by cluster name (one, named "", without data planes). */
    readonly certificates: Record<string, CustomResource>;
    /** The Secret's name as the Gateway references it: an output of every plane's Certificate once Ready. */
    readonly credentialName: pulumi.Output<string>;

    constructor(name: string, args: CertManagerCredentialArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-gateway-tls:certManager:CertManagerCredential", name, {}, opts);
        this.certificates = onEachPlane(
            args.planes,
            (suffix, provider) =>
                new CustomResource(`${name}-certificate${suffix}`, certificateOf(args), { parent: this, provider }),
        );
        // An output of every plane's Certificate, which the provider reports created only once Ready.
        this.credentialName = pulumi
            .all(Object.values(this.certificates).map((certificate) => certificate.metadata.name))
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
            // The labels the policy pack and verify find credentials by; not the stack's mark, which says
            // "made by the stack" to the recovery, and cert-manager makes this Secret.
            secretTemplate: { labels: MANAGED_LABELS },
            dnsNames: settings.dnsNames,
            duration: settings.duration,
            renewBefore: settings.renewBefore,
            privateKey: settings.privateKey,
            issuerRef: settings.issuerRef,
        },
    };
}
