// Rules of Istio, ASM and TLS on config values whose shape is right, across the whole config: secret names,
// hosts and their coverage, duplicates, ports, validity, keys and server TLS settings. Pure functions.

import { X509Certificate } from "node:crypto";
import {
    DEFAULTS,
    ECDSA_CURVES,
    GATEWAY_APIS,
    ISTIO_CIPHER_SUITES,
    KEY_ALGORITHMS,
    RSA_BITS,
    TLS_MODES,
    TLS_VERSIONS,
    type CertificateConfig,
    type ControlPlaneConfig,
    type GatewayConfig,
    type IngressConfig,
    type ProgramConfig,
    type RouteConfig,
    type SampleAppsConfig,
} from "./schema";
import { type Problem, didYouMean } from "./problems";
import { checkExistingCertificate, splitPemChain } from "./existing";
import { coveringCandidates, hostCovers, hostProblem, labelProblem, subdomainProblem, toKubernetesName } from "./hosts";
import { RESERVED_SECRET_PREFIXES, rotationSuffix, secretNameOf, secretNamesOf } from "./secrets";
import type { Readable } from "./shape";
import { isUnreadSecret } from "./unread";

type ReadableCertificate = Readable<CertificateConfig>;
type ReadableRoute = Readable<RouteConfig>;

function integerInRange(
    path: string,
    value: number | undefined,
    min: number,
    max: number,
    what: string,
    problems: Problem[],
): void {
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
        const near = Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : undefined;
        problems.push({
            path,
            value,
            message: `is not a valid ${what}`,
            fix: `use a whole number from ${min} to ${max}${near !== undefined && near !== value ? `, e.g. ${near}` : ""}`,
        });
    }
}

function checkName(
    path: string,
    value: string | undefined,
    check: (name: string) => string | undefined,
    problems: Problem[],
): void {
    if (value === undefined) return;
    const problem = check(value);
    if (problem)
        problems.push({
            path,
            value,
            message: problem,
            fix: `use a lowercase name such as "${toKubernetesName(value) || "my-name"}"`,
        });
}

function checkSecretName(path: string, name: string | undefined, problems: Problem[]): void {
    if (name === undefined) return;
    checkName(path, name, subdomainProblem, problems);
    const reserved = RESERVED_SECRET_PREFIXES.find((prefix) => name.startsWith(prefix));
    if (reserved) {
        const rest = toKubernetesName(name.slice(reserved.length));
        problems.push({
            path,
            value: name,
            message: `starts with "${reserved}", which ASM reserves for its own secrets`,
            fix: `rename it, e.g. "${rest ? `gw-${rest}` : "gateway-credential"}"`,
        });
    }
}

/** A host problem with a concrete fix: the corrected host where one can be derived. */
function checkHost(path: string, host: string | undefined, problems: Problem[]): void {
    if (host === undefined) return;
    const problem = hostProblem(host);
    if (!problem) return;
    const corrected = host.trim().toLowerCase().replace(/\.+$/, "");
    const fix =
        corrected !== host && corrected !== "" && hostProblem(corrected) === undefined
            ? `use "${corrected}"${host.endsWith(".") ? " (drop the trailing dot)" : ""}`
            : 'use a lowercase DNS name such as "a.example.com", optionally with "*." as its whole first label';
    problems.push({ path, value: host, message: problem, fix });
}

/** Fields that only shape a certificate the stack issues, so they conflict with `existing`. */
const ISSUANCE_FIELDS = ["subject", "ca", "validityDays", "keyAlgorithm", "rsaBits", "ecdsaCurve"] as const;

function checkRotation(cert: ReadableCertificate, at: string, problems: Problem[]): void {
    if (cert.rotation === undefined) return;
    if (rotationSuffix(cert.rotation) === "") {
        problems.push({
            path: `${at}.rotation`,
            value: cert.rotation,
            message: "has no letter or digit to put in the secret name",
            fix: 'use a label such as "2026-11"',
        });
    } else if (cert.name !== undefined) {
        const secretName = secretNameOf({ name: cert.name, rotation: cert.rotation });
        const secretProblem = subdomainProblem(secretName);
        if (secretProblem)
            problems.push({
                path: `${at}.rotation`,
                value: cert.rotation,
                message: `makes the secret name "${secretName}", which ${secretProblem}`,
                fix: "use a shorter label",
            });
    }
}

