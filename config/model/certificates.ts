// A gateway credential: where its certificate comes from (issued here, existing PEMs, external, or
// cert-manager: certManager.ts), its key, and the server TLS settings the Gateway gives it.

import { ECDSA_CURVES, KEY_ALGORITHMS, RSA_BITS } from "../../domain/keys";
import { certManager } from "./certManager";
import { DAYS, boolean, enumeration, list, number, object, string, stringOrNumber } from "./fields";

export const KEY_ALGORITHM = enumeration({
    name: "KeyAlgorithm",
    doc: "Key algorithms accepted by @pulumi/tls, in its own spelling.",
    noun: "supported key algorithm",
    values: KEY_ALGORITHMS,
});
export const RSA_KEY_SIZE = enumeration({
    doc: "RSA sizes we issue: 2048 is the floor browsers and Istio accept.",
    noun: "supported RSA key size",
    values: RSA_BITS,
});
export const ECDSA_CURVE = enumeration({
    name: "EcdsaCurve",
    doc: "ECDSA curves we issue. @pulumi/tls defaults to P224, which we never want.",
    noun: "supported curve",
    values: ECDSA_CURVES,
});
export const TLS_MODE = enumeration({
    name: "TlsMode",
    doc: "Server TLS modes for a credential the gateway holds (Istio ServerTLSSettings.TLSmode).",
    noun: "TLS mode this tool manages",
    values: ["SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL"],
});
export const TLS_VERSION = enumeration({
    name: "TlsVersion",
    doc: "TLS protocol versions as Istio spells them; below TLSV1_2 is refused here and by the policy pack.",
    noun: "TLS version Istio knows",
    values: ["TLS_AUTO", "TLSV1_0", "TLSV1_1", "TLSV1_2", "TLSV1_3"],
});

/** Cipher suites Istio accepts in Gateway tls.cipherSuites (istio/istio pkg/config/security ValidCipherSuites). */
export const ISTIO_CIPHER_SUITES = [
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-RSA-CHACHA20-POLY1305",
    "ECDHE-ECDSA-AES128-SHA",
    "ECDHE-RSA-AES128-SHA",
    "ECDHE-ECDSA-AES256-SHA",
    "ECDHE-RSA-AES256-SHA",
    "AES128-GCM-SHA256",
    "AES256-GCM-SHA384",
    "AES128-SHA",
    "AES256-SHA",
    "DES-CBC3-SHA",
] as const;
const CIPHER_SUITE = enumeration({
    doc: "Cipher suites Istio accepts in Gateway tls.cipherSuites.",
    noun: "cipher suite Istio accepts",
    values: ISTIO_CIPHER_SUITES,
});
export const subject = object(
    {
        commonName: string({ doc: "Subject CN." }),
        organization: string({ doc: "Subject O." }),
    },
    {
        name: "SubjectConfig",
        doc: "Distinguished-name fields of a certificate subject. Unset fields stay unset; the CN defaults to the first host.",
        tags: ["issuance"],
    },
);

const ca = object(
    {
        commonName: string({ doc: "CA subject CN. Unset: the certificate's common name." }),
        organization: string({ doc: "CA subject O. Unset: the certificate's organization." }),
        validityDays: number({ doc: "CA lifetime in days.", default: 3650, ...DAYS }),
    },
    {
        name: "CaConfig",
        doc: "The self-signed root CA that signs this certificate.",
        filled: true,
        tags: ["issuance"],
    },
);

export const existing = object(
    {
        certPem: string({
            doc: "The server certificate in PEM, optionally followed by its intermediates.",
            example: (at: string) => `pulumi config set --secret --path '${at}.certPem' < server.crt`,
            input: true,
        }),
        keyPem: string({
            doc: "The private key of the certificate in PEM.",
            example: (at: string) => `pulumi config set --secret --path '${at}.keyPem' < server.key`,
            input: true,
        }),
        caCertPem: string({
            doc: "The CA certificate clients verify against (published in outputs). Unset: the last certificate of certPem's chain.",
            input: true,
        }),
    },
    {
        name: "ExistingCertificateConfig",
        doc: "Bring your own certificate instead of issuing one (e.g. from a public CA); set these as Pulumi secret config.",
        required: ["certPem", "keyPem"],
    },
);

