import * as pulumi from "@pulumi/pulumi";
import { probeHostOf } from "../domain/hosts";
import { issuanceTrigger, nextRenewal, renewalGeneration } from "../domain/renewal";
import type {
    CertificateConfig,
    IngressConfig,
    ResolvedCertificate,
    ResolvedClientCa,
    ResolvedGateway,
    ResolvedRoute,
    RouteExpectation,
    TlsMode,
} from "../config/model/stack";
import { credentialNamespace, secondaryAlgorithm, secondarySuffix } from "../domain/secretNames";
import { UNREAD_SECRET } from "../config/unread";
import { resolveIngressConfig, resolvedBefore } from "../config/resolve";
import { SampleBackends } from "./backends/sampleBackends";
import { IngressGateway } from "./gateway/ingressGateway";
import { KubernetesGateway } from "./gateway/kubernetesGateway";
import { CertificateAuthority } from "./pki/certificateAuthority";
import { ClientCertificate } from "./pki/clientCertificate";
import { GatewayCredential } from "./pki/gatewayCredential";

/** SecureIngress args have the shape of the stack config (see config/schema.ts for every field), plus a clock. */
export interface SecureIngressArgs extends Omit<IngressConfig, "certificates"> {
    /** Credentials served by the gateway, one HTTPS server each; the PEMs of a certificate brought with `existing` may be secrets or outputs. */
    certificates: (Omit<CertificateConfig, "existing"> & { existing?: ExistingCertificateInput })[];
    /** The time renewal periods and brought certificates' expiry are computed from. Default: the current time. */
    now?: Date;
    /**
     * The Kubernetes provider of the mesh control plane (ASM's instance, or an external istiod's cluster): the
     * Gateway and the VirtualServices are registered through it. Secrets and sample workloads stay on the
     * component's own (data-plane) provider. Default: the component's provider for everything.
     */
    controlPlaneProvider?: pulumi.ProviderResource;
    /**
     * Label the sample apps' namespace for sidecar injection with a server-side-apply patch. Default true.
     * Turn it off when the provider renders manifests (a rendered patch is a whole Namespace manifest).
     */
    labelSampleNamespace?: boolean;
}

/** Public facts about one credential: safe for stack outputs. */
export interface CredentialSummary {
    /** The certificate entry's name. */
    name: string;
    /** Name of the TLS secret (the Gateway's credentialName). */
    secretName: string;
    /** With dualStack: the secret of the second key algorithm. */
    secondarySecretName?: string;
    /** The server's TLS mode: SIMPLE, MUTUAL or OPTIONAL_MUTUAL. */
    mode: TlsMode;
    /** Namespace of the secret: the gateway workload's. */
    secretNamespace: string;
    /** Hosts the credential serves. */
    hosts: string[];
    /** End of the server certificate's validity, ISO 8601. */
    notAfter: string;
    /** Days before expiry at which the certificate is re-issued (issued) or refused (existing). */
    renewBeforeDays: number;
    /** For issued certificates: from this instant on, the next `pulumi up` re-issues the certificate. */
    renewAfter?: string;
    /** The rotation label, if the certificate has been rotated. */
    rotation?: string;
    /** Whether the stack issued the certificate (`issued`) or it was brought with `existing` (`existing`). */
    source: "issued" | "existing";
    /** SHA-256 fingerprint of the server certificate. */
    fingerprintSha256: string;
    /** With dualStack: the fingerprint of the second certificate, which clients may be served instead. */
    secondaryFingerprintSha256?: string;
    /** The CA certificate clients verify against, for `curl --cacert`; absent if a brought chain does not include it. */
    caCertPem?: string;
    /** For MUTUAL / OPTIONAL_MUTUAL: the CA client certificates must chain to. */
    clientCaCertPem?: string;
}

/** One routed path and the command that checks it. */
export interface RouteSummary {
    host: string;
    path: string;
    /** The gateway's HTTPS port. */
    port: number;
    /** The certificate whose hosts cover this route. */
    credential: string;
    /** What the probe must get, if the route says (`npm run verify` checks it). */
    expect?: RouteExpectation;
    /** A curl check that verifies the served certificate against the CA (no `-k`). */
    curl: string;
}

/** The PEMs of a certificate brought with `existing`, as component args: plain strings, secrets, or other resources' outputs. */
export interface ExistingCertificateInput {
    /** The server certificate in PEM, optionally followed by its intermediates. */
    certPem: pulumi.Input<string>;
    /** The private key of the certificate in PEM. */
    keyPem: pulumi.Input<string>;
    /** The CA certificate clients verify against. Default: the last certificate of certPem's chain. */
    caCertPem?: pulumi.Input<string>;
}

/** The credentials of one certificate entry. */
interface CertificateResources {
    authority?: CertificateAuthority;
    credential: GatewayCredential;
    secondary?: GatewayCredential;
    clientAuthority?: CertificateAuthority;
    sampleClient?: ClientCertificate;
}