function checkExisting(
    cert: ReadableCertificate,
    at: string,
    renewBefore: number,
    now: Date,
    problems: Problem[],
): void {
    const existing = cert.existing!;
    for (const field of ISSUANCE_FIELDS) {
        if (cert[field] !== undefined) {
            problems.push({
                path: `${at}.${field}`,
                value: cert[field],
                message: "has no effect on a certificate brought with `existing`",
                fix: `remove ${field}, or remove existing to have the stack issue the certificate`,
            });
        }
    }
    const { certPem, keyPem, caCertPem } = existing;
    // Content checks need the PEM itself: a value missing here, or a secret not readable offline, is skipped.
    if (certPem === undefined || keyPem === undefined || [certPem, keyPem, caCertPem].some(isUnreadSecret)) return;
    const hosts = (cert.hosts ?? []).map((host) => host ?? "");
    problems.push(
        ...checkExistingCertificate(
            `${at}.existing`,
            { certPem, keyPem, ...(caCertPem !== undefined && { caCertPem }) },
            hosts,
            renewBefore,
            now,
        ),
    );
}

function checkValidity(cert: ReadableCertificate, at: string, renewBefore: number, problems: Problem[]): void {
    const validity = cert.validityDays ?? DEFAULTS.certificate.validityDays;
    if (cert.existing === undefined && renewBefore >= validity && validity > 0) {
        problems.push({
            path: `${at}.renewBeforeDays`,
            value: renewBefore,
            message: `is not shorter than validityDays (${validity}), so the certificate would be re-issued on every run`,
            fix: `lower renewBeforeDays below ${validity}, or raise validityDays above ${renewBefore}`,
        });
    }
    integerInRange(`${at}.validityDays`, cert.validityDays, 1, 36500, "number of days", problems);
    integerInRange(`${at}.ca.validityDays`, cert.ca?.validityDays, 1, 36500, "number of days", problems);
    const caValidity = cert.ca?.validityDays ?? DEFAULTS.certificate.caValidityDays;
    if (caValidity < validity) {
        problems.push({
            path: `${at}.ca.validityDays`,
            value: caValidity,
            message: `is shorter than the certificate's validityDays (${validity}); the chain would stop verifying when the CA expires`,
            fix: `set ca.validityDays to at least ${validity}, or lower validityDays`,
        });
    }
}

function checkKey(cert: ReadableCertificate, at: string, problems: Problem[]): void {
    if (cert.keyAlgorithm !== undefined && !KEY_ALGORITHMS.includes(cert.keyAlgorithm)) {
        const guess = didYouMean(cert.keyAlgorithm, KEY_ALGORITHMS);
        problems.push({
            path: `${at}.keyAlgorithm`,
            value: cert.keyAlgorithm,
            message: "is not a supported key algorithm",
            fix: guess ? `use "${guess}"` : `use one of ${KEY_ALGORITHMS.join(", ")}`,
        });
    }
    if (cert.rsaBits !== undefined && !(RSA_BITS as readonly number[]).includes(cert.rsaBits)) {
        const weak = cert.rsaBits < 2048 ? "is below 2048 bits, too weak for TLS" : "is not a supported RSA key size";
        problems.push({
            path: `${at}.rsaBits`,
            value: cert.rsaBits,
            message: weak,
            fix: `use one of ${RSA_BITS.join(", ")}`,
        });
    }
    if (cert.ecdsaCurve !== undefined && !ECDSA_CURVES.includes(cert.ecdsaCurve)) {
        problems.push({
            path: `${at}.ecdsaCurve`,
            value: cert.ecdsaCurve,
            message: "is not a supported curve",
            fix: `use one of ${ECDSA_CURVES.join(", ")}`,
        });
    }
}

