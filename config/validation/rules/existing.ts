// Whether a brought certificate and key can be served for their hosts, with Node's own X.509 and key
// parsers. Messages never quote key material; certificates are described by subject and dates, not by PEM.

import { type KeyObject, X509Certificate, createPrivateKey } from "node:crypto";
import { hostCovers } from "../../../domain/hosts";
import { dnsSans, splitPemChain } from "../../../domain/pem";
import { daysRemaining } from "../../../domain/renewal";
import type { Problem } from "../problems";

export interface ExistingInput {
    certPem: string;
    keyPem: string;
    caCertPem?: string;
}

/** Everything wrong with a brought certificate for these hosts at `now`; empty when it can be served. */
export function existingCertificateProblems(
    certificatePath: string,
    existing: ExistingInput,
    hosts: string[],
    renewBeforeDays: number,
    now: Date,
): Problem[] {
    const at = `${certificatePath}.existing`;
    const problems: Problem[] = [];
    const chain = splitPemChain(existing.certPem);
    let leaf: X509Certificate | undefined;
    try {
        leaf = new X509Certificate(chain[0] ?? existing.certPem);
    } catch (error) {
        problems.push({
            path: `${at}.certPem`,
            message: `is not a PEM certificate (${(error as Error).message})`,
            fix: `set the file's content: pulumi config set --secret --path '${at}.certPem' < server.crt`,
        });
    }
    let key: KeyObject | undefined;
    try {
        key = createPrivateKey(existing.keyPem);
    } catch {
        problems.push({
            path: `${at}.keyPem`,
            message: "is not a PEM private key",
            fix: `set the file's content: pulumi config set --secret --path '${at}.keyPem' < server.key`,
        });
    }
    if (!leaf) return problems;
    const described = `"${leaf.subject.replace(/\n/g, ", ")}", valid to ${new Date(leaf.validTo).toISOString()}`;

    if (key && !leaf.checkPrivateKey(key)) {
        problems.push({
            path: `${at}.keyPem`,
            message: `does not match the certificate ${described}`,
            fix: "set the key the certificate was issued for",
        });
    }
    const left = daysRemaining(leaf.validTo, now);
    if (left < 0) {
        problems.push({
            path: `${at}.certPem`,
            message: `has expired: ${described}`,
            fix: "set a renewed certificate and its key",
        });
    } else if (left < renewBeforeDays) {
        problems.push({
            path: `${at}.certPem`,
            message: `expires in ${left} days, within renewBeforeDays (${renewBeforeDays}): ${described}`,
            fix: "set a renewed certificate and its key, or lower renewBeforeDays",
        });
    }
    const sans = dnsSans(leaf);
    hosts.forEach((host, j) => {
        if (!sans.some((san) => hostCovers(san, host))) {
            problems.push({
                path: `${certificatePath}.hosts[${j}]`,
                value: host,
                message: `is not among the certificate's SANs (${sans.join(", ") || "none"})`,
                fix: "serve only hosts the certificate names, or bring one that names this host",
            });
        }
    });
    if (existing.caCertPem !== undefined) {
        try {
            const ca = new X509Certificate(existing.caCertPem);
            const issuer = chain.length > 1 ? new X509Certificate(chain[chain.length - 1]) : leaf;
            if (!issuer.checkIssued(ca) && issuer.fingerprint256 !== ca.fingerprint256) {
                problems.push({
                    path: `${at}.caCertPem`,
                    message: `did not issue the certificate chain (${described})`,
                    fix: "set the CA that issued the chain's last certificate",
                });
            }
        } catch {
            problems.push({
                path: `${at}.caCertPem`,
                message: "is not a PEM certificate",
                fix: "set the CA certificate's PEM",
            });
        }
    }
    return problems;
}
