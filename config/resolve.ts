// Resolution of a valid config into sorted plain data for the components: the model's defaults filled by
// walking it (withDefaults), and what follows from them (secret names, SANs, the certificate covering each
// route). Validation runs once per program run: parseStackConfig resolves, and the SecureIngress it feeds
// finds that result by content instead of validating again.

import { hostCovers, hostProblem } from "../domain/hosts";
import { secretNamesOf } from "../domain/secretNames";
import { ACME_SERVERS } from "./model/certManager";
import { withDefaults } from "./model/fields";
import {
    type PlainCertificateConfig,
    type PlainIngressConfig,
    MODELS,
    type PlainProgramConfig,
    type PlainRouteConfig,
    type PlainSecureIngressConfig,
} from "./model/stack";
import type {
    IssuanceSettings,
    ResolvedCertificate,
    ResolvedIngressConfig,
    ResolvedRoute,
    ResolvedIssuer,
} from "./resolved";
import { type ConfigScope, validateConfig } from "./validation";

/**
 * The last resolution, by content and clock. The program validates its stack config before it registers
 * any provider, then hands the same content to SecureIngress as args, which find it resolved here instead of
 * validating it again (the cost grows with the hosts). Content, not identity: nothing rides along on the args.
 */
let last: { key: string; resolved: ResolvedIngressConfig } | undefined;

const keyOf = (config: unknown, now: Date) => `${now.getTime()}\n${JSON.stringify(config)}`;

/** Validates config of any origin and resolves it; throws a ConfigError listing every problem. */
export function resolveIngressConfig(
    raw: unknown,
    now: Date = new Date(),
    scope: ConfigScope = "stack",
): ResolvedIngressConfig {
    const key = keyOf(raw, now);
    if (last?.key === key) return last.resolved;
    const resolved = resolveValid(validateConfig(raw, now, scope));
    last = { key, resolved };
    return resolved;
}

/** Stack config split into what the program reads and the SecureIngress args, after validation. */
export interface StackConfig {
    /** Program-level settings. */
    program: PlainProgramConfig;
    /** The component's args, valid (the data planes among them); a rotation given as a number is its decimal string. */
    ingress: Omit<PlainSecureIngressConfig, "controlPlane" | "certificates"> & {
        certificates: (Omit<PlainCertificateConfig, "rotation"> & { rotation?: string })[];
    };
    /** The ingress resolved: defaults filled, sorted, each route's certificate found. */
    resolved: ResolvedIngressConfig;
}

/** Validates the whole stack config (every problem at once, or a ConfigError) and splits it. */
export function parseStackConfig(raw: Record<string, unknown>, now: Date = new Date()): StackConfig {
    const { renderDir, controlPlane, ...valid } = validateConfig(raw, now, "stack");
    const program: PlainProgramConfig = {
        ...(renderDir !== undefined && { renderDir }),
        ...(controlPlane !== undefined && { controlPlane }),
    };
    // Component args take no unions: a rotation set as a number in YAML is passed as its decimal string.
    const certificates = valid.certificates.map(({ rotation, ...cert }) => ({
        ...cert,
        ...(rotation !== undefined && { rotation: String(rotation) }),
    }));
    const ingress = { ...valid, certificates };
    const resolved = resolveValid(ingress);
    last = { key: keyOf(ingress, now), resolved };
    return { program, ingress, resolved };
}

function resolveValid(config: PlainIngressConfig): ResolvedIngressConfig {
    const issuers = (config.issuers ?? [])
        .map((given) => {
            const resolved = withDefaults(MODELS.issuer, given);
            const server = ACME_SERVERS[resolved.acme.server] ?? resolved.acme.server;
            return { ...resolved, acme: { ...resolved.acme, server } };
        })
        .sort((a, b) => (a.name < b.name ? -1 : 1));
    const issuersByName = new Map(issuers.map((issuer) => [issuer.name, issuer]));
    const certificates = config.certificates
        .map((cert) => resolveCertificate(cert, issuersByName))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
    // Valid, so exactly one certificate covers each route's host.
    const coveringName = (host: string) =>
        certificates.find((cert) => cert.hosts.some((certHost) => hostCovers(certHost, host)))!.name;
    const clusterDomain = withDefaults(MODELS.clusterDomain, config.clusterDomain);
    const routes = (config.routes ?? [])
        .map((route) => resolveRoute(route, coveringName(route.host), clusterDomain))
        .sort(compareRoutes);
    return {
        gateway: withDefaults(MODELS.gateway, config.gateway),
        certificates,
        routes,
        sampleApps: withDefaults(MODELS.sampleApps, config.sampleApps),
        issuers,
        alerts: withDefaults(MODELS.alerts, config.alerts),
        delegations: (config.delegations ?? [])
            .map(({ namespace, hosts }) => ({ namespace, hosts: [...hosts].sort() }))
            .sort((a, b) => (a.namespace < b.namespace ? -1 : 1)),
    };
}

/** A subject with only the fields that are set: an unset field must stay absent, not become "". */
function subjectOf(commonName: string, organization: string | undefined): IssuanceSettings["subject"] {
    return organization === undefined ? { commonName } : { commonName, organization };
}

