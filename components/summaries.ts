// What SecureIngress reports: public facts per credential and per route, for stack outputs and checks.
// No key material: the sample clients' keys are a secret output of the component itself.

import * as pulumi from "@pulumi/pulumi";
import type { ResolvedCertificate, ResolvedGateway, ResolvedRoute } from "../config/resolved";
import type { Delegation } from "../domain/delegation";
import { probeHostOf } from "../domain/hosts";
import { nextRenewal } from "../domain/renewal";
import { credentialNamespace } from "../domain/secretNames";
import type { GatewayCredential } from "./pki/gatewayCredential";
import type { RouteExpectation, TlsMode } from "./types";

/** Where a credential's certificate comes from. */
export const CertificateSource = {
    /** Issued by the stack, with its own root CA. */
    Issued: "issued",
    /** Brought with `existing`. */
    Existing: "existing",
    /** A Secret managed elsewhere (`external`): the stack never reads it. */
    External: "external",
    /** Issued and renewed in the cluster by cert-manager (`certManager`): the stack never holds the key. */
    CertManager: "cert-manager",
} as const;
export type CertificateSource = (typeof CertificateSource)[keyof typeof CertificateSource];

/** Public facts about one credential: safe for stack outputs. */
export interface CredentialSummary {
    /** The certificate entry's name. */
    readonly name: string;
    /** Name of the TLS secret (the Gateway's credentialName). */
    readonly secretName: string;
    /** With dualStack: the secret of the second key algorithm. */
    readonly secondarySecretName?: string;
    /** The server's TLS mode: SIMPLE, MUTUAL or OPTIONAL_MUTUAL. */
    readonly mode: TlsMode;
    /** Namespace of the secret: the gateway workload's. */
    readonly secretNamespace: string;
    /** Hosts the credential serves. */
    readonly hosts: string[];
    /** End of the server certificate's validity, ISO 8601; absent for an external certificate (never read). */
    readonly notAfter?: string;
    /** Days before expiry at which the certificate is re-issued (issued) or refused (existing). */
    readonly renewBeforeDays: number;
    /** For issued certificates: from this instant on, the next `pulumi up` re-issues the certificate. */
    readonly renewAfter?: string;
    /** The rotation label, if the certificate has been rotated. */
    readonly rotation?: string;
    /** Whether the stack issued the certificate (`issued`), it was brought with `existing`, or its Secret is `external`. */
    readonly source: CertificateSource;
    /** With data planes: the clusters the Secret is in, by name. */
    readonly clusters?: string[];
    /** SHA-256 fingerprint of the server certificate; absent for an external certificate (never read). */
    readonly fingerprintSha256?: string;
    /** With dualStack: the fingerprint of the second certificate, which clients may be served instead. */
    readonly secondaryFingerprintSha256?: string;
    /** The CA certificate clients verify against, for `curl --cacert`; absent if a brought chain does not include it. */
    readonly caCertPem?: string;
    /** For MUTUAL / OPTIONAL_MUTUAL: the CA client certificates must chain to. */
    readonly clientCaCertPem?: string;
}

/** One routed path and the command that checks it. */
export interface RouteSummary {
    /** The routed host. */
    readonly host: string;
    /** The path the check requests. */
    readonly path: string;
    /** The gateway's HTTPS port, which the check connects to (not the backend's `routes[].port`). */
    readonly gatewayPort: number;
    /**
     * The gateway's HTTPS port, as `gatewayPort` (kept for readers of 0.2 outputs).
     * @deprecated Read gatewayPort: this name read as the backend's port.
     */
    readonly port: number;
    /** The certificate whose hosts cover this route. */
    readonly credential: string;
    /** What the probe must get, if the route says (`npm run verify` checks it). */
    readonly expect?: RouteExpectation;
    /** A curl check that verifies the served certificate against the CA (no `-k`). */
    readonly curl: string;
}

/** A sample client certificate and its key, for `curl --cert/--key`. */
export interface SampleClient {
    /** The client certificate in PEM. */
    readonly certPem: string;
    /** Its private key in PEM. */
    readonly keyPem: string;
}

/** The credentials a summary reads. */
export interface SummarizedCredentials {
    /** With certManager: the Certificate's credential name, once Ready. */
    managed?: { credentialName: pulumi.Output<string> };
    /** Absent for an `external` certificate. */
    credential?: GatewayCredential;
    secondary?: GatewayCredential;
}

/** What a summary says beyond the credentials: the clusters, and an external certificate's CA from config. */
export interface SummaryContext {
    /** With data planes: the clusters each Secret is in. */
    clusters?: string[];
    externalCa?: pulumi.Input<string>;
}

