// The chain every leaf certificate here is made of: a private key, a request with its subject and SANs, and
// a certificate signed by a CertificateAuthority. Server credentials and sample client certificates share it.

import type * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { PlainSubjectConfig } from "../../config/model/stack";
import type { CertificateAuthority } from "./certificateAuthority";
import { HOURS_PER_DAY, type KeySettings, PRIVATE_KEY_SECRET_OUTPUTS, privateKeyArgs } from "./keys";

export interface SignedCertificateArgs {
    /** Algorithm and size of the leaf's private key. */
    key: KeySettings;
    /** Subject of the request. */
    subject: PlainSubjectConfig;
    /** DNS SANs, if any. */
    dnsNames?: string[];
    /** The CA that signs the certificate. */
    authority: CertificateAuthority;
    /** Lifetime in days. */
    validityDays: number;
    /** Key usages, in @pulumi/tls's snake_case. */
    allowedUses: string[];
    /** A new value issues a new key (and so a new request and certificate). */
    replacementTrigger?: pulumi.Input<string>;
}

export interface SignedCertificate {
    privateKey: tls.PrivateKey;
    certRequest: tls.CertRequest;
    certificate: tls.LocallySignedCert;
}

/** Registers `<name>-key`, `<name>-csr` and `<name>-cert` under `parent`. */
export function issueSignedCertificate(
    name: string,
    args: SignedCertificateArgs,
    parent: pulumi.Resource,
): SignedCertificate {
    const privateKey = new tls.PrivateKey(`${name}-key`, privateKeyArgs(args.key), {
        parent,
        additionalSecretOutputs: PRIVATE_KEY_SECRET_OUTPUTS,
        ...(args.replacementTrigger !== undefined && { replacementTrigger: args.replacementTrigger }),
    });
    const certRequest = new tls.CertRequest(
        `${name}-csr`,
        {
            privateKeyPem: privateKey.privateKeyPem,
            subject: args.subject,
            ...(args.dnsNames && { dnsNames: args.dnsNames }),
        },
        { parent },
    );
    const certificate = new tls.LocallySignedCert(
        `${name}-cert`,
        {
            certRequestPem: certRequest.certRequestPem,
            caPrivateKeyPem: args.authority.privateKey.privateKeyPem,
            caCertPem: args.authority.certPem,
            validityPeriodHours: args.validityDays * HOURS_PER_DAY,
            allowedUses: args.allowedUses,
        },
        { parent },
    );
    return { privateKey, certRequest, certificate };
}
