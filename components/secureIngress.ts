import * as pulumi from "@pulumi/pulumi";
import { IngressConfig, ResolvedCertificate, ResolvedIngressConfig, RouteExpectation, TlsMode } from "../config/schema";
import { issuanceTrigger, nextRenewal, renewalGeneration } from "../config/renewal";
import { secondaryAlgorithm } from "../config/secrets";
import { resolveIngressConfig } from "../config/validate";
import { SampleBackends } from "./backends/sampleBackends";
import { IngressGateway } from "./gateway/ingressGateway";
import { CertificateAuthority } from "./pki/certificateAuthority";
import { ClientCertificate } from "./pki/clientCertificate";
import { GatewayCredential } from "./pki/gatewayCredential";

/** SecureIngress args have the shape of the stack config (see config/schema.ts for every field), plus a clock. */
export interface SecureIngressArgs extends IngressConfig {
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
    /** With dualStack: the certificates of the second key algorithm, by certificate name. */
    readonly secondaryCredentials: Record<string, GatewayCredential>;
    /** Generated client CAs of MUTUAL / OPTIONAL_MUTUAL credentials, by certificate name. */
    readonly clientAuthorities: Record<string, CertificateAuthority>;
    /** Sample client certificates, by certificate name. */
    readonly sampleClientCertificates: Record<string, ClientCertificate>;
    /** Sample client certificates and keys by certificate name: a secret output, for `curl --cert/--key`. */
    readonly sampleClients: pulumi.Output<Record<string, { certPem: string; keyPem: string }>>;
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
        const { now = new Date(), controlPlaneProvider, labelSampleNamespace, ...ingressConfig } = args;
        const config = resolveIngressConfig(ingressConfig, now, "component");
        super("istio-gateway-tls:index:SecureIngress", name, {}, opts);
        this.config = config;
        const { gateway } = config;

        this.authorities = {};
        this.credentials = {};
        this.secondaryCredentials = {};
        this.clientAuthorities = {};
        this.sampleClientCertificates = {};
        for (const cert of config.certificates) {
            // Logical names come from the certificate's name, never from its position in the list.
            const prefix = `${name}-${cert.name}`;
            const renewal = (validityDays: number) => renewalGeneration(validityDays, cert.renewBeforeDays, now);
            const clientCaPem = this.clientCa(prefix, cert, renewal);
            let authority: CertificateAuthority | undefined;
            let generation = 0;
            if (cert.issue) {
                const { ca } = cert.issue;
                authority = new CertificateAuthority(
                    prefix,
                    { subject: ca.subject, validityDays: ca.validityDays, key: cert.issue, renewalTrigger: `renewal=${renewal(ca.validityDays)}` },
                    { parent: this },
                );
                this.authorities[cert.name] = authority;
                generation = renewal(cert.issue.validityDays);
            }
            const common = { authority, namespace: gateway.workloadNamespace, issuanceTrigger: issuanceTrigger(cert.rotation, generation), clientCaPem };
            this.credentials[cert.name] = new GatewayCredential(prefix, { ...common, certificate: cert }, { parent: this });
            if (cert.issue && cert.secondarySecretName) {
                // dualStack: the same hosts with the other key algorithm, signed by the same CA.
                const algorithm = secondaryAlgorithm(cert.issue.keyAlgorithm);
                const secondary = { ...cert, secretName: cert.secondarySecretName, issue: { ...cert.issue, keyAlgorithm: algorithm } };
                this.secondaryCredentials[cert.name] = new GatewayCredential(`${prefix}-${algorithm.toLowerCase()}`, { ...common, certificate: secondary }, { parent: this });
            }
        }

        this.ingressGateway = new IngressGateway(
            name,
            {
                gateway,
                servers: config.certificates.map((cert) => ({
                    certificateName: cert.name,
                    hosts: cert.hosts,
                    credentialNames: [this.credentials[cert.name], this.secondaryCredentials[cert.name]]
                        .filter((credential) => credential !== undefined)
                        .map((credential) => credential.credentialName),
                    tls: cert.tls,
                })),
                routes: config.routes,
            },
            // Istio objects go to the control plane when it has its own API server; the Gateway still waits for
            // the data-plane secret through credentialName, the only thing that orders the two planes.
            { parent: this, ...(controlPlaneProvider && { providers: { kubernetes: controlPlaneProvider } }) },
        );

