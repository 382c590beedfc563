import * as pulumi from "@pulumi/pulumi";
import type * as tls from "@pulumi/tls";
import type { CertificateAuthority } from "./certificateAuthority";
import { issueSignedCertificate } from "./signedCertificate";

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
        const issued = issueSignedCertificate(
            name,
            {
                key: { keyAlgorithm: "ECDSA", rsaBits: 2048, ecdsaCurve: "P256" },
                subject: { commonName: args.commonName },
                authority: args.authority,
                validityDays: args.validityDays,
                allowedUses: ["digital_signature", "client_auth"],
            },
            this,
        );
        this.privateKey = issued.privateKey;
        this.certificate = issued.certificate;
        this.certPem = this.certificate.certPem;
        this.keyPem = pulumi.secret(this.privateKey.privateKeyPem);
        this.registerOutputs({ certPem: this.certPem });
    }
}
