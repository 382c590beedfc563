// Public facts read from a PEM certificate with Node's own X.509 parser.

import { X509Certificate } from "node:crypto";

export interface CertificateFacts {
    /** SHA-256 of the DER certificate, colon-separated uppercase hex, as `openssl x509 -fingerprint -sha256` prints it. */
    fingerprintSha256: string;
    /** End of validity, ISO 8601 in UTC. */
    notAfter: string;
}

export function certificateFacts(certPem: string): CertificateFacts {
    const certificate = new X509Certificate(certPem);
    return {
        fingerprintSha256: certificate.fingerprint256,
        notAfter: new Date(certificate.validTo).toISOString(),
    };
}