/**
 * HTTPS on an Istio / ASM ingress gateway: per certificate a root CA, a server certificate and the TLS
 * secret where the gateway looks it up; a Gateway with one HTTPS server per credential (SIMPLE or mutual TLS)
 * and a route object per routed host (Istio VirtualServices or Gateway API HTTPRoutes); optionally the tutorial's NGINX and httpbin backends.
 *
 * Args are validated before anything is registered: bad args throw a ConfigError listing every problem.
 */
export class SecureIngress extends pulumi.ComponentResource {
    /** The Gateway object and the workload it configures, with defaults filled. No key material. */
    readonly gateway: ResolvedGateway;
    /** Root CAs, by certificate name. */
    readonly authorities: Record<string, CertificateAuthority>;
    /** Server certificates and their secrets, by certificate name. */
    readonly credentials: Record<string, GatewayCredential>;
    /** With dualStack: the certificates of the second key algorithm, by certificate name. */
    readonly secondaryCredentials: Record<string, GatewayCredential>;
    /** Generated client CAs of MUTUAL / OPTIONAL_MUTUAL credentials, by certificate name. */
    readonly clientAuthorities: Record<string, CertificateAuthority>;
    /** Sample client certificates, by certificate name. */
    readonly sampleClientCertificates: Record<string, ClientCertificate>;
    /** Sample client certificates and keys by certificate name: a secret output, for `curl --cert/--key`. */
    readonly sampleClients: pulumi.Output<Record<string, { certPem: string; keyPem: string }>>;
    /** The Gateway and its routes: Istio's Gateway and VirtualServices, or the Gateway API's Gateway and HTTPRoutes. */
    readonly ingressGateway: IngressGateway | KubernetesGateway;
    /** The sample backends, when enabled. */
    readonly sampleBackends?: SampleBackends;
    /** Public facts per credential. */
    readonly credentialSummaries: pulumi.Output<CredentialSummary[]>;
    /** Routed paths with ready curl checks. */
    readonly routeSummaries: RouteSummary[];

    constructor(name: string, args: SecureIngressArgs, opts?: pulumi.ComponentResourceOptions) {
        // Before super(): bad args must fail before any resource, this one included, is registered.
        const { now = new Date(), controlPlaneProvider, labelSampleNamespace, ...ingressConfig } = args;
        const { config, existing } = validateArgs(ingressConfig, now);
        super("istio-gateway-tls:index:SecureIngress", name, {}, opts);
        this.gateway = config.gateway;

        // Logical names come from the certificate's name, never from its position in the list.
        const entries = Object.fromEntries(
            config.certificates.map((cert) => [
                cert.name,
                this.issue(`${name}-${cert.name}`, cert, existing[cert.name], now),
            ]),
        );
        const pick = <K extends keyof CertificateResources>(key: K) =>
            Object.fromEntries(
                Object.entries(entries).flatMap(([cert, resources]) =>
                    resources[key] ? [[cert, resources[key]!]] : [],
                ),
            ) as Record<string, NonNullable<CertificateResources[K]>>;
        this.authorities = pick("authority");
        this.credentials = pick("credential");
        this.secondaryCredentials = pick("secondary");
        this.clientAuthorities = pick("clientAuthority");
        this.sampleClientCertificates = pick("sampleClient");

        const Gateway = config.gateway.api === "gateway-api" ? KubernetesGateway : IngressGateway;
        this.ingressGateway = new Gateway(
            name,
            {
                gateway: config.gateway,
                servers: config.certificates.map((cert) => ({
                    certificateName: cert.name,
                    hosts: cert.hosts,
                    credentialNames: [entries[cert.name].credential, entries[cert.name].secondary].flatMap(
                        (credential) => (credential ? [credential.credentialName] : []),
                    ),
                    tls: cert.tls,
                })),
                routes: config.routes,
            },
            // Istio objects go to the control plane when it has its own API server; the Gateway still waits for
            // the data-plane secret through credentialName, the only thing that orders the two planes.
            { parent: this, ...(controlPlaneProvider && { providers: { kubernetes: controlPlaneProvider } }) },
        );
        if (config.sampleApps.enabled) {
            this.sampleBackends = new SampleBackends(
                `${name}-samples`,
                { apps: config.sampleApps, labelNamespace: labelSampleNamespace },
                { parent: this },
            );
        }

        this.credentialSummaries = pulumi.all(
            config.certificates.map((cert) => credentialSummary(cert, entries[cert.name], config.gateway, now)),
        );
        const clients = Object.entries(this.sampleClientCertificates).map(([cert, client]) => [
            cert,
            pulumi.all({ certPem: client.certPem, keyPem: client.keyPem }),
        ]);
        this.sampleClients = pulumi.secret(
            pulumi
                .all(Object.fromEntries(clients))
                .apply((pems) => pems as Record<string, { certPem: string; keyPem: string }>),
        );
        this.routeSummaries = config.routes.map((route) => routeSummary(route, config.gateway.port));
        this.registerOutputs({
            credentials: this.credentialSummaries,
            routes: this.routeSummaries,
            sampleClients: this.sampleClients,
        });
    }

