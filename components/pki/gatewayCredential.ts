import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import * as pulumi from "@pulumi/pulumi";
import type * as tls from "@pulumi/tls";
import { PART_OF_LABEL } from "../../domain/credentials";
import { splitPemChain } from "../../domain/pem";
import type { IssuanceSettings } from "../../config/resolved";
import type { CertificateAuthority } from "./certificateAuthority";
import { serverCertificateUses } from "./keys";
import { issueSignedCertificate } from "./signedCertificate";
import { certificateFacts } from "./x509";
import { stackAnnotation } from "../ownership";

/** A server certificate the stack issues: its own key, signed by `authority`. */
export interface IssuedSource {
    kind: "issued";
    /** The CA that signs the server certificate. */
    authority: CertificateAuthority;
    /** Subject, SANs, lifetime and key of the server certificate. */
    settings: Pick<
        IssuanceSettings,
        "subject" | "dnsNames" | "validityDays" | "keyAlgorithm" | "rsaBits" | "ecdsaCurve"
    >;
    /** Changes when the certificate is rotated or due for renewal; a new value issues a new key and certificate. */
    issuanceTrigger: string;
}

/** A certificate and key issued elsewhere; secrets or other resources' outputs are welcome. */
export interface ExistingSource {
    kind: "existing";
    /** The server certificate in PEM, optionally followed by its intermediates. */
    certPem: pulumi.Input<string>;
    /** Its private key in PEM; kept a Pulumi secret. */
    keyPem: pulumi.Input<string>;
    /** The CA clients verify against. Default: the last certificate of certPem's chain, if it has more than one. */
    caCertPem?: pulumi.Input<string>;
}

export interface GatewayCredentialArgs {
    /** Name of the Kubernetes secret: the Gateway's `credentialName`. */
    secretName: string;
    /** Namespace of the gateway workload, where istiod looks up `credentialName`. */
    namespace: string;
    /** Where the certificate comes from. */
    source: IssuedSource | ExistingSource;
    /** For MUTUAL and OPTIONAL_MUTUAL: the client CA bundle, stored as `ca.crt`. */
    clientCaPem?: pulumi.Input<string>;
    /** The data-plane clusters that each get the Secret. Default: one, through the inherited provider. */
    planes?: readonly DataPlaneTarget[];
}

/** A data-plane cluster and the provider that reaches it. */
export interface DataPlaneTarget {
    /** The cluster's stable name, part of its resources' names. */
    name: string;
    provider: pulumi.ProviderResource;
}

/**
 * One `make` per data plane, by cluster name, each through its cluster's provider and named with
 * `-<cluster>`; without data planes, one under "" through the inherited provider and with no suffix, so a
 * one-cluster stack's resources keep the names they always had.
 */
export function onEachPlane<T>(
    planes: readonly DataPlaneTarget[] | undefined,
    make: (suffix: string, provider?: pulumi.ProviderResource) => T,
): Record<string, T> {
    return planes === undefined
        ? { "": make("") }
        : Object.fromEntries(planes.map((plane) => [plane.name, make(`-${plane.name}`, plane.provider)]));
}

/** Labels on every secret this package manages; the policy pack finds them by these. */
export const MANAGED_LABELS = {
    "app.kubernetes.io/managed-by": "pulumi",
    [PART_OF_LABEL[0]]: PART_OF_LABEL[1],
};

interface CertificateAndKey {
    certPem: pulumi.Output<string>;
    keyPem: pulumi.Output<string>;
    caCertPem: pulumi.Output<string | undefined>;
    issued?: ReturnType<typeof issueSignedCertificate>;
}

