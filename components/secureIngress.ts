import * as pulumi from "@pulumi/pulumi";
import { IngressConfig, ResolvedIngressConfig, RouteExpectation } from "../stacks/schema";
import { daysRemaining, issuanceTrigger, nextRenewal, renewalGeneration } from "../stacks/renewal";
import { resolveIngressConfig } from "../stacks/validate";
import { SampleBackends } from "./backends/sampleBackends";
import { IngressGateway } from "./gateway/ingressGateway";
import { CertificateAuthority } from "./pki/certificateAuthority";
import { GatewayCredential } from "./pki/gatewayCredential";

/** SecureIngress args have the shape of the stack config (see stacks/schema.ts for every field), plus a clock. */
export interface SecureIngressArgs extends IngressConfig {
    /** The time renewal periods and brought certificates' expiry are computed from. Default: the current time. */
    now?: Date;
}

/** Public facts about one credential: safe for stack outputs. */
export interface CredentialSummary {
    /** The certificate entry's name. */
    name: string;
    /** Name of the TLS secret (the Gateway's credentialName). */
    secretName: string;
    /** Namespace of the secret: the gateway workload's. */
    secretNamespace: string;
    /** Hosts the credential serves. */
    hosts: string[];
    /** End of the server certificate's validity, ISO 8601. */
    notAfter: string;
    /** Whole days until notAfter, as of this run. */
    daysRemaining: number;
    /** Days before expiry at which the certificate is re-issued (issued) or refused (brought). */
    renewBeforeDays: number;
    /** For issued certificates: from this instant on, the next `pulumi up` re-issues the certificate. */
    renewAfter?: string;
    /** The rotation label, if the certificate has been rotated. */
    rotation?: string;
    /** Whether the stack issued the certificate (`issued`) or it was brought (`existing`). */
    source: "issued" | "existing";
    /** SHA-256 fingerprint of the server certificate. */
    fingerprintSha256: string;
    /** The CA certificate clients verify against, for `curl --cacert`; absent if a brought chain does not include it. */
    caCertPem?: string;
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

/**
 * HTTPS on an Istio / ASM ingress gateway: per certificate a root CA, a server certificate and the TLS
 * secret in the gateway workload's namespace; a Gateway with one SIMPLE-TLS server per credential; one
 * VirtualService per routed host; optionally the tutorial's NGINX and httpbin backends.
 *
 * Args are validated before anything is registered: bad args throw a ConfigError listing every problem.
 */
export class SecureIngress extends pulumi.ComponentResource {
    /** The validated args with their defaults, sorted so that input order never matters. */
    readonly config: ResolvedIngressConfig;
    /** Root CAs, by certificate name. */
    readonly authorities: Record<string, CertificateAuthority>;
    /** Server certificates and their secrets, by certificate name. */
    readonly credentials: Record<string, GatewayCredential>;
    /** The Gateway and its VirtualServices. */
    readonly ingressGateway: IngressGateway;
    /** The sample backends, when enabled. */
    readonly sampleBackends?: SampleBackends;
    /** Public facts per credential. */
    readonly credentialSummaries: pulumi.Output<CredentialSummary[]>;
    /** Routed paths with ready curl checks. */
    readonly routeSummaries: RouteSummary[];

    constructor(name: string, args: SecureIngressArgs, opts?: pulumi.ComponentResourceOptions) {
        // Before super(): bad args must fail before any resource, this one included, is registered.
        const { now = new Date(), ...ingressConfig } = args;
        const config = resolveIngressConfig(ingressConfig, now, "component");
        super("istio-gateway-tls:index:SecureIngress", name, {}, opts);
        this.config = config;
        const { gateway } = config;

        this.authorities = {};
        this.credentials = {};
        for (const cert of config.certificates) {
            // Logical names come from the certificate's name, never from its position in the list.
            let authority: CertificateAuthority | undefined;
            let generation = 0;
            if (cert.issue) {
                const { ca } = cert.issue;
                authority = new CertificateAuthority(
                    `${name}-${cert.name}`,
                    {
                        subject: ca.subject,
                        validityDays: ca.validityDays,
                        key: cert.issue,
                        renewalTrigger: `renewal=${renewalGeneration(ca.validityDays, cert.renewBeforeDays, now)}`,
                    },
                    { parent: this },
                );
                this.authorities[cert.name] = authority;
                generation = renewalGeneration(cert.issue.validityDays, cert.renewBeforeDays, now);
            }
            this.credentials[cert.name] = new GatewayCredential(
                `${name}-${cert.name}`,
                { certificate: cert, authority, namespace: gateway.workloadNamespace, issuanceTrigger: issuanceTrigger(cert.rotation, generation) },
                { parent: this },
            );
        }

        this.ingressGateway = new IngressGateway(
            name,
            {
                gateway,
                servers: config.certificates.map((cert) => ({
                    certificateName: cert.name,
                    hosts: cert.hosts,
                    credentialName: this.credentials[cert.name].credentialName,
                })),
                routes: config.routes,
            },
            { parent: this },
        );

        if (config.sampleApps.enabled) {
            this.sampleBackends = new SampleBackends(`${name}-samples`, { apps: config.sampleApps }, { parent: this });
        }

        this.credentialSummaries = pulumi.all(
            config.certificates.map((cert) => {
                const credential = this.credentials[cert.name];
                return pulumi.all([credential.credentialName, credential.notAfter, credential.fingerprintSha256, credential.caCertPem])
                    .apply(([secretName, notAfter, fingerprintSha256, caCertPem]): CredentialSummary => ({
                        name: cert.name,
                        secretName,
                        secretNamespace: gateway.workloadNamespace,
                        hosts: cert.hosts,
                        notAfter,
                        daysRemaining: daysRemaining(notAfter, now),
                        renewBeforeDays: cert.renewBeforeDays,
                        ...(cert.issue && { renewAfter: nextRenewal(cert.issue.validityDays, cert.renewBeforeDays, now).toISOString() }),
                        ...(cert.rotation !== undefined && { rotation: cert.rotation }),
                        source: cert.issue ? "issued" : "existing",
                        fingerprintSha256,
                        ...(caCertPem !== undefined && { caCertPem }),
                    }));
            }),
        );
        this.routeSummaries = config.routes.map((route) => ({
            host: route.host,
            path: route.probePath,
            port: gateway.port,
            credential: route.certificateName,
            ...(route.expect && { expect: route.expect }),
            curl: curlCheck(route.host, route.probePath, gateway.port, route.certificateName),
        }));
        this.registerOutputs({ credentials: this.credentialSummaries, routes: this.routeSummaries });
    }
}

/** The tutorial's curl check, verifying against the CA instead of `-k`. A wildcard route is probed as `www.`. */
export function curlCheck(host: string, path: string, port: number, credential: string): string {
    const probeHost = host.replace(/^\*\./, "www.");
    const authority = port === 443 ? probeHost : `${probeHost}:${port}`;
    return `curl --cacert ${credential}-ca.crt --resolve '${probeHost}:${port}:'"$INGRESS_HOST" https://${authority}${path}`;
}
