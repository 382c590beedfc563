// Validation and resolution of stack config (and of SecureIngress args, which share its shape): shape first
// (shape.ts), then the rules (rules.ts) on everything whose shape is right; all problems are collected and
// thrown together, and only a config with none is resolved, with its defaults, into sorted plain data.

import {
    DEFAULTS,
    type CertificateConfig,
    type ControlPlaneConfig,
    type IngressConfig,
    type IssuanceSettings,
    type ProgramConfig,
    type ResolvedCertificate,
    type ResolvedClientCa,
    type ResolvedIngressConfig,
    type ResolvedRoute,
    type ResolvedTls,
    type RouteConfig,
} from "./schema";
import { ConfigError } from "./problems";
import { hostCovers, hostProblem } from "./hosts";
import { checkConfigRules } from "./rules";
import { secretNamesOf } from "./secrets";
import { checkConfigShape } from "./shape";

/** A subject with only the fields that are set: an unset field must stay absent, not become "". */
function subjectOf(commonName: string, organization: string | undefined): IssuanceSettings["subject"] {
    return organization === undefined ? { commonName } : { commonName, organization };
}

function resolveTls(cert: CertificateConfig): ResolvedTls {
    return {
        mode: cert.mode ?? DEFAULTS.certificate.mode,
        minProtocolVersion: cert.minProtocolVersion ?? DEFAULTS.certificate.minProtocolVersion,
        ...(cert.maxProtocolVersion !== undefined && { maxProtocolVersion: cert.maxProtocolVersion }),
        ...(cert.cipherSuites !== undefined && { cipherSuites: [...cert.cipherSuites] }),
        ...(cert.subjectAltNames !== undefined && { subjectAltNames: [...cert.subjectAltNames] }),
        httpsRedirect: cert.httpsRedirect ?? DEFAULTS.certificate.httpsRedirect,
    };
}

function resolveClientCa(cert: CertificateConfig): ResolvedClientCa {
    const clientCa = cert.clientCa!;
    if (clientCa.certPem !== undefined) return { certPem: clientCa.certPem };
    return {
        generate: {
            commonName: clientCa.commonName ?? `${cert.name} client CA`,
            validityDays: clientCa.validityDays ?? DEFAULTS.clientCa.validityDays,
            sampleClient: clientCa.sampleClient ?? DEFAULTS.clientCa.sampleClient,
        },
    };
}

function resolveCertificate(cert: CertificateConfig): ResolvedCertificate {
    const [secretName, secondarySecretName] = secretNamesOf(cert);
    const common = {
        name: cert.name,
        secretName,
        ...(secondarySecretName !== undefined && { secondarySecretName }),
        tls: resolveTls(cert),
        ...(cert.clientCa !== undefined && { clientCa: resolveClientCa(cert) }),
        hosts: [...cert.hosts],
        ...(cert.rotation !== undefined && { rotation: String(cert.rotation) }),
        renewBeforeDays: cert.renewBeforeDays ?? DEFAULTS.certificate.renewBeforeDays,
    };
    if (cert.existing) {
        const { certPem, keyPem, caCertPem } = cert.existing;
        return { ...common, existing: { certPem, keyPem, ...(caCertPem !== undefined && { caCertPem }) } };
    }
    const commonName = cert.subject?.commonName ?? cert.hosts[0];
    // Clients ignore the CN; keep it verifiable by listing it among the SANs when no host covers it.
    const cnIsHost = hostProblem(commonName) === undefined && !commonName.startsWith("*");
    const dnsNames =
        cnIsHost && !cert.hosts.some((h) => hostCovers(h, commonName)) ? [...cert.hosts, commonName] : [...cert.hosts];
    return {
        ...common,
        issue: {
            dnsNames,
            subject: subjectOf(commonName, cert.subject?.organization),
            ca: {
                subject: subjectOf(
                    cert.ca?.commonName ?? commonName,
                    cert.ca?.organization ?? cert.subject?.organization,
                ),
                validityDays: cert.ca?.validityDays ?? DEFAULTS.certificate.caValidityDays,
            },
            validityDays: cert.validityDays ?? DEFAULTS.certificate.validityDays,
            keyAlgorithm: cert.keyAlgorithm ?? DEFAULTS.certificate.keyAlgorithm,
            rsaBits: cert.rsaBits ?? DEFAULTS.certificate.rsaBits,
            ecdsaCurve: cert.ecdsaCurve ?? DEFAULTS.certificate.ecdsaCurve,
        },
    };
}