function checkCertificate(
    cert: ReadableCertificate,
    index: number,
    now: Date,
    gatewayPort: number,
    problems: Problem[],
): void {
    const at = `certificates[${index}]`;
    checkSecretName(`${at}.name`, cert.name, problems);
    checkServerTls(cert, at, gatewayPort, problems);
    checkRotation(cert, at, problems);
    integerInRange(`${at}.renewBeforeDays`, cert.renewBeforeDays, 0, 36500, "number of days", problems);
    const renewBefore = cert.renewBeforeDays ?? DEFAULTS.certificate.renewBeforeDays;
    if (cert.existing !== undefined) checkExisting(cert, at, renewBefore, now, problems);
    checkValidity(cert, at, renewBefore, problems);
    if (cert.hosts?.length === 0) {
        problems.push({
            path: `${at}.hosts`,
            value: [],
            message: "is empty",
            fix: `list the hosts this credential serves, e.g. pulumi config set --path '${at}.hosts[0]' '*.example.com'`,
        });
    }
    cert.hosts?.forEach((host, j) => {
        checkHost(`${at}.hosts[${j}]`, host, problems);
    });
    checkKey(cert, at, problems);
}

const MUTUAL_MODES: readonly string[] = ["MUTUAL", "OPTIONAL_MUTUAL"];
const VERSION_RANK: Record<string, number> = { TLSV1_0: 0, TLSV1_1: 1, TLSV1_2: 2, TLSV1_3: 3 };

function checkClientCa(cert: ReadableCertificate, at: string, mutual: boolean, problems: Problem[]): void {
    const clientCa = cert.clientCa;
    if (mutual && clientCa === undefined) {
        problems.push({
            path: `${at}.clientCa`,
            message: `is required with mode ${cert.mode}: the gateway needs a CA to check client certificates against`,
            fix: `set clientCa.generate: true, or clientCa.certPem: pulumi config set --path '${at}.clientCa.generate' true`,
        });
    }
    if (clientCa === undefined) return;
    if (!mutual) {
        problems.push({
            path: `${at}.clientCa`,
            message: "has no effect unless mode is MUTUAL or OPTIONAL_MUTUAL",
            fix: "set mode, or remove clientCa",
        });
    }
    if ((clientCa.generate === true) === (clientCa.certPem !== undefined)) {
        problems.push({
            path: `${at}.clientCa`,
            value: clientCa,
            message: "needs exactly one of generate: true and certPem",
            fix: "keep one of them",
        });
    }
    if (clientCa.certPem !== undefined && !isUnreadSecret(clientCa.certPem)) {
        const problem = clientCaProblem(clientCa.certPem);
        if (problem)
            problems.push({
                path: `${at}.clientCa.certPem`,
                message: problem,
                fix: `set the CA's PEM: pulumi config set --path '${at}.clientCa.certPem' < client-ca.crt`,
            });
    }
    for (const field of ["sampleClient", "commonName", "validityDays"] as const) {
        if (clientCa[field] !== undefined && clientCa.generate !== true) {
            problems.push({
                path: `${at}.clientCa.${field}`,
                value: clientCa[field],
                message: "applies only to a generated client CA",
                fix: "remove it, or set clientCa.generate: true",
            });
        }
    }
    integerInRange(`${at}.clientCa.validityDays`, clientCa.validityDays, 1, 36500, "number of days", problems);
}

function checkProtocolVersions(cert: ReadableCertificate, at: string, problems: Problem[]): void {
    for (const field of ["minProtocolVersion", "maxProtocolVersion"] as const) {
        const version = cert[field];
        if (version === undefined) continue;
        if (!TLS_VERSIONS.includes(version)) {
            const guess = didYouMean(version.toUpperCase(), TLS_VERSIONS);
            problems.push({
                path: `${at}.${field}`,
                value: version,
                message: "is not a TLS version Istio knows",
                fix: `${guess ? `did you mean "${guess}"? ` : ""}use TLSV1_2 or TLSV1_3 (Istio knows ${TLS_VERSIONS.join(", ")})`,
            });
        } else if ((VERSION_RANK[version] ?? 3) < VERSION_RANK.TLSV1_2) {
            problems.push({
                path: `${at}.${field}`,
                value: version,
                message: "is below TLS 1.2, which this tool (and its policy pack) never allows",
                fix: "use TLSV1_2 or TLSV1_3",
            });
        }
    }
    const min = cert.minProtocolVersion ?? "TLSV1_2";
    const max = cert.maxProtocolVersion;
    if (
        max !== undefined &&
        VERSION_RANK[max] !== undefined &&
        VERSION_RANK[min] !== undefined &&
        VERSION_RANK[max] < VERSION_RANK[min]
    ) {
        problems.push({
            path: `${at}.maxProtocolVersion`,
            value: max,
            message: `is below minProtocolVersion (${min})`,
            fix: `raise it to at least ${min}`,
        });
    }
}

