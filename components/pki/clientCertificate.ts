import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { CertificateAuthority } from "./certificateAuthority";
import { HOURS_PER_DAY, PRIVATE_KEY_SECRET_OUTPUTS } from "./keys";

export interface ClientCertificateArgs {
    /** The client CA that signs it (the one in the credential's `ca.crt`). */
    authority: CertificateAuthority;
    /** Subject CN of the client certificate. */
    commonName: string;
    /** Lifetime in days. */
    validityDays: number;
}

/** A sample client certificate for mutual TLS, so that a person can test with `curl --cert/--key`. */
export class ClientCertificate extends pulumi.ComponentResource {
    readonly privateKey: tls.PrivateKey;
    readonly certificate: tls.LocallySignedCert;
    /** The client certificate in PEM. */
    readonly certPem: pulumi.Output<string>;
    /** The client's private key in PEM (secret). */
    readonly keyPem: pulumi.Output<string>;

    constructor(name: string, args: ClientCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-gateway-tls:pki:ClientCertificate", name, {}, opts);
        this.privateKey = new tls.PrivateKey(`${name}-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, {
            parent: this,
            additionalSecretOutputs: PRIVATE_KEY_SECRET_OUTPUTS,
        });
        const request = new tls.CertRequest(
            `${name}-csr`,
            { privateKeyPem: this.privateKey.privateKeyPem, subject: { commonName: args.commonName } },
            { parent: this },
        );
        this.certificate = new tls.LocallySignedCert(
            `${name}-cert`,
            {
                certRequestPem: request.certRequestPem,
                caPrivateKeyPem: args.authority.privateKey.privateKeyPem,
                caCertPem: args.authority.certPem,
                validityPeriodHours: args.validityDays * HOURS_PER_DAY,
                allowedUses: ["digital_signature", "client_auth"],
            },
            { parent: this },
        );
        this.certPem = this.certificate.certPem;
        this.keyPem = pulumi.secret(this.privateKey.privateKeyPem);
        this.registerOutputs({ certPem: this.certPem });
    }
}
