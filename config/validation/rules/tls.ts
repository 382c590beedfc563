// Rules on a certificate's server TLS settings, as Istio's Gateway validation would apply them: mode and
// client CA, protocol versions, cipher suites, client SANs, dualStack and the HTTP redirect.

import { clientCaProblem } from "../../../domain/pem";
import { isUnreadSecret } from "../../unread";
import { type Problem, configPath, problem } from "../problems";
import type { EffectiveCertificate, ReadableCertificate } from "../readable";

const MUTUAL_MODES: readonly string[] = ["MUTUAL", "OPTIONAL_MUTUAL"];
const VERSION_RANK: Record<string, number> = { TLSV1_0: 0, TLSV1_1: 1, TLSV1_2: 2, TLSV1_3: 3 };

export function serverTlsProblems(
    cert: ReadableCertificate,
    effective: EffectiveCertificate,
    at: string,
    gatewayPort: number,
): Problem[] {
    const mutual = cert.mode !== undefined && MUTUAL_MODES.includes(cert.mode);
    const when = (condition: unknown, ...problems: Problem[]) => (condition ? problems : []);
    return [
        ...clientCaProblems(cert, at, mutual),
        ...when(
            cert.subjectAltNames !== undefined && cert.mode !== "MUTUAL",
            problem(
                configPath(at, "subjectAltNames"),
                "is allowed only with mode MUTUAL (Istio's rule)",
                "set mode: MUTUAL, or remove subjectAltNames",
                cert.subjectAltNames,
            ),
        ),
        ...protocolVersionProblems(cert, effective, at),
        ...when(
            cert.dualStack && cert.existing !== undefined,
            problem(
                configPath(at, "dualStack"),
                "needs two issued certificates, but this one is brought with existing",
                "remove dualStack, or remove existing",
                true,
            ),
        ),
        ...when(
            cert.httpsRedirect && gatewayPort === 80,
            problem(
                configPath(at, "httpsRedirect"),
                "adds an HTTP server on port 80, which gateway.port already uses for HTTPS",
                "use another gateway.port, or remove httpsRedirect",
                true,
            ),
        ),
    ];
}

function clientCaProblems(cert: ReadableCertificate, at: string, mutual: boolean): Problem[] {
    const clientCa = cert.clientCa;
    const path = configPath(at, "clientCa");
    // An external Secret carries its own ca.crt; a clientCa beside it is refused with the external rules.
    if (cert.external === true) return [];
    // With certManager, mutual modes are refused with its rules.
    if (cert.certManager !== undefined) return [];
    if (clientCa === undefined) {
        if (!mutual) return [];
        return [
            problem(
                path,
                `is required with mode ${cert.mode}: the gateway needs a CA to check client certificates against`,
                `set clientCa.generate: true, or clientCa.certPem: pulumi config set --path '${path}.generate' true`,
            ),
        ];
    }
    const problems: Problem[] = [];
    if (!mutual)
        problems.push(
            problem(path, "has no effect unless mode is MUTUAL or OPTIONAL_MUTUAL", "set mode, or remove clientCa"),
        );
    if ((clientCa.generate === true) === (clientCa.certPem !== undefined)) {
        problems.push(problem(path, "needs exactly one of generate: true and certPem", "keep one of them", clientCa));
    }
    const bundle = clientCa.certPem;
    const found = bundle === undefined || isUnreadSecret(bundle) ? undefined : clientCaProblem(bundle);
    if (found) {
        problems.push(
            problem(
                configPath(path, "certPem"),
                found,
                `set the CA's PEM: pulumi config set --path '${path}.certPem' < client-ca.crt`,
            ),
        );
    }
    for (const field of ["sampleClient", "commonName", "validityDays"] as const) {
        if (clientCa[field] !== undefined && clientCa.generate !== true) {
            problems.push(
                problem(
                    configPath(path, field),
                    "applies only to a generated client CA",
                    "remove it, or set clientCa.generate: true",
                    clientCa[field],
                ),
            );
        }
    }
    return problems;
}

function protocolVersionProblems(cert: ReadableCertificate, effective: EffectiveCertificate, at: string): Problem[] {
    const problems = (["minProtocolVersion", "maxProtocolVersion"] as const).flatMap((field) => {
        const version = cert[field];
        if (version === undefined) return [];
        if ((VERSION_RANK[version] ?? 3) >= VERSION_RANK.TLSV1_2) return [];
        return [
            problem(
                configPath(at, field),
                "is below TLS 1.2, which this tool (and its policy pack) never allows",
                "use TLSV1_2 or TLSV1_3",
                version,
            ),
        ];
    });
    const { minProtocolVersion: min, maxProtocolVersion: max } = effective;
    const below =
        max !== undefined &&
        VERSION_RANK[max] !== undefined &&
        VERSION_RANK[min] !== undefined &&
        VERSION_RANK[max] < VERSION_RANK[min];
    if (below)
        problems.push(
            problem(
                configPath(at, "maxProtocolVersion"),
                `is below minProtocolVersion (${min})`,
                `raise it to at least ${min}`,
                max,
            ),
        );
    return problems;
}