function checkServerTls(cert: ReadableCertificate, at: string, gatewayPort: number, problems: Problem[]): void {
    if (cert.mode !== undefined && !TLS_MODES.includes(cert.mode)) {
        problems.push({
            path: `${at}.mode`,
            value: cert.mode,
            message: "is not a TLS mode this tool manages",
            fix: `use one of ${TLS_MODES.join(", ")}`,
        });
    }
    const mutual = cert.mode !== undefined && MUTUAL_MODES.includes(cert.mode);
    checkClientCa(cert, at, mutual, problems);
    if (cert.subjectAltNames !== undefined && cert.mode !== "MUTUAL") {
        problems.push({
            path: `${at}.subjectAltNames`,
            value: cert.subjectAltNames,
            message: "is allowed only with mode MUTUAL (Istio's rule)",
            fix: "set mode: MUTUAL, or remove subjectAltNames",
        });
    }
    checkProtocolVersions(cert, at, problems);
    (cert.cipherSuites ?? []).forEach((suite, j) => {
        if (suite === undefined || (ISTIO_CIPHER_SUITES as readonly string[]).includes(suite)) return;
        const guess = didYouMean(suite, ISTIO_CIPHER_SUITES);
        problems.push({
            path: `${at}.cipherSuites[${j}]`,
            value: suite,
            message: "is not a cipher suite Istio accepts",
            fix: `${guess ? `did you mean "${guess}"? ` : ""}use one of ${ISTIO_CIPHER_SUITES.join(", ")}`,
        });
    });
    if (cert.dualStack && cert.existing !== undefined) {
        problems.push({
            path: `${at}.dualStack`,
            value: true,
            message: "needs two issued certificates, but this one is brought with existing",
            fix: "remove dualStack, or remove existing",
        });
    }
    if (cert.httpsRedirect && gatewayPort === 80) {
        problems.push({
            path: `${at}.httpsRedirect`,
            value: true,
            message: "adds an HTTP server on port 80, which gateway.port already uses for HTTPS",
            fix: "use another gateway.port, or remove httpsRedirect",
        });
    }
}