export const clientCa = object(
    {
        generate: boolean({ doc: "Generate the client CA in the stack." }),
        certPem: string({ doc: "A PEM bundle of client CA certificates, instead of generating one." }),
        commonName: string({ doc: "With generate: CN of the client CA. Unset: `<name> client CA`." }),
        validityDays: number({ doc: "With generate: lifetime of the client CA in days.", default: 3650, ...DAYS }),
        sampleClient: boolean({
            doc: "With generate: also issue a sample client certificate, published as the secret output `sampleClients`.",
            default: false,
        }),
    },
    {
        name: "ClientCaConfig",
        doc:
            "The CA client certificates must chain to, for MUTUAL and OPTIONAL_MUTUAL (stored in the secret as " +
            "`ca.crt`): generated in the stack (`generate: true`), or supplied as PEM (`certPem`).",
    },
);

export const certificate = object(
    {
        name: string({
            doc: "Secret name, which is also the Gateway's `credentialName`. Must not start with `istio` or `prometheus` (ASM).",
            example: (at: string) => `pulumi config set --path '${at}.name' my-credential`,
        }),
        hosts: list(string({ doc: "A host: `a.example.com`, or `*.example.com` for one label." }), {
            doc: "SNI hosts this credential serves on the gateway, and the DNS SANs it carries. `*.example.com` covers one label.",
            example: (at: string) => `pulumi config set --path '${at}.hosts[0]' '*.example.com'`,
        }),
        subject,
        ca,
        validityDays: number({
            doc: "Server certificate lifetime in days.",
            default: 365,
            tags: ["issuance"],
            ...DAYS,
        }),
        keyAlgorithm: string({
            doc: "Private key algorithm.",
            values: KEY_ALGORITHM,
            default: "RSA",
            tags: ["issuance"],
        }),
        rsaBits: number({ doc: "RSA key size.", values: RSA_KEY_SIZE, default: 2048, tags: ["issuance"] }),
        ecdsaCurve: string({ doc: "ECDSA curve.", values: ECDSA_CURVE, default: "P256", tags: ["issuance"] }),
        rotation: stringOrNumber({
            doc:
                "Change this (any string or number, e.g. `2026-11`) to rotate: a new key and certificate go into a " +
                "new secret `<name>-<rotation>`, the Gateway switches to it, and only then is the old secret deleted.",
        }),
        renewBeforeDays: number({
            doc: "Re-issue (generated) or refuse to deploy (existing) a certificate this many days before it expires.",
            default: 30,
            ...DAYS,
            min: 0,
        }),
        existing,
        certManager,
        mode: string({
            doc: "`SIMPLE`, `MUTUAL` (clients must present a certificate) or `OPTIONAL_MUTUAL`.",
            values: TLS_MODE,
            default: "SIMPLE",
        }),
        clientCa,
        subjectAltNames: list(string({ doc: "A client certificate SAN." }), {
            doc: "Client certificate SANs the gateway accepts; MUTUAL only (Istio's rule).",
            tags: ["istioOnly"],
        }),
        httpsRedirect: boolean({
            doc: "Add a port-80 HTTP server for the same hosts that answers with a redirect to HTTPS.",
            default: false,
        }),
        minProtocolVersion: string({
            doc: "Lowest TLS version: `TLSV1_2` or `TLSV1_3`.",
            values: TLS_VERSION,
            default: "TLSV1_2",
            tags: ["istioOnly"],
        }),
        maxProtocolVersion: string({
            doc: "Highest TLS version; unset lets Istio choose.",
            values: TLS_VERSION,
            tags: ["istioOnly"],
        }),
        cipherSuites: list(string({ doc: "An OpenSSL cipher name.", values: CIPHER_SUITE }), {
            doc: "OpenSSL cipher names, from the list Istio accepts. Unset lets Istio choose.",
            tags: ["istioOnly"],
        }),
        dualStack: boolean({
            doc: "Issue an RSA and an ECDSA certificate for the same hosts, served through `credentialNames` (Istio 1.26+).",
            default: false,
            tags: ["istioOnly"],
        }),
        external: boolean({
            doc:
                "The Secret `name` is managed elsewhere (ASM certificate management, cert-manager, a PKI sync): the " +
                "stack creates no key and no Secret for it and never reads it; the Gateway and routes still use it.",
            default: false,
        }),
        caCertPem: string({
            doc: "With `external`: the CA clients verify the certificate against, published in outputs for curl and `npm run verify`.",
            input: true,
        }),
    },
    {
        name: "CertificateConfig",
        doc: "One gateway credential: a server certificate, its key, and the TLS secret the gateway loads.",
        required: ["name", "hosts"],
    },
);
