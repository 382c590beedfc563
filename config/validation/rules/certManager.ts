// Rules on the cert-manager source and the issuers a stack defines: what cert-manager owns is not also set
// here, each certificate names one issuer that exists, and its challenges can succeed (HTTP-01 cannot prove
// a wildcard, nor reach the right cluster's cert-manager when several data planes serve the host). Beside
// httpsRedirect, HTTP-01 works: the gateway serves the challenge path on port 80 and redirects the rest.

import { answersHttp01 } from "../../../domain/acme";
import { ACME_SERVERS, EAB_REQUIRED_HOSTS } from "../../model/certManager";
import { DNS01_PROVIDERS } from "../../model/dns01";
import { configPath, didYouMean, type Problem, problem } from "../problems";
import type { ReadableCertificate, ReadableConfig } from "../readable";
import { repeats } from "./common";

/** What cert-manager owns, or what its Secret cannot carry, so it is refused beside `certManager`. */
const OWNED_BY_CERT_MANAGER = ["ca", "subject", "existing", "external", "caCertPem", "dualStack", "clientCa"] as const;

type ReadableIssuer = NonNullable<NonNullable<ReadableConfig["issuers"]>[number]>;
type ReadableSolver = NonNullable<NonNullable<NonNullable<ReadableIssuer["acme"]>["solvers"]>[number]>;

export function certManagerProblems(config: ReadableConfig): Problem[] {
    const issuers = config.issuers ?? [];
    const certificates = config.certificates ?? [];
    return [
        ...issuers.flatMap((issuer, i) => (issuer ? issuerProblems(issuer, configPath("issuers", i)) : [])),
        ...repeats(
            issuers.map((issuer) => issuer?.name),
            (first, j, name) =>
                problem(
                    configPath("issuers", j, "name"),
                    `repeats issuers[${first}]`,
                    "give each issuer its own name",
                    name,
                ),
        ),
        ...certificates.flatMap((cert, i) =>
            cert?.certManager
                ? certificateProblems(cert, configPath("certificates", i), issuers, (config.dataPlanes ?? []).length)
                : [],
        ),
        ...(config.alerts?.enabled === true && !certificates.some((cert) => cert?.certManager !== undefined)
            ? [
                  problem(
                      "alerts.enabled",
                      "has nothing to watch: the alerts read cert-manager's metrics, and no certificate has certManager",
                      "remove alerts, or give a certificate certManager",
                      true,
                  ),
              ]
            : []),
    ];
}

function certificateProblems(
    cert: ReadableCertificate,
    at: string,
    issuers: (ReadableIssuer | undefined)[],
    dataPlanes: number,
): Problem[] {
    const source = cert.certManager!;
    const here = configPath(at, "certManager");
    const problems: Problem[] = OWNED_BY_CERT_MANAGER.filter(
        (field) => cert[field] !== undefined && !(field === "dualStack" && cert.dualStack === false),
    ).map((field) =>
        problem(
            configPath(at, field),
            "does not apply with certManager: cert-manager issues this certificate and owns its Secret",
            `remove ${field}, or remove certManager`,
        ),
    );
    if (cert.mode === "MUTUAL" || cert.mode === "OPTIONAL_MUTUAL") {
        problems.push(
            problem(
                configPath(at, "mode"),
                "needs the client CA in the credential's Secret, which cert-manager owns",
                "use mode SIMPLE with certManager, or another source for mutual TLS",
                cert.mode,
            ),
        );
    }
    if ((source.issuer === undefined) === (source.issuerRef === undefined)) {
        problems.push(
            problem(
                here,
                "needs exactly one of issuer (an entry of issuers) and issuerRef (an issuer made elsewhere)",
                `set one, e.g. pulumi config set --path '${here}.issuerRef.name' letsencrypt`,
            ),
        );
    }
    if (source.issuer === undefined) return problems;
    const names = issuers.flatMap((issuer) => (issuer?.name === undefined ? [] : [issuer.name]));
    const issuer = issuers.find((entry) => entry?.name === source.issuer);
    if (issuer === undefined) {
        const guess = didYouMean(source.issuer, names);
        problems.push(
            problem(
                configPath(here, "issuer"),
                "names no entry of issuers",
                guess
                    ? `did you mean "${guess}"?`
                    : names.length > 0
                      ? `use one of ${names.join(", ")}, or define it in issuers`
                      : `define it: pulumi config set --path 'issuers[0].name' ${source.issuer}, with its acme settings; or use issuerRef for an issuer made elsewhere`,
                source.issuer,
            ),
        );
        return problems;
    }
    return [...problems, ...challengeProblems(cert, at, issuer, dataPlanes)];
}

/** HTTP-01 cannot prove a wildcard, nor be answered by the right cluster among several data planes. */
function challengeProblems(
    cert: ReadableCertificate,
    at: string,
    issuer: ReadableIssuer,
    dataPlanes: number,
): Problem[] {
    const solvers = (issuer.acme?.solvers ?? []).filter((s): s is ReadableSolver => s !== undefined);
    return (cert.hosts ?? []).flatMap((host, j) => {
        if (host === undefined || !answersHttp01(host, solvers)) return [];
        if (host.startsWith("*.")) {
            return [
                problem(
                    configPath(at, "hosts", j),
                    `is a wildcard, which only DNS-01 can prove, and issuer ${issuer.name} answers it with HTTP-01`,
                    `add a dns01 solver to issuers' ${issuer.name} for this zone, or list the names instead of the wildcard`,
                    host,
                ),
            ];
        }
        if (dataPlanes > 1) {
            return [
                problem(
                    configPath(at, "hosts", j),
                    `is proven by issuer ${issuer.name} with HTTP-01, but ${dataPlanes} data planes serve it: each cluster's cert-manager answers only through its own gateway, and the CA reaches whichever one DNS gives it`,
                    `add a dns01 solver to issuers' ${issuer.name} for this zone`,
                    host,
                ),
            ];
        }
        return [];
    });
}

