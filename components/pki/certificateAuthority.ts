import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { PlainSubjectConfig } from "../../config/model/stack";
import { CA_USES, HOURS_PER_DAY, type KeySettings, PRIVATE_KEY_SECRET_OUTPUTS, privateKeyArgs } from "./keys";

export interface CertificateAuthorityArgs {
    /** Subject of the CA certificate; every field set here is set explicitly, to keep diffs stable. */
    subject: PlainSubjectConfig & { commonName: string };
    /** Lifetime of the CA certificate in days. */
    validityDays: number;
    /** Algorithm and size of the CA's private key. */
    key: KeySettings;
    /** Changes when the CA certificate is due for renewal (see domain/renewal.ts); a new value re-issues it. */
    renewalTrigger: string;
}

/** A self-signed root CA: its private key and its certificate. */
export class CertificateAuthority extends pulumi.ComponentResource {
    /** The CA's private key (secret). */
    readonly privateKey: tls.PrivateKey;
    /** The self-signed CA certificate. */
    readonly certificate: tls.SelfSignedCert;
    /** The CA certificate in PEM: public, what clients pass as `--cacert`. */
    readonly certPem: pulumi.Output<string>;

    constructor(name: string, args: CertificateAuthorityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-gateway-tls:pki:CertificateAuthority", name, {}, opts);
        this.privateKey = new tls.PrivateKey(`${name}-ca-key`, privateKeyArgs(args.key), {
            parent: this,
            additionalSecretOutputs: PRIVATE_KEY_SECRET_OUTPUTS,
        });
        this.certificate = new tls.SelfSignedCert(
            `${name}-ca-cert`,
            {
                privateKeyPem: this.privateKey.privateKeyPem,
                subject: args.subject,
                isCaCertificate: true,
                validityPeriodHours: args.validityDays * HOURS_PER_DAY,
                allowedUses: CA_USES,
            },
            { parent: this, replacementTrigger: args.renewalTrigger },
        );
        this.certPem = this.certificate.certPem;
        this.registerOutputs({ certPem: this.certPem });
    }
}