function resolveCertificate(
    given: PlainCertificateConfig,
    issuers: ReadonlyMap<string, ResolvedIssuer>,
): ResolvedCertificate {
    const cert = withDefaults(MODELS.certificate, given);
    const [secretName, secondarySecretName] = secretNamesOf(cert);
    const { mode, minProtocolVersion, maxProtocolVersion, cipherSuites, subjectAltNames, httpsRedirect } = cert;
    const clientCa = cert.clientCa && withDefaults(MODELS.clientCa, cert.clientCa);
    const common = {
        name: cert.name,
        secretName,
        ...(secondarySecretName !== undefined && { secondarySecretName }),
        tls: {
            mode,
            minProtocolVersion,
            ...(maxProtocolVersion !== undefined && { maxProtocolVersion }),
            ...(cipherSuites !== undefined && { cipherSuites: [...cipherSuites] }),
            ...(subjectAltNames !== undefined && { subjectAltNames: [...subjectAltNames] }),
            httpsRedirect,
        },
        ...(clientCa !== undefined && {
            clientCa:
                clientCa.certPem !== undefined
                    ? { certPem: clientCa.certPem }
                    : {
                          generate: {
                              commonName: clientCa.commonName ?? `${cert.name} client CA`,
                              validityDays: clientCa.validityDays,
                              sampleClient: clientCa.sampleClient,
                          },
                      },
        }),
        hosts: [...cert.hosts],
        ...(cert.rotation !== undefined && { rotation: String(cert.rotation) }),
        renewBeforeDays: cert.renewBeforeDays,
    };
    if (cert.external) {
        return { ...common, external: { ...(given.caCertPem !== undefined && { caCertPem: given.caCertPem }) } };
    }
    if (cert.certManager) {
        const settings = withDefaults(MODELS.certManager, cert.certManager);
        // Valid, so exactly one of issuer (defined in issuers) and issuerRef is set; the model fills the rest.
        const defined = settings.issuer === undefined ? undefined : issuers.get(settings.issuer)!;
        const issuerRef = withDefaults(
            MODELS.certManager.fields.issuerRef,
            defined ? { name: defined.name, kind: defined.kind } : settings.issuerRef,
        )!;
        const hours = (days: number) => `${days * 24}h`;
        return {
            ...common,
            certManager: {
                issuerRef,
                dnsNames: [...cert.hosts],
                duration: hours(cert.validityDays),
                renewBefore: hours(cert.renewBeforeDays),
                privateKey: {
                    algorithm: cert.keyAlgorithm,
                    size: cert.keyAlgorithm === "RSA" ? cert.rsaBits : Number(cert.ecdsaCurve.slice(1)),
                    rotationPolicy: settings.rotatePrivateKey ? "Always" : "Never",
                },
                timeoutSeconds: settings.timeoutMinutes * 60,
            },
        };
    }
    if (given.existing) {
        const { certPem, keyPem, caCertPem } = given.existing;
        return { ...common, existing: { certPem, keyPem, ...(caCertPem !== undefined && { caCertPem }) } };
    }
    const commonName = cert.subject?.commonName ?? cert.hosts[0];
    // Clients ignore the CN; keep it verifiable by listing it among the SANs when no host covers it.
    const cnIsHost = hostProblem(commonName) === undefined && !commonName.startsWith("*");
    const covered = cert.hosts.some((h) => hostCovers(h, commonName));
    const { validityDays, keyAlgorithm, rsaBits, ecdsaCurve, ca } = cert;
    return {
        ...common,
        issue: {
            dnsNames: cnIsHost && !covered ? [...cert.hosts, commonName] : [...cert.hosts],
            subject: subjectOf(commonName, cert.subject?.organization),
            ca: {
                subject: subjectOf(ca.commonName ?? commonName, ca.organization ?? cert.subject?.organization),
                validityDays: ca.validityDays,
            },
            validityDays,
            keyAlgorithm,
            rsaBits,
            ecdsaCurve,
        },
    };
}

/** A route with its defaults filled and its destination as a fully qualified host. */
export function resolveRoute(given: PlainRouteConfig, certificateName: string, clusterDomain: string): ResolvedRoute {
    const route = withDefaults(MODELS.route, given);
    const { namespace, service } = route;
    return {
        ...route,
        ...(route.expect !== undefined && { expect: { ...route.expect } }),
        probePath: route.probePath ?? route.pathPrefix,
        destinationHost: service.includes(".") ? service : `${service}.${namespace}.svc.${clusterDomain}`,
        certificateName,
    };
}

/** Orders routes so that config order never matters and the longest prefix of a host matches first. */
export function compareRoutes(a: ResolvedRoute, b: ResolvedRoute): number {
    if (a.host !== b.host) return a.host < b.host ? -1 : 1;
    if (a.pathPrefix.length !== b.pathPrefix.length) return b.pathPrefix.length - a.pathPrefix.length;
    return a.pathPrefix < b.pathPrefix ? -1 : a.pathPrefix > b.pathPrefix ? 1 : 0;
}
