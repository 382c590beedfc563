// Rules on each certificate entry: its secret name and rotation, validity, key, and whether a brought one
// can be served; then across entries, that no two make the same secret. TLS settings are in tls.ts.

import { X509Certificate } from "node:crypto";
import { subdomainProblem, toKubernetesName } from "../../../domain/hosts";
import { RESERVED_SECRET_PREFIXES, rotationSuffix, secretNameOf, secretNamesOf } from "../../../domain/secretNames";
import { fieldsTagged, withDefaults } from "../../model/fields";
import { MODELS, type PlainGatewayConfig } from "../../model/stack";
import { isUnreadSecret } from "../../unread";
import { type Problem, configPath, problem } from "../problems";
import type { EffectiveCertificate, Readable, ReadableCertificate } from "../readable";
import { kubernetesName, repeats } from "./common";
import { existingCertificateProblems } from "./existing";
import { hostNameProblems } from "./hosts";
import { serverTlsProblems } from "./tls";

/** Fields that only shape a certificate the stack issues, so they conflict with `existing`. */
const ISSUANCE_FIELDS = fieldsTagged(MODELS.certificate, "issuance");

export function certificateProblems(
    certificates: (ReadableCertificate | undefined)[],
    gateway: Readable<PlainGatewayConfig>,
    now: Date,
): Problem[] {
    const port = withDefaults(MODELS.gateway, gateway).port;
    return [
        ...certificates.flatMap((cert, i) =>
            cert ? entryProblems(cert, configPath("certificates", i), port, now) : [],
        ),
        ...secretCollisions(certificates),
    ];
}

function entryProblems(cert: ReadableCertificate, at: string, gatewayPort: number, now: Date): Problem[] {
    const effective = withDefaults(MODELS.certificate, cert);
    return [
        ...secretNameProblems(configPath(at, "name"), cert.name),
        ...serverTlsProblems(cert, effective, at, gatewayPort),
        ...rotationProblems(cert, at),
        ...(cert.existing === undefined ? [] : existingProblems(cert, at, effective.renewBeforeDays, now)),
        ...externalProblems(cert, at),
        ...validityProblems(cert, effective, at),
        ...(cert.hosts?.length === 0
            ? [
                  problem(
                      configPath(at, "hosts"),
                      "is empty",
                      `list the hosts this credential serves, e.g. pulumi config set --path '${at}.hosts[0]' '*.example.com'`,
                      [],
                  ),
              ]
            : []),
        ...(cert.hosts ?? []).flatMap((host, j) => hostNameProblems(configPath(at, "hosts", j), host)),
    ];
}

/** A DNS-1123 name that ASM accepts for a credential secret. */
export function secretNameProblems(path: string, name: string | undefined): Problem[] {
    if (name === undefined) return [];
    const reserved = RESERVED_SECRET_PREFIXES.find((prefix) => name.startsWith(prefix));
    const rest = reserved && toKubernetesName(name.slice(reserved.length));
    return [
        ...kubernetesName(path, name, subdomainProblem),
        ...(reserved
            ? [
                  problem(
                      path,
                      `starts with "${reserved}", which ASM reserves for its own secrets`,
                      `rename it, e.g. "${rest ? `gw-${rest}` : "gateway-credential"}"`,
                      name,
                  ),
              ]
            : []),
    ];
}

function rotationProblems(cert: ReadableCertificate, at: string): Problem[] {
    if (cert.rotation === undefined) return [];
    const path = configPath(at, "rotation");
    if (rotationSuffix(cert.rotation) === "") {
        return [
            problem(
                path,
                "has no letter or digit to put in the secret name",
                'use a label such as "2026-11"',
                cert.rotation,
            ),
        ];
    }
    if (cert.name === undefined) return [];
    const secretName = secretNameOf({ name: cert.name, rotation: cert.rotation });
    const found = subdomainProblem(secretName);
    return found
        ? [problem(path, `makes the secret name "${secretName}", which ${found}`, "use a shorter label", cert.rotation)]
        : [];
}

function existingProblems(cert: ReadableCertificate, at: string, renewBefore: number, now: Date): Problem[] {
    const conflicts = ISSUANCE_FIELDS.filter((field) => cert[field] !== undefined).map((field) =>
        problem(
            configPath(at, field),
            "has no effect on a certificate brought with `existing`",
            `remove ${field}, or remove existing to have the stack issue the certificate`,
            cert[field],
        ),
    );
    const { certPem, keyPem, caCertPem } = cert.existing!;
    // Content checks need the PEM itself: a value missing here, or a secret not readable offline, is skipped.
    if (certPem === undefined || keyPem === undefined || [certPem, keyPem, caCertPem].some(isUnreadSecret)) {
        return conflicts;
    }
    const hosts = (cert.hosts ?? []).map((host) => host ?? "");
    const pems = { certPem, keyPem, ...(caCertPem !== undefined && { caCertPem }) };
    return [...conflicts, ...existingCertificateProblems(at, pems, hosts, renewBefore, now)];
}