/** Why a supplied client CA bundle is unusable, or undefined. */
function clientCaProblem(certPem: string): string | undefined {
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

function checkRoute(route: ReadableRoute, index: number, problems: Problem[]): void {
    const at = `routes[${index}]`;
    checkHost(`${at}.host`, route.host, problems);
    if (route.pathPrefix !== undefined && !route.pathPrefix.startsWith("/")) {
        problems.push({
            path: `${at}.pathPrefix`,
            value: route.pathPrefix,
            message: 'does not start with "/"',
            fix: `use "/${route.pathPrefix}"`,
        });
    }
    const prefix = route.pathPrefix ?? DEFAULTS.route.pathPrefix;
    if (route.probePath !== undefined && prefix.startsWith("/") && !route.probePath.startsWith(prefix)) {
        problems.push({
            path: `${at}.probePath`,
            value: route.probePath,
            message: `is not under the route's path prefix "${prefix}"`,
            fix: `use a path that starts with "${prefix}"`,
        });
    }
    if (route.service === "")
        problems.push({
            path: `${at}.service`,
            value: route.service,
            message: "is empty",
            fix: `name the destination service: pulumi config set --path '${at}.service' my-service`,
        });
    integerInRange(`${at}.port`, route.port, 1, 65535, "port", problems);
    integerInRange(`${at}.expect.status`, route.expect?.status, 100, 599, "HTTP status", problems);
    checkName(`${at}.namespace`, route.namespace, labelProblem, problems);
}

function checkGateway(gateway: Readable<GatewayConfig>, problems: Problem[]): void {
    checkName("gateway.name", gateway.name, subdomainProblem, problems);
    checkName("gateway.namespace", gateway.namespace, labelProblem, problems);
    checkName("gateway.workloadNamespace", gateway.workloadNamespace, labelProblem, problems);
    integerInRange("gateway.port", gateway.port, 1, 65535, "port", problems);
    if (gateway.selector !== undefined && Object.keys(gateway.selector).length === 0) {
        problems.push({
            path: "gateway.selector",
            value: {},
            message: "is empty, so it would select every workload",
            fix: "select the ingress pods, e.g. { istio: ingressgateway }",
        });
    }
}

/** Per-certificate settings that a Gateway API listener (standard channel) cannot express. */
const ISTIO_ONLY_CERTIFICATE_FIELDS = [
    "subjectAltNames",
    "minProtocolVersion",
    "maxProtocolVersion",
    "cipherSuites",
    "dualStack",
] as const;

/**
 * What the Gateway API cannot say, rejected up front rather than dropped: client-certificate modes, TLS
 * versions, ciphers, client SANs and two certificates per listener, the Istio-only gateway fields, and
 * destinations that are not a Service name.
 */
function checkGatewayApi(config: Readable<IngressConfig>, problems: Problem[]): void {
    const gateway = config.gateway ?? {};
    const api = gateway.api ?? DEFAULTS.gateway.api;
    if (!GATEWAY_APIS.includes(api)) {
        const guess = didYouMean(api, GATEWAY_APIS);
        problems.push({
            path: "gateway.api",
            value: api,
            message: "is not a gateway API this tool manages",
            fix: guess ? `use "${guess}"` : `use one of ${GATEWAY_APIS.join(", ")}`,
        });
        return;
    }
    if (gateway.className !== undefined && api === "istio") {
        problems.push({
            path: "gateway.className",
            value: gateway.className,
            message: "applies only with gateway.api: gateway-api",
            fix: "remove it, or set gateway.api: gateway-api",
        });
    }
    checkName("gateway.className", gateway.className, subdomainProblem, problems);
    if (api !== "gateway-api") return;
    const moveToIstio = "remove it, or keep gateway.api: istio, whose Gateway can";
    for (const field of ["selector", "workloadNamespace"] as const) {
        if (gateway[field] !== undefined) {
            problems.push({
                path: `gateway.${field}`,
                value: gateway[field],
                message:
                    "has no effect with the Gateway API: Istio deploys the gateway workload in the Gateway's namespace, and the credential secrets go there",
                fix: `remove gateway.${field}; set gateway.namespace to where the gateway should run`,
            });
        }
    }
    config.certificates?.forEach((cert, i) => {
        if (!cert) return;
        if (cert.mode !== undefined && cert.mode !== "SIMPLE") {
            problems.push({
                path: `certificates[${i}].mode`,
                value: cert.mode,
                message:
                    "needs client-certificate validation, which Gateway API listeners do not express in the standard channel",
                fix: "use mode SIMPLE, or keep gateway.api: istio for mutual TLS",
            });
        }
        for (const field of ISTIO_ONLY_CERTIFICATE_FIELDS) {
            // TLS 1.2 is Istio's floor anyway, so saying so is not a loss.
            const expressible =
                cert[field] === undefined ||
                cert[field] === false ||
                (field === "minProtocolVersion" && cert[field] === "TLSV1_2");
            if (!expressible) {
                problems.push({
                    path: `certificates[${i}].${field}`,
                    value: cert[field],
                    message: `cannot be expressed by a Gateway API listener (${field === "dualStack" ? "Istio serves one certificate per listener there" : "Istio's TLS defaults apply: TLS 1.2 and up"})`,
                    fix: moveToIstio,
                });
            }
        }
    });
    config.routes?.forEach((route, i) => {
        if (route?.service?.includes(".")) {
            problems.push({
                path: `routes[${i}].service`,
                value: route.service,
                message: "is a host name; a Gateway API backendRef names a Service",
                fix: `name the Service, and its namespace in routes[${i}].namespace (e.g. "${route.service.split(".")[0]}")`,
            });
        }
    });
}

function checkControlPlane(controlPlane: Readable<ControlPlaneConfig>, problems: Problem[]): void {
    const { kubeconfig, context } = controlPlane;
    if (kubeconfig === undefined && context === undefined) {
        problems.push({
            path: "controlPlane",
            value: controlPlane,
            message: "names no API server: it needs kubeconfig, context or both",
            fix: "pulumi config set --secret --path controlPlane.kubeconfig < asm.kubeconfig (or remove controlPlane to use one cluster)",
        });
    }
    for (const [field, value] of Object.entries({ kubeconfig, context })) {
        if (value?.trim() === "")
            problems.push({
                path: `controlPlane.${field}`,
                message: "is empty",
                fix: `set it, or remove controlPlane.${field}`,
            });
    }
}

function checkSampleApps(apps: Readable<SampleAppsConfig>, problems: Problem[]): void {
    checkName("sampleApps.namespace", apps.namespace, labelProblem, problems);
    for (const key of ["nginxImage", "httpbinImage"] as const) {
        if (apps[key]?.trim() === "") {
            problems.push({
                path: `sampleApps.${key}`,
                value: apps[key],
                message: "is empty",
                fix: "name an image, or remove the setting for the default",
            });
        }
    }
}

/** No two certificates share a name or a secret (name, rotation and dualStack make the secrets). */
function checkSecretCollisions(certificates: (ReadableCertificate | undefined)[], problems: Problem[]): void {
    firstSeen(
        certificates.map((c) => c?.name),
        (i, j, name) =>
            problems.push({
                path: `certificates[${j}].name`,
                value: name,
                message: `is also the name of certificates[${i}]; each credential needs its own secret`,
                fix: `give one of them another name, e.g. "${name}-2"`,
            }),
    );
    const owner = new Map<string, number>();
    certificates.forEach((cert, j) => {
        if (cert?.name === undefined) return;
        for (const secret of secretNamesOf({ ...cert, name: cert.name })) {
            const i = owner.get(secret);
            if (i === undefined) {
                owner.set(secret, j);
            } else if (i !== j && certificates[i]!.name !== cert.name) {
                problems.push({
                    path: `certificates[${j}]`,
                    value: secret,
                    message: `resolves to the secret "${secret}", as certificates[${i}] does (name, rotation and dualStack)`,
                    fix: "change the name or the rotation of one of them",
                });
            }
        }
    });
}

/** Each certificate host is served by one credential only, or the gateway's SNI choice is ambiguous. Returns host -> certificate indices. */
function checkHostOwners(certificates: (ReadableCertificate | undefined)[], problems: Problem[]): HostOwners {
    const hostOwners: HostOwners = new Map();
    certificates.forEach((cert, i) => {
        const seen = new Set<string>();
        cert?.hosts?.forEach((host, j) => {
            if (host === undefined || hostProblem(host)) return;
            if (seen.has(host)) {
                problems.push({
                    path: `certificates[${i}].hosts[${j}]`,
                    value: host,
                    message: "is listed twice in this certificate",
                    fix: `remove certificates[${i}].hosts[${j}]`,
                });
                return;
            }
            seen.add(host);
            const owners = hostOwners.get(host);
            if (owners) {
                problems.push({
                    path: `certificates[${i}].hosts[${j}]`,
                    value: host,
                    message: `is also a host of certificates[${owners[0]}] ("${certificates[owners[0]]!.name}")`,
                    fix: `serve each host from one certificate: remove certificates[${i}].hosts[${j}]`,
                });
                owners.push(i);
            } else {
                hostOwners.set(host, [i]);
            }
        });
    });
    return hostOwners;
}

/** Certificate host -> indices of the certificates that list it. */
type HostOwners = Map<string, number[]>;

function checkCoverage(
    routes: (ReadableRoute | undefined)[],
    certificates: (ReadableCertificate | undefined)[],
    hostOwners: HostOwners,
    problems: Problem[],
): void {
    routes.forEach((route, i) => {
        if (route?.host === undefined || hostProblem(route.host)) return;
        const covering = coveringCertificates(route.host, hostOwners);
        if (covering.length === 0) {
            const names = certificates
                .flatMap((cert) => (cert?.name ? [`${cert.name} (${(cert.hosts ?? []).join(", ")})`] : []))
                .join("; ");
            problems.push({
                path: `routes[${i}].host`,
                value: route.host,
                message: `is covered by no certificate, so clients could not verify it${names ? `; certificates: ${names}` : ""}`,
                fix: `add "${route.host}" (or "*${route.host.slice(route.host.indexOf("."))}") to a certificate's hosts, or fix the route's host`,
            });
        } else if (covering.length > 1) {
            const names = covering.map((c) => `"${certificates[c]!.name}"`).join(" and ");
            problems.push({
                path: `routes[${i}].host`,
                value: route.host,
                message: `is covered by ${names}, so the gateway's SNI choice is ambiguous`,
                fix: "keep the host in one certificate only",
            });
        }
    });
}

/** Whether every certificate host could be read, so that a missing coverage is a real one, not an echo of a broken entry. */
function coverageKnown(certificates: (ReadableCertificate | undefined)[] | undefined): boolean {
    return (
        certificates?.every(
            (cert) => cert?.hosts?.every((host) => host !== undefined && hostProblem(host) === undefined) === true,
        ) === true
    );
}

/**
 * Checks values against Istio, ASM and TLS rules, across the whole config. Takes the readable part of a config
 * (checkConfigShape): every part that is there is checked; host coverage only when every certificate host
 * could be read, since a broken one may be the one meant to cover a route.
 */
export function checkConfigRules(config: Readable<IngressConfig & ProgramConfig>, now: Date = new Date()): Problem[] {
    const problems: Problem[] = [];
    const gateway = config.gateway ?? {};
    checkGateway(gateway, problems);
    checkGatewayApi(config, problems);
    if (config.renderDir?.trim() === "") {
        problems.push({
            path: "renderDir",
            value: config.renderDir,
            message: "is empty",
            fix: 'name a folder such as "rendered", or remove renderDir to apply to the cluster',
        });
    }
    if (config.controlPlane !== undefined) checkControlPlane(config.controlPlane, problems);
    checkSampleApps(config.sampleApps ?? {}, problems);
    const certificates = config.certificates ?? [];
    certificates.forEach((cert, i) => {
        if (cert) checkCertificate(cert, i, now, gateway.port ?? DEFAULTS.gateway.port, problems);
    });
    checkSecretCollisions(certificates, problems);
    const hostOwners = checkHostOwners(certificates, problems);
    const routes = config.routes ?? [];
    routes.forEach((route, i) => {
        if (route) checkRoute(route, i, problems);
    });
    firstSeen(
        routes.map((r) => r?.host && `${r.host} ${r.pathPrefix ?? DEFAULTS.route.pathPrefix}`),
        (i, j) =>
            problems.push({
                path: `routes[${j}]`,
                value: { host: routes[j]!.host, pathPrefix: routes[j]!.pathPrefix ?? DEFAULTS.route.pathPrefix },
                message: `repeats the host and path prefix of routes[${i}]`,
                fix: `remove routes[${j}], or give it another path prefix`,
            }),
    );
    if (coverageKnown(config.certificates)) checkCoverage(routes, certificates, hostOwners, problems);
    return problems;
}

/** Indices of the certificates whose hosts cover `host`, from an index of certificate host -> certificates. */
function coveringCertificates(host: string, hostOwners: HostOwners): number[] {
    const owners = new Set<number>();
    for (const candidate of coveringCandidates(host)) {
        if (hostCovers(candidate, host)) for (const i of hostOwners.get(candidate) ?? []) owners.add(i);
    }
    return [...owners].sort((a, b) => a - b);
}

/** Calls onRepeat for every key seen before; undefined keys (unreadable entries) are passed over. */
function firstSeen(keys: (string | undefined)[], onRepeat: (first: number, repeat: number, key: string) => void): void {
    const seen = new Map<string, number>();
    keys.forEach((key, j) => {
        if (key === undefined) return;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, j);
        else onRepeat(first, j, key);
    });
}