    /** The CA, server credential(s) and client CA of one certificate entry. */
    private issue(
        prefix: string,
        cert: ResolvedCertificate,
        existing: ExistingCertificateInput | undefined,
        now: Date,
    ): CertificateResources {
        const renewal = (validityDays: number) => renewalGeneration(validityDays, cert.renewBeforeDays, now);
        const client =
            cert.clientCa?.generate && this.clientAuthority(prefix, cert.name, cert.clientCa.generate, renewal);
        const common = {
            namespace: credentialNamespace(this.gateway),
            clientCaPem: client ? client.authority.certPem : cert.clientCa?.certPem,
        };
        if (!cert.issue) {
            const credential = new GatewayCredential(
                prefix,
                { ...common, secretName: cert.secretName, source: { kind: "existing", ...existing! } },
                { parent: this },
            );
            return { credential, clientAuthority: client?.authority, sampleClient: client?.sample };
        }
        const { ca, ...settings } = cert.issue;
        const authority = new CertificateAuthority(
            prefix,
            {
                subject: ca.subject,
                validityDays: ca.validityDays,
                key: settings,
                renewalTrigger: `renewal=${renewal(ca.validityDays)}`,
            },
            { parent: this },
        );
        const source = {
            kind: "issued" as const,
            authority,
            settings,
            issuanceTrigger: issuanceTrigger(cert.rotation, renewal(settings.validityDays)),
        };
        const credential = new GatewayCredential(
            prefix,
            { ...common, secretName: cert.secretName, source },
            { parent: this },
        );
        // dualStack: the same hosts with the other key algorithm, signed by the same CA.
        const algorithm = secondaryAlgorithm(settings.keyAlgorithm);
        const secondary =
            cert.secondarySecretName === undefined
                ? undefined
                : new GatewayCredential(
                      `${prefix}${secondarySuffix(settings.keyAlgorithm)}`,
                      {
                          ...common,
                          secretName: cert.secondarySecretName,
                          source: { ...source, settings: { ...settings, keyAlgorithm: algorithm } },
                      },
                      { parent: this },
                  );
        return { authority, credential, secondary, clientAuthority: client?.authority, sampleClient: client?.sample };
    }

    /** A generated client CA for MUTUAL / OPTIONAL_MUTUAL, and optionally a sample client certificate it signs. */
    private clientAuthority(
        prefix: string,
        certName: string,
        generate: NonNullable<ResolvedClientCa["generate"]>,
        renewal: (validityDays: number) => number,
    ) {
        const authority = new CertificateAuthority(
            `${prefix}-client`,
            {
                subject: { commonName: generate.commonName },
                validityDays: generate.validityDays,
                key: { keyAlgorithm: "ECDSA", rsaBits: 2048, ecdsaCurve: "P256" },
                renewalTrigger: `renewal=${renewal(generate.validityDays)}`,
            },
            { parent: this },
        );
        const sample = generate.sampleClient
            ? new ClientCertificate(
                  `${prefix}-sample-client`,
                  {
                      authority,
                      commonName: `${certName}-sample-client`,
                      validityDays: Math.min(365, generate.validityDays),
                  },
                  { parent: this },
              )
            : undefined;
        return { authority, sample };
    }
}

/**
 * Validates component args. The PEMs of an existing certificate may be secrets or outputs, whose content is checked once known
 * (by the X.509 parsing of the outputs), not here; plain strings are checked here like stack config.
 */
function validateArgs(
    ingressConfig: Omit<SecureIngressArgs, "now" | "controlPlaneProvider" | "labelSampleNamespace">,
    now: Date,
) {
    const given = Array.isArray(ingressConfig.certificates) ? ingressConfig.certificates : undefined;
    const existing: Record<string, ExistingCertificateInput> = Object.fromEntries(
        (given ?? []).flatMap((cert) =>
            cert?.existing && typeof cert.name === "string" ? [[cert.name, cert.existing]] : [],
        ),
    );
    // The program's stack config was validated once already, before its providers were registered.
    const resolved = resolvedBefore(ingressConfig, now);
    if (resolved !== undefined) return { config: resolved, existing };
    const readable = (value: pulumi.Input<string> | undefined) =>
        value === undefined || typeof value === "string" ? value : UNREAD_SECRET;
    const certificates = given?.map((cert) => {
        if (cert?.existing === undefined) return cert;
        const { certPem, keyPem, caCertPem } = cert.existing;
        const pems = { certPem: readable(certPem), keyPem: readable(keyPem) };
        return { ...cert, existing: { ...pems, ...(caCertPem !== undefined && { caCertPem: readable(caCertPem) }) } };
    });
    const args = { ...ingressConfig, certificates: certificates ?? ingressConfig.certificates };
    return { config: resolveIngressConfig(args, now, "component"), existing };
}

/** Public facts of one certificate entry: no key material. */
function credentialSummary(
    cert: ResolvedCertificate,
    resources: CertificateResources,
    gateway: ResolvedGateway,
    now: Date,
): pulumi.Output<CredentialSummary> {
    const { credential, secondary } = resources;
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
function routeSummary(route: ResolvedRoute, port: number): RouteSummary {
    return {
        host: route.host,
        path: route.probePath,
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
