// Rules on hosts: each is a name TLS clients and Istio accept, each certificate host is served by one
// credential only, and each route's host is covered by exactly one certificate.

import { coveringCandidates, hostCovers, hostProblem } from "../../../domain/hosts";
import { type Problem, configPath, problem } from "../problems";
import type { Readable, ReadableCertificate } from "../readable";
import type { PlainRouteConfig } from "../../model/stack";

/** A host problem with a concrete fix: the corrected host where one can be derived. */
export function hostNameProblems(path: string, host: string | undefined): Problem[] {
    const found = host === undefined ? undefined : hostProblem(host);
    if (host === undefined || !found) return [];
    const corrected = host.trim().toLowerCase().replace(/\.+$/, "");
    const fix =
        corrected !== host && corrected !== "" && hostProblem(corrected) === undefined
            ? `use "${corrected}"${host.endsWith(".") ? " (drop the trailing dot)" : ""}`
            : 'use a lowercase DNS name such as "a.example.com", optionally with "*." as its whole first label';
    return [problem(path, found, fix, host)];
}

/**
 * Certificate host -> indices of the certificates that list it, and the problems of hosts listed twice or
 * by two certificates (the gateway's SNI choice would be ambiguous).
 */
export function hostOwnership(certificates: (ReadableCertificate | undefined)[]) {
    const owners = new Map<string, number[]>();
    const problems: Problem[] = [];
    certificates.forEach((cert, i) => {
        const seen = new Set<string>();
        cert?.hosts?.forEach((host, j) => {
            if (host === undefined || hostProblem(host)) return;
            const path = configPath("certificates", i, "hosts", j);
            if (seen.has(host)) {
                problems.push(problem(path, "is listed twice in this certificate", `remove ${path}`, host));
                return;
            }
            seen.add(host);
            const listed = owners.get(host);
            if (!listed) {
                owners.set(host, [i]);
                return;
            }
            problems.push(
                problem(
                    path,
                    `is also a host of certificates[${listed[0]}] ("${certificates[listed[0]]!.name}")`,
                    `serve each host from one certificate: remove ${path}`,
                    host,
                ),
            );
            listed.push(i);
        });
    });
    return { owners, problems };
}

/**
 * Each route's host is covered by exactly one certificate. Checked only when every certificate host could
 * be read, since a broken one may be the one meant to cover a route.
 */
export function coverageProblems(
    routes: (Readable<PlainRouteConfig> | undefined)[],
    certificates: (ReadableCertificate | undefined)[] | undefined,
    owners: Map<string, number[]>,
): Problem[] {
    if (certificates === undefined || !hostsKnown(certificates)) return [];
    return routes.flatMap((route, i) => {
        if (route?.host === undefined || hostProblem(route.host)) return [];
        const path = configPath("routes", i, "host");
        const covering = coveringCertificates(route.host, owners);
        if (covering.length === 0) {
            const names = certificates
                .flatMap((cert) => (cert?.name ? [`${cert.name} (${(cert.hosts ?? []).join(", ")})`] : []))
                .join("; ");
            return [
                problem(
                    path,
                    `is covered by no certificate, so clients could not verify it${names ? `; certificates: ${names}` : ""}`,
                    `add "${route.host}" (or "*${route.host.slice(route.host.indexOf("."))}") to a certificate's hosts, or fix the route's host`,
                    route.host,
                ),
            ];
        }
        if (covering.length === 1) return [];
        const names = covering.map((c) => `"${certificates[c]!.name}"`).join(" and ");
        return [
            problem(
                path,
                `is covered by ${names}, so the gateway's SNI choice is ambiguous`,
                "keep the host in one certificate only",
                route.host,
            ),
        ];
    });
}

/** Indices of the certificates whose hosts cover `host`, from an index of certificate host -> certificates. */
function coveringCertificates(host: string, owners: Map<string, number[]>): number[] {
    const found = new Set<number>();
    for (const candidate of coveringCandidates(host)) {
        if (hostCovers(candidate, host)) for (const i of owners.get(candidate) ?? []) found.add(i);
    }
    return [...found].sort((a, b) => a - b);
}

/** Whether every certificate host could be read, so that a missing coverage is a real one, not an echo of a broken entry. */
export function hostsKnown(certificates: (ReadableCertificate | undefined)[] | undefined): boolean {
    return (
        certificates?.every(
            (cert) => cert?.hosts?.every((host) => host !== undefined && hostProblem(host) === undefined) === true,
        ) === true
    );
}