function hostOf(url: string): string | undefined {
    try {
        return new URL(url).host;
    } catch {
        return undefined;
    }
}

type ReadableDns01 = NonNullable<ReadableSolver["dns01"]>;

/** Exactly one provider, and each with the credentials it needs (the model checks required fields). */
function dns01Problems(dns01: ReadableDns01, at: string): Problem[] {
    const set = DNS01_PROVIDERS.filter((name) => dns01[name] !== undefined);
    if (set.length !== 1) {
        const why = set.length === 0 ? "names no provider" : `names ${set.length}: ${set.join(", ")}`;
        return [problem(at, `needs exactly one DNS provider, and ${why}`, `keep one of ${DNS01_PROVIDERS.join(", ")}`)];
    }
    const problems: Problem[] = [];
    const { cloudflare, route53, azureDNS } = dns01;
    if (cloudflare !== undefined) {
        const here = configPath(at, "cloudflare");
        if ((cloudflare.apiTokenSecretRef === undefined) === (cloudflare.apiKeySecretRef === undefined)) {
            problems.push(
                problem(
                    here,
                    "needs exactly one of apiTokenSecretRef and apiKeySecretRef",
                    "keep apiTokenSecretRef (an API token), the recommended credential",
                ),
            );
        }
        if (cloudflare.apiKeySecretRef !== undefined && cloudflare.email === undefined) {
            problems.push(
                problem(
                    configPath(here, "email"),
                    "is needed with apiKeySecretRef: a global API key is the account's",
                    `set the account's email, or use apiTokenSecretRef`,
                ),
            );
        }
    }
    if (route53 !== undefined) {
        const here = configPath(at, "route53");
        if (route53.accessKeyID !== undefined && route53.accessKeyIDSecretRef !== undefined) {
            problems.push(problem(here, "has both accessKeyID and accessKeyIDSecretRef", "keep one of them"));
        }
        const keyId = route53.accessKeyID !== undefined || route53.accessKeyIDSecretRef !== undefined;
        if (keyId !== (route53.secretAccessKeySecretRef !== undefined)) {
            problems.push(
                problem(
                    here,
                    keyId
                        ? "has an access key ID but no secretAccessKeySecretRef"
                        : "has secretAccessKeySecretRef but no access key ID",
                    "give both halves of the key pair, or neither for ambient credentials (IRSA, an instance role)",
                ),
            );
        }
    }
    if (azureDNS !== undefined) {
        const principal = [azureDNS.clientID, azureDNS.clientSecretSecretRef, azureDNS.tenantID];
        const given = principal.filter((field) => field !== undefined).length;
        if (given !== 0 && given !== 3) {
            problems.push(
                problem(
                    configPath(at, "azureDNS"),
                    "has part of a service principal",
                    "give clientID, clientSecretSecretRef and tenantID together, or none of them for a managed identity",
                ),
            );
        }
        if (given > 0 && azureDNS.managedIdentity !== undefined) {
            problems.push(
                problem(
                    configPath(at, "azureDNS", "managedIdentity"),
                    "does not go with a service principal",
                    "remove managedIdentity, or clientID, clientSecretSecretRef and tenantID",
                ),
            );
        }
    }
    return problems;
}

function issuerProblems(issuer: ReadableIssuer, at: string): Problem[] {
    const problems: Problem[] = [];
    const server = issuer.acme?.server;
    if (server !== undefined && ACME_SERVERS[server] === undefined && !/^https:\/\/[^/\s]+/.test(server)) {
        problems.push(
            problem(
                configPath(at, "acme", "server"),
                "is not an https URL or a named server: an ACME account's key and orders must not travel in clear",
                `use ${Object.keys(ACME_SERVERS).join(" or ")}, or the server's https:// directory URL`,
                server,
            ),
        );
    }
    (issuer.acme?.solvers ?? []).forEach((solver, k) => {
        if (solver === undefined) return;
        const here = configPath(at, "acme", "solvers", k);
        if ((solver.dns01 === undefined) === (solver.http01 === undefined)) {
            problems.push(problem(here, "needs exactly one of dns01 and http01", "keep one of them"));
        }
        if (solver.dns01 !== undefined) problems.push(...dns01Problems(solver.dns01, configPath(here, "dns01")));
    });
    const host = server === undefined ? undefined : hostOf(ACME_SERVERS[server] ?? server);
    if (host !== undefined && EAB_REQUIRED_HOSTS.includes(host) && issuer.acme?.externalAccountBinding === undefined) {
        problems.push(
            problem(
                configPath(at, "acme", "externalAccountBinding"),
                `is required by ${server}: it refuses ACME accounts not bound to an account of its own`,
                `set keyID and keySecretRef from the CA's EAB credentials, e.g. pulumi config set --path '${configPath(at, "acme", "externalAccountBinding", "keyID")}' <EAB KID>`,
            ),
        );
    }
    if (issuer.acme?.solvers?.length === 0) {
        problems.push(problem(configPath(at, "acme", "solvers"), "is empty", "add a dns01 or http01 solver", []));
    }
    return problems;
}