        if (config.sampleApps.enabled) {
            this.sampleBackends = new SampleBackends(`${name}-samples`, { apps: config.sampleApps, labelNamespace: labelSampleNamespace }, { parent: this });
        }

        this.credentialSummaries = pulumi.all(
            config.certificates.map((cert) => {
                const credential = this.credentials[cert.name];
                const secondary = this.secondaryCredentials[cert.name];
                return pulumi
                    .all([
                        credential.credentialName,
                        credential.notAfter,
                        credential.fingerprintSha256,
                        credential.caCertPem,
                        secondary?.credentialName,
                        secondary?.fingerprintSha256,
                        credential.clientCaPem,
                    ])
                    .apply(([secretName, notAfter, fingerprintSha256, caCertPem, secondaryName, secondaryFingerprint, clientCaCertPem]): CredentialSummary => ({
                        name: cert.name,
                        secretName,
                        ...(secondaryName !== undefined && { secondarySecretName: secondaryName }),
                        secretNamespace: gateway.workloadNamespace,
                        mode: cert.tls.mode,
                        hosts: cert.hosts,
                        notAfter,
                        renewBeforeDays: cert.renewBeforeDays,
                        ...(cert.issue && { renewAfter: nextRenewal(cert.issue.validityDays, cert.renewBeforeDays, now).toISOString() }),
                        ...(cert.rotation !== undefined && { rotation: cert.rotation }),
                        source: cert.issue ? "issued" : "existing",
                        fingerprintSha256,
                        ...(secondaryFingerprint !== undefined && { secondaryFingerprintSha256: secondaryFingerprint }),
                        ...(caCertPem !== undefined && { caCertPem }),
                        ...(clientCaCertPem !== undefined && { clientCaCertPem }),
                    }));
            }),
        );
        const clients = Object.entries(this.sampleClientCertificates);
        this.sampleClients = pulumi.secret(
            pulumi
                .all(clients.map(([, client]) => pulumi.all([client.certPem, client.keyPem])))
                .apply((pems) => Object.fromEntries(pems.map(([certPem, keyPem], i) => [clients[i][0], { certPem, keyPem }]))),
        );
        this.routeSummaries = config.routes.map((route) => ({
            host: route.host,
            path: route.probePath,
            port: gateway.port,
            credential: route.certificateName,
            ...(route.expect && { expect: route.expect }),
            curl: curlCheck(route.host, route.probePath, gateway.port, route.certificateName),
        }));
        this.registerOutputs({ credentials: this.credentialSummaries, routes: this.routeSummaries, sampleClients: this.sampleClients });
    }

    /** The client CA bundle of a MUTUAL / OPTIONAL_MUTUAL credential: generated here (with an optional sample client), or supplied. */
    private clientCa(prefix: string, cert: ResolvedCertificate, renewal: (validityDays: number) => number): pulumi.Input<string> | undefined {
        const generate = cert.clientCa?.generate;
        if (!generate) return cert.clientCa?.certPem;
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
        this.clientAuthorities[cert.name] = authority;
        if (generate.sampleClient) {
            this.sampleClientCertificates[cert.name] = new ClientCertificate(
                `${prefix}-sample-client`,
                { authority, commonName: `${cert.name}-sample-client`, validityDays: Math.min(365, generate.validityDays) },
                { parent: this },
            );
        }
        return authority.certPem;
    }
}

/** The tutorial's curl check, verifying against the CA instead of `-k`. A wildcard route is probed as `www.`. */
export function curlCheck(host: string, path: string, port: number, credential: string): string {
    const probeHost = host.replace(/^\*\./, "www.");
    const authority = port === 443 ? probeHost : `${probeHost}:${port}`;
    return `curl --cacert ${credential}-ca.crt --resolve '${probeHost}:${port}:'"$INGRESS_HOST" https://${authority}${path}`;
}