/** The served certificate, its key and the CA to verify it with, issued here or brought with `existing`. */
function certificateAndKey(
    name: string,
    source: IssuedSource | ExistingSource,
    parent: pulumi.Resource,
): CertificateAndKey {
    if (source.kind === "existing") {
        const certPem = pulumi.output(source.certPem);
        const chainCa = certPem
            .apply((pem) => splitPemChain(pem))
            .apply((chain) => (chain.length > 1 ? chain[chain.length - 1] : undefined));
        return {
            certPem,
            keyPem: pulumi.secret(source.keyPem),
            caCertPem: source.caCertPem === undefined ? chainCa : pulumi.output(source.caCertPem),
        };
    }
    const { settings } = source;
    // The trigger, not deleteBeforeReplace: the old key and certificate outlive the switch.
    const issued = issueSignedCertificate(
        name,
        {
            key: settings,
            subject: settings.subject,
            dnsNames: settings.dnsNames,
            authority: source.authority,
            validityDays: settings.validityDays,
            allowedUses: serverCertificateUses(settings.keyAlgorithm),
            replacementTrigger: source.issuanceTrigger,
        },
        parent,
    );
    return {
        certPem: issued.certificate.certPem,
        keyPem: pulumi.secret(issued.privateKey.privateKeyPem),
        caCertPem: source.authority.certPem,
        issued,
    };
}

/**
 * The `kubernetes.io/tls` secret the gateway loads over SDS, holding either a server key and certificate
 * issued here by the CA, or a certificate and key brought from elsewhere (`existing`).
 */
export class GatewayCredential extends pulumi.ComponentResource {
    /** The server's private key (secret); absent for a certificate brought with `existing`. */
    readonly privateKey?: tls.PrivateKey;
    /** The certificate signing request, with the hosts as DNS SANs; absent for a certificate brought with `existing`. */
    readonly certRequest?: tls.CertRequest;
    /** The server certificate, signed by the CA; absent for a certificate brought with `existing`. */
    readonly certificate?: tls.LocallySignedCert;
    /** The TLS secret in the gateway workload's namespace (with several data planes: the first one's). */
    readonly secret: Secret;
    /** The TLS secret in each data plane, by cluster name (one, named "", without data planes). */
    readonly secrets: Record<string, Secret>;
    /** The secret's name as the Gateway must reference it; an output of every plane's Secret, so a Gateway waits for all. */
    readonly credentialName: pulumi.Output<string>;
    /** The served certificate (chain) in PEM. */
    readonly certPem: pulumi.Output<string>;
    /** The CA certificate that clients verify the served certificate against. */
    readonly caCertPem: pulumi.Output<string | undefined>;
    /** For MUTUAL and OPTIONAL_MUTUAL: the client CA bundle stored as `ca.crt`. */
    readonly clientCaPem: pulumi.Output<string | undefined>;
    /** SHA-256 fingerprint of the server certificate. */
    readonly fingerprintSha256: pulumi.Output<string>;
    /** End of the server certificate's validity, ISO 8601. */
    readonly notAfter: pulumi.Output<string>;

    constructor(name: string, args: GatewayCredentialArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-gateway-tls:pki:GatewayCredential", name, {}, opts);
        const { certPem, keyPem, caCertPem, issued } = certificateAndKey(name, args.source, this);
        this.privateKey = issued?.privateKey;
        this.certRequest = issued?.certRequest;
        this.certificate = issued?.certificate;
        this.certPem = certPem;
        this.caCertPem = caCertPem;
        // A new name (rotation) is created before the old secret is deleted; new data under the same name
        // (renewal) is an in-place update when the provider has enableSecretMutable, as index.ts sets.
        const secretArgs = {
            metadata: {
                name: args.secretName,
                namespace: args.namespace,
                labels: MANAGED_LABELS,
                annotations: stackAnnotation(),
            },
            type: "kubernetes.io/tls",
            stringData: {
                "tls.crt": certPem,
                "tls.key": keyPem,
                ...(args.clientCaPem !== undefined && { "ca.crt": args.clientCaPem }),
            },
        };
        this.secrets = onEachPlane(
            args.planes,
            (suffix, provider) => new Secret(`${name}-secret${suffix}`, secretArgs, { parent: this, provider }),
        );
        const all = Object.values(this.secrets);
        this.secret = all[0];
        // The name, carrying every plane's Secret as a dependency: every new Secret exists before any Gateway switches.
        this.credentialName = pulumi.all(all.map((secret) => secret.metadata.name)).apply((names) => names[0]);
        this.clientCaPem = pulumi.output(args.clientCaPem);
        const facts = certPem.apply(certificateFacts);
        this.fingerprintSha256 = facts.fingerprintSha256;
        this.notAfter = facts.notAfter;
        this.registerOutputs({
            credentialName: this.credentialName,
            fingerprintSha256: this.fingerprintSha256,
            notAfter: this.notAfter,
        });
    }
}