/**
 * A certificate managed elsewhere (`external`) takes nothing that shapes a key, a certificate or the Secret
 * the stack would make; `caCertPem` is its own, and must be a certificate.
 */
function externalProblems(cert: ReadableCertificate, at: string): Problem[] {
    if (cert.external !== true) {
        return cert.caCertPem === undefined
            ? []
            : [
                  problem(
                      configPath(at, "caCertPem"),
                      "is only read for an external certificate",
                      "remove it (an issued certificate publishes its own CA; a brought one takes existing.caCertPem), or set external: true",
                  ),
              ];
    }
    const why = "the stack makes no key, certificate or Secret for an external certificate";
    const conflicting = [...ISSUANCE_FIELDS, "existing", "rotation", "dualStack", "clientCa"] as const;
    const problems = conflicting
        .filter((field) => cert[field] !== undefined && !(field === "dualStack" && cert.dualStack === false))
        .map((field) =>
            problem(
                configPath(at, field),
                `has no effect: ${why}`,
                field === "clientCa"
                    ? "remove clientCa and put the client CA in the external Secret as ca.crt"
                    : field === "rotation"
                      ? "remove rotation; to rotate, have the Secret's owner write the new certificate"
                      : `remove ${field}, or remove external to have the stack make the Secret`,
                ...(field === "existing" ? [] : [cert[field]]),
            ),
        );
    const caCertPem = cert.caCertPem;
    if (caCertPem !== undefined && !isUnreadSecret(caCertPem)) {
        try {
            new X509Certificate(caCertPem);
        } catch {
            problems.push(
                problem(
                    configPath(at, "caCertPem"),
                    "is not a PEM certificate",
                    `set the CA's certificate: pulumi config set --path '${at}.caCertPem' < ca.crt`,
                ),
            );
        }
    }
    return problems;
}

function validityProblems(cert: ReadableCertificate, effective: EffectiveCertificate, at: string): Problem[] {
    const { validityDays: validity, ca, renewBeforeDays: renewBefore } = effective;
    const caValidity = ca.validityDays;
    return [
        ...(cert.existing === undefined && renewBefore >= validity && validity > 0
            ? [
                  problem(
                      configPath(at, "renewBeforeDays"),
                      `is not shorter than validityDays (${validity}), so the certificate would be re-issued on every run`,
                      `lower renewBeforeDays below ${validity}, or raise validityDays above ${renewBefore}`,
                      renewBefore,
                  ),
              ]
            : []),
        ...(caValidity < validity
            ? [
                  problem(
                      configPath(at, "ca", "validityDays"),
                      `is shorter than the certificate's validityDays (${validity}); the chain would stop verifying when the CA expires`,
                      `set ca.validityDays to at least ${validity}, or lower validityDays`,
                      caValidity,
                  ),
              ]
            : []),
    ];
}

/** No two certificates share a name or a secret (name, rotation and dualStack make the secrets). */
function secretCollisions(certificates: (ReadableCertificate | undefined)[]): Problem[] {
    const sameName = repeats(
        certificates.map((c) => c?.name),
        (i, j, name) =>
            problem(
                configPath("certificates", j, "name"),
                `is also the name of certificates[${i}]; each credential needs its own secret`,
                `give one of them another name, e.g. "${name}-2"`,
                name,
            ),
    );
    const owner = new Map<string, number>();
    const sameSecret = certificates.flatMap((cert, j) => {
        if (cert?.name === undefined) return [];
        return secretNamesOf(withDefaults(MODELS.certificate, { ...cert, name: cert.name })).flatMap((secret) => {
            const i = owner.get(secret);
            if (i === undefined) owner.set(secret, j);
            if (i === undefined || i === j || certificates[i]!.name === cert.name) return [];
            return [
                problem(
                    configPath("certificates", j),
                    `resolves to the secret "${secret}", as certificates[${i}] does (name, rotation and dualStack)`,
                    "change the name or the rotation of one of them",
                    secret,
                ),
            ];
        });
    });
    return [...sameName, ...sameSecret];
}
