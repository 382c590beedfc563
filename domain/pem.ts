// PEM bundles, read with Node's own X.509 parser: their blocks, their DNS names, and whether a bundle holds
// only CA certificates.

import { X509Certificate } from "node:crypto";

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The PEM blocks of a certificate bundle, leaf first. */
export function splitPemChain(bundle: string): string[] {
    return bundle.match(PEM_CERTIFICATE) ?? [];
}

/** DNS names of the certificate's subjectAltName extension. */
export function dnsSans(certificate: X509Certificate): string[] {
    return (certificate.subjectAltName ?? "")
        .split(/,\s*/)
        .filter((entry) => entry.startsWith("DNS:"))
        .map((entry) => entry.slice(4).toLowerCase());
}

/** Why a supplied client CA bundle is unusable, or undefined. */
export function clientCaProblem(certPem: string): string | undefined {
    const blocks = splitPemChain(certPem);
    if (blocks.length === 0) return "holds no PEM certificate";
    for (const block of blocks) {
        try {
            if (!new X509Certificate(block).ca)
                return "holds a certificate that is not a CA (no basicConstraints CA:TRUE)";
        } catch (error) {
            return `holds a certificate that does not parse (${(error as Error).message})`;
        }
    }
    return undefined;
}
