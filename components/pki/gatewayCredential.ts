import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { splitPemChain } from "../../config/existing";
import { ResolvedCertificate } from "../../config/schema";
import { CertificateAuthority } from "./certificateAuthority";
import { serverCertificateUses } from "./keys";
import { issueSignedCertificate } from "./signedCertificate";
import { certificateFacts } from "./x509";

export interface GatewayCredentialArgs {
    /** The resolved certificate entry: secret name, hosts, and how it is issued or brought. */
    certificate: ResolvedCertificate;
    /** The CA that signs the server certificate; required unless the certificate is brought (`existing`). */
    authority?: CertificateAuthority;
    /** Namespace of the gateway workload, where istiod looks up `credentialName`. */
    namespace: string;
    /** Changes when the certificate is rotated or due for renewal; a new value issues a new key and certificate. */
    issuanceTrigger: string;
    /** For MUTUAL and OPTIONAL_MUTUAL: the client CA bundle, stored as `ca.crt`. */
    clientCaPem?: pulumi.Input<string>;
}

/** Labels on every secret this package manages; the policy pack finds them by these. */
export const MANAGED_LABELS = {
    "app.kubernetes.io/managed-by": "pulumi",
    "app.kubernetes.io/part-of": "istio-gateway-tls",
};

/**
 * The `kubernetes.io/tls` secret the gateway loads over SDS, holding either a server key and certificate
 * issued here by the CA, or a certificate and key brought from elsewhere.
 */
export class GatewayCredential extends pulumi.ComponentResource {
    /** The server's private key (secret); absent for a brought certificate. */
    readonly privateKey?: tls.PrivateKey;
    /** The certificate signing request, with the hosts as DNS SANs; absent for a brought certificate. */
    readonly certRequest?: tls.CertRequest;
    /** The server certificate, signed by the CA; absent for a brought certificate. */
    readonly certificate?: tls.LocallySignedCert;
    /** The TLS secret in the gateway workload's namespace. */
    readonly secret: k8s.core.v1.Secret;
    /** The secret's name as the Gateway must reference it; an output, so the Gateway waits for the secret. */
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
        const cert = args.certificate;
        let keyPem: pulumi.Output<string>;
        if (cert.existing) {
            this.certPem = pulumi.output(cert.existing.certPem);
            keyPem = pulumi.secret(cert.existing.keyPem);
            const chain = splitPemChain(cert.existing.certPem);
            this.caCertPem = pulumi.output(cert.existing.caCertPem ?? (chain.length > 1 ? chain[chain.length - 1] : undefined));
        } else {
            if (!cert.issue || !args.authority) throw new Error(`certificate ${cert.name}: an issued certificate needs issue settings and an authority`);
            const issue = cert.issue;
            // The trigger, not deleteBeforeReplace: the old key and certificate outlive the switch.
            const issued = issueSignedCertificate(
                name,
                {
                    key: issue,
                    subject: issue.subject,
                    dnsNames: issue.dnsNames,
                    authority: args.authority,
                    validityDays: issue.validityDays,
                    allowedUses: serverCertificateUses(issue.keyAlgorithm),
                    replacementTrigger: args.issuanceTrigger,
                },
                this,
            );
            this.privateKey = issued.privateKey;
            this.certRequest = issued.certRequest;
            this.certificate = issued.certificate;
            this.certPem = this.certificate.certPem;
            keyPem = pulumi.secret(this.privateKey.privateKeyPem);
            this.caCertPem = args.authority.certPem;
        }
        // A new name (rotation) is created before the old secret is deleted; new data under the same name
        // (renewal) is an in-place update when the provider has enableSecretMutable, as index.ts sets.
        this.secret = new k8s.core.v1.Secret(
            `${name}-secret`,
            {
                metadata: { name: cert.secretName, namespace: args.namespace, labels: MANAGED_LABELS },
                type: "kubernetes.io/tls",
                stringData: {
                    "tls.crt": this.certPem,
                    "tls.key": keyPem,
                    ...(args.clientCaPem !== undefined && { "ca.crt": args.clientCaPem }),
                },
            },
            { parent: this },
        );
        this.credentialName = this.secret.metadata.name;
        this.clientCaPem = pulumi.output(args.clientCaPem);
        const facts = this.certPem.apply(certificateFacts);
        this.fingerprintSha256 = facts.fingerprintSha256;
        this.notAfter = facts.notAfter;
        this.registerOutputs({
            credentialName: this.credentialName,
            fingerprintSha256: this.fingerprintSha256,
            notAfter: this.notAfter,
        });
    }
}