function resolveRoute(route: RouteConfig, certificateName: string): ResolvedRoute {
    const namespace = route.namespace ?? DEFAULTS.route.namespace;
    const pathPrefix = route.pathPrefix ?? DEFAULTS.route.pathPrefix;
    return {
        host: route.host,
        pathPrefix,
        service: route.service,
        port: route.port,
        namespace,
        probePath: route.probePath ?? pathPrefix,
        destinationHost: route.service.includes(".")
            ? route.service
            : `${route.service}.${namespace}.svc.cluster.local`,
        certificateName,
        ...(route.expect !== undefined && { expect: { ...route.expect } }),
    };
}

/** Orders routes so that config order never matters and the longest prefix of a host matches first. */
function compareRoutes(
    a: Pick<ResolvedRoute, "host" | "pathPrefix">,
    b: Pick<ResolvedRoute, "host" | "pathPrefix">,
): number {
    if (a.host !== b.host) return a.host < b.host ? -1 : 1;
    if (a.pathPrefix.length !== b.pathPrefix.length) return b.pathPrefix.length - a.pathPrefix.length;
    return a.pathPrefix < b.pathPrefix ? -1 : a.pathPrefix > b.pathPrefix ? 1 : 0;
}

/**
 * Validates config of any origin (stack config or component args) and resolves its defaults.
 * `now` is the time that brought certificates are checked against.
 * Throws a ConfigError listing every problem; returns only a config that has none.
 */
export function resolveIngressConfig(
    raw: unknown,
    now: Date = new Date(),
    scope: "stack" | "component" = "stack",
): ResolvedIngressConfig {
    const source = scope === "stack" ? "istio-gateway-tls stack config" : "SecureIngress args";
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        throw new ConfigError(
            [
                {
                    path: "",
                    value: raw,
                    message: "must be an object",
                    fix: "pass { gateway, certificates, routes, sampleApps }",
                },
            ],
            source,
        );
    }
    const shape = checkConfigShape(raw as Record<string, unknown>, scope);
    const problems = [...shape.problems, ...checkConfigRules(shape.readable, now)];
    if (problems.length > 0) throw new ConfigError(problems, source);
    // No problems: the readable part is the whole config, with every required field.
    const config = shape.readable as unknown as IngressConfig;

    const certificates = config.certificates.map(resolveCertificate).sort((a, b) => (a.name < b.name ? -1 : 1));
    // Valid, so exactly one certificate covers each route's host.
    const coveringName = (host: string) =>
        certificates.find((cert) => cert.hosts.some((certHost) => hostCovers(certHost, host)))!.name;
    const routes = (config.routes ?? [])
        .map((route) => resolveRoute(route, coveringName(route.host)))
        .sort(compareRoutes);
    return {
        gateway: { ...DEFAULTS.gateway, selector: { ...DEFAULTS.gateway.selector }, ...config.gateway },
        certificates,
        routes,
        sampleApps: { ...DEFAULTS.sampleApps, ...config.sampleApps },
    };
}

/** Stack config split into what the program reads and the SecureIngress args, after validation. */
export interface StackConfig {
    /** Program-level settings. */
    program: ProgramConfig;
    /** The component's args, valid. */
    ingress: IngressConfig;
}

/** Validates the whole stack config (every problem at once, or a ConfigError) and splits it. */
export function parseStackConfig(raw: Record<string, unknown>, now: Date = new Date()): StackConfig {
    resolveIngressConfig(raw, now, "stack");
    const { renderDir, controlPlane, ...ingress } = raw;
    // Valid now, so the casts state what validation established.
    const program: ProgramConfig = {
        ...(renderDir !== undefined && { renderDir: renderDir as string }),
        ...(controlPlane !== undefined && { controlPlane: controlPlane as ControlPlaneConfig }),
    };
    return { program, ingress: ingress as unknown as IngressConfig };
}