/** Public facts of one certificate entry: no key material. */
export function credentialSummary(
    cert: ResolvedCertificate,
    resources: SummarizedCredentials,
    gateway: ResolvedGateway,
    now: Date,
    context: SummaryContext = {},
): pulumi.Output<CredentialSummary> {
    const { credential, secondary, managed } = resources;
    const clusters = context.clusters && { clusters: context.clusters };
    if (managed !== undefined) {
        // What the stack knows of it: cert-manager holds the certificate, its expiry and its renewals.
        return managed.credentialName.apply(
            (secretName): CredentialSummary => ({
                name: cert.name,
                secretName,
                secretNamespace: credentialNamespace(gateway),
                mode: cert.tls.mode,
                hosts: cert.hosts,
                renewBeforeDays: cert.renewBeforeDays,
                ...(cert.rotation !== undefined && { rotation: cert.rotation }),
                source: "cert-manager",
                ...clusters,
            }),
        );
    }
    if (credential === undefined) {
        return pulumi.output(context.externalCa).apply(
            (caCertPem): CredentialSummary => ({
                name: cert.name,
                secretName: cert.secretName,
                secretNamespace: credentialNamespace(gateway),
                mode: cert.tls.mode,
                hosts: cert.hosts,
                renewBeforeDays: cert.renewBeforeDays,
                source: "external",
                ...clusters,
                ...(caCertPem !== undefined && { caCertPem }),
            }),
        );
    }
    const known = pulumi.all({
        secretName: credential.credentialName,
        notAfter: credential.notAfter,
        fingerprintSha256: credential.fingerprintSha256,
    });
    const optional = pulumi.all({
        caCertPem: credential.caCertPem,
        clientCaCertPem: credential.clientCaPem,
        secondarySecretName: secondary?.credentialName,
        secondaryFingerprintSha256: secondary?.fingerprintSha256,
    });
    return pulumi.all([known, optional]).apply(
        ([k, f]): CredentialSummary => ({
            name: cert.name,
            secretName: k.secretName,
            ...(f.secondarySecretName !== undefined && { secondarySecretName: f.secondarySecretName }),
            secretNamespace: credentialNamespace(gateway),
            mode: cert.tls.mode,
            hosts: cert.hosts,
            notAfter: k.notAfter,
            renewBeforeDays: cert.renewBeforeDays,
            ...(cert.issue && {
                renewAfter: nextRenewal(cert.issue.validityDays, cert.renewBeforeDays, now).toISOString(),
            }),
            ...(cert.rotation !== undefined && { rotation: cert.rotation }),
            source: cert.issue ? "issued" : "existing",
            ...clusters,
            fingerprintSha256: k.fingerprintSha256,
            ...(f.secondaryFingerprintSha256 !== undefined && {
                secondaryFingerprintSha256: f.secondaryFingerprintSha256,
            }),
            ...(f.caCertPem !== undefined && { caCertPem: f.caCertPem }),
            ...(f.clientCaCertPem !== undefined && { clientCaCertPem: f.clientCaCertPem }),
        }),
    );
}

/** One routed path and its curl check. */
export function routeSummary(route: ResolvedRoute, port: number): RouteSummary {
    return {
        host: route.host,
        path: route.probePath,
        gatewayPort: port,
        port,
        credential: route.certificateName,
        ...(route.expect && { expect: route.expect }),
        curl: curlCheck(route.host, route.probePath, port, route.certificateName),
    };
}

/** The tutorial's curl check, verifying against the CA instead of `-k`. A wildcard route is probed as `www.`. */
export function curlCheck(host: string, path: string, port: number, credential: string): string {
    const probeHost = probeHostOf(host);
    const authority = port === 443 ? probeHost : `${probeHost}:${port}`;
    return `curl --cacert ${credential}-ca.crt --resolve '${probeHost}:${port}:'"$INGRESS_HOST" https://${authority}${path}`;
}

/**
 * What an application team's stack needs of the platform's (AppRoutes, through a StackReference): the Gateway
 * its routes bind to, and the hosts delegated to each namespace. Stable: keyed by namespace, hosts sorted.
 */
export interface DelegationSummary {
    readonly gateway: { readonly api: "istio" | "gateway-api"; readonly name: string; readonly namespace: string };
    /** Delegated hosts by namespace. */
    readonly hosts: Readonly<Record<string, readonly string[]>>;
}

export function delegationSummary(gateway: ResolvedGateway, delegations: readonly Delegation[]): DelegationSummary {
    return {
        gateway: { api: gateway.api, name: gateway.name, namespace: gateway.namespace },
        hosts: Object.fromEntries(delegations.map((d) => [d.namespace, [...d.hosts]])),
    };
}
