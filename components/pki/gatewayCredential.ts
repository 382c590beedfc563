import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { ResolvedCertificate } from "../../stacks/schema";
import { CertificateAuthority } from "./certificateAuthority";
import { HOURS_PER_DAY, PRIVATE_KEY_SECRET_OUTPUTS, privateKeyArgs, serverCertificateUses } from "./keys";
import { certificateFacts } from "./x509";

export interface GatewayCredentialArgs {
    /** The resolved certificate entry: secret name, hosts, SANs, subject, validity and key settings. */
    certificate: ResolvedCertificate;
    /** The CA that signs the server certificate. */
    authority: CertificateAuthority;
    /** Namespace of the gateway workload, where istiod looks up `credentialName`. */
    namespace: string;
}

export const MANAGED_LABELS = {
    "app.kubernetes.io/managed-by": "pulumi",
    "app.kubernetes.io/part-of": "istio-gateway-tls",
};

/** A server key and certificate signed by the CA, stored as the `kubernetes.io/tls` secret the gateway loads over SDS. */
export class GatewayCredential extends pulumi.ComponentResource {
    /** The server's private key (secret). */
    readonly privateKey: tls.PrivateKey;
    /** The certificate signing request, with the hosts as DNS SANs. */
    readonly certRequest: tls.CertRequest;
    /** The server certificate, signed by the CA. */
    readonly certificate: tls.LocallySignedCert;
    /** The TLS secret in the gateway workload's namespace. */
    readonly secret: k8s.core.v1.Secret;
    /** The secret's name as the Gateway must reference it; an output, so the Gateway waits for the secret. */
    readonly credentialName: pulumi.Output<string>;
    /** SHA-256 fingerprint of the server certificate. */
    readonly fingerprintSha256: pulumi.Output<string>;
    /** End of the server certificate's validity, ISO 8601. */
    readonly notAfter: pulumi.Output<string>;

    constructor(name: string, args: GatewayCredentialArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-gateway-tls:pki:GatewayCredential", name, {}, opts);
        const cert = args.certificate;
        this.privateKey = new tls.PrivateKey(`${name}-key`, privateKeyArgs(cert), {
            parent: this,
            additionalSecretOutputs: PRIVATE_KEY_SECRET_OUTPUTS,
        });
        this.certRequest = new tls.CertRequest(
            `${name}-csr`,
            { privateKeyPem: this.privateKey.privateKeyPem, subject: cert.subject, dnsNames: cert.dnsNames },
            { parent: this },
        );
        this.certificate = new tls.LocallySignedCert(
            `${name}-cert`,
            {
                certRequestPem: this.certRequest.certRequestPem,
                caPrivateKeyPem: args.authority.privateKey.privateKeyPem,
                caCertPem: args.authority.certPem,
                validityPeriodHours: cert.validityDays * HOURS_PER_DAY,
                allowedUses: serverCertificateUses(cert.keyAlgorithm),
            },
            { parent: this },
        );
        this.secret = new k8s.core.v1.Secret(
            `${name}-secret`,
            {
                metadata: { name: cert.secretName, namespace: args.namespace, labels: MANAGED_LABELS },
                type: "kubernetes.io/tls",
                stringData: {
                    "tls.crt": this.certificate.certPem,
                    "tls.key": pulumi.secret(this.privateKey.privateKeyPem),
                },
            },
            { parent: this },
        );
        this.credentialName = this.secret.metadata.name;
        const facts = this.certificate.certPem.apply(certificateFacts);
        this.fingerprintSha256 = facts.fingerprintSha256;
        this.notAfter = facts.notAfter;
        this.registerOutputs({
            credentialName: this.credentialName,
            fingerprintSha256: this.fingerprintSha256,
            notAfter: this.notAfter,
        });
    }
}
