import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedCertificate, ResolvedClientCa } from "../config/model/stack";
import { issuanceTrigger, renewalGeneration } from "../domain/renewal";
import { secondaryAlgorithm } from "../domain/keys";
import { credentialNamespace, secondarySuffix } from "../domain/secretNames";
import {
    type CheckedArgs,
    type PlainArgs,
    type SecureIngressArgs,
    type SecureIngressOptions,
    argsArePlain,
    checkArgs,
    settleArgs,
} from "./args";
import { SampleBackends } from "./backends/sampleBackends";
import { IstioGateway } from "./gateway/istioGateway";
import { KubernetesGateway } from "./gateway/kubernetesGateway";
import { CertificateAuthority } from "./pki/certificateAuthority";
import { ClientCertificate } from "./pki/clientCertificate";
import { type DataPlaneTarget, GatewayCredential } from "./pki/gatewayCredential";
import {
    type CredentialSummary,
    type RouteSummary,
    type SampleClient,
    credentialSummary,
    routeSummary,
} from "./summaries";
import type { ExistingCertificateConfig, GatewaySummary } from "./types";

/** The credentials of one certificate entry; none for an `external` one, whose Secret is managed elsewhere. */
interface CertificateResources {
    authority?: CertificateAuthority;
    credential?: GatewayCredential;
    secondary?: GatewayCredential;
    clientAuthority?: CertificateAuthority;
    sampleClient?: ClientCertificate;
}

/** The child resources, for TypeScript callers. Kept off the class's properties: the schema carries data only. */
interface Children {
    authorities: Record<string, CertificateAuthority>;
    credentials: Record<string, GatewayCredential>;
    secondaryCredentials: Record<string, GatewayCredential>;
    clientAuthorities: Record<string, CertificateAuthority>;
    sampleClientCertificates: Record<string, ClientCertificate>;
    gateways: (IstioGateway | KubernetesGateway)[];
    sampleBackends?: SampleBackends;
}

/** The public outputs, once the children exist. */
interface Built {
    gateway: pulumi.Output<GatewaySummary>;
    credentialSummaries: pulumi.Output<CredentialSummary[]>;
    routeSummaries: RouteSummary[];
    sampleClients: pulumi.Output<Record<string, SampleClient>>;
}

const CHILDREN = new WeakMap<SecureIngress, Children>();
const READY = new WeakMap<SecureIngress, Promise<Built>>();

/**
 * HTTPS on an Istio / ASM ingress gateway: per certificate a root CA, a server certificate and the TLS
 * secret where the gateway looks it up; a Gateway with one HTTPS server per credential (SIMPLE or mutual TLS)
 * and a route object per routed host (Istio VirtualServices or Gateway API HTTPRoutes); optionally the
 * tutorial's NGINX and httpbin backends.
 *
 * Args are validated before any child is registered: bad args throw a ConfigError listing every problem.
 * Plain args are validated before the component itself is registered, too.
 */
export class SecureIngress extends pulumi.ComponentResource {
    /** The Gateway object and the workload it configures, with defaults filled. No key material. */
    readonly gateway: pulumi.Output<GatewaySummary>;
    /** Public facts per credential: secret names, hosts, expiry, fingerprints and CA certificates. */
    readonly credentialSummaries: pulumi.Output<CredentialSummary[]>;
    /** Routed paths with ready curl checks. */
    readonly routeSummaries: pulumi.Output<RouteSummary[]>;
    /** Sample client certificates and keys by certificate name: a secret output, for `curl --cert/--key`. */
    readonly sampleClients: pulumi.Output<Record<string, SampleClient>>;

    constructor(name: string, args: SecureIngressArgs, opts: SecureIngressOptions = {}) {
        const { controlPlaneProvider, dataPlaneProviders, ...options } = opts;
        // Before super(): bad plain args must fail before any resource, this one included, is registered.
        const checked = argsArePlain(args) ? checkArgs(args as PlainArgs) : undefined;
        super("istio-gateway-tls:index:SecureIngress", name, {}, options);
        const ready =
            checked !== undefined
                ? Promise.resolve(this.build(name, checked, { controlPlaneProvider, dataPlaneProviders }))
                : settleArgs(args).then((settled) =>
                      this.build(name, settled, { controlPlaneProvider, dataPlaneProviders }),
                  );
        READY.set(this, ready);
        const output = <K extends keyof Built>(key: K) =>
            pulumi.output(ready.then((built) => built[key])) as pulumi.Output<pulumi.Unwrap<Built[K]>>;
        this.gateway = output("gateway");
        this.credentialSummaries = output("credentialSummaries");
        this.routeSummaries = output("routeSummaries");
        this.sampleClients = pulumi.secret(output("sampleClients"));
        this.registerOutputs({
            credentials: this.credentialSummaries,
            routes: this.routeSummaries,
            sampleClients: this.sampleClients,
        });
    }

    /** Settles once every child is registered; rejects with the ConfigError when args given as outputs are bad. */
    get ready(): Promise<void> {
        return READY.get(this)!.then(() => undefined);
    }
    /** Root CAs, by certificate name. */
    get authorities(): Record<string, CertificateAuthority> {
        return this.children().authorities;
    }
    /** Server certificates and their secrets, by certificate name. */
    get credentials(): Record<string, GatewayCredential> {
        return this.children().credentials;
    }
    /** With dualStack: the certificates of the second key algorithm, by certificate name. */
    get secondaryCredentials(): Record<string, GatewayCredential> {
        return this.children().secondaryCredentials;
    }
    /** Generated client CAs of MUTUAL / OPTIONAL_MUTUAL credentials, by certificate name. */
    get clientAuthorities(): Record<string, CertificateAuthority> {
        return this.children().clientAuthorities;
    }
    /** Sample client certificates, by certificate name. */
    get sampleClientCertificates(): Record<string, ClientCertificate> {
        return this.children().sampleClientCertificates;
    }
    /**
     * The Gateway and its routes: Istio's Gateway and VirtualServices, or the Gateway API's Gateway and
     * HTTPRoutes; one per data plane with several data planes and no control plane.
     */
    get gateways(): (IstioGateway | KubernetesGateway)[] {
        return this.children().gateways;
    }
    /** @deprecated The first of `gateways` (the name said "ingress gateway", which in Istio is the Envoy workload). */
    get ingressGateway(): IstioGateway | KubernetesGateway {
        return this.children().gateways[0];
    }
    /** The sample backends, when enabled. */
    get sampleBackends(): SampleBackends | undefined {
        return this.children().sampleBackends;
    }

    private children(): Children {
        const children = CHILDREN.get(this);
        if (children === undefined) {
            throw new Error(
                "SecureIngress: its args were given as outputs, so its children are registered once they are known: await ingress.ready first",
            );
        }
        return children;
    }

    private build(
        name: string,
        args: CheckedArgs,
        providers: Pick<SecureIngressOptions, "controlPlaneProvider" | "dataPlaneProviders">,
    ): Built {
        const { config, now } = args;
        const planes = this.dataPlanes(name, args, providers.dataPlaneProviders);
        // Logical names come from the certificate's name, never from its position in the list.
        const entries = Object.fromEntries(
            config.certificates.map((cert) => [
                cert.name,
                cert.external
                    ? {}
                    : this.issue(`${name}-${cert.name}`, cert, args.existing[cert.name], now, config.gateway, planes),
            ]),
        );
        const pick = <K extends keyof CertificateResources>(key: K) =>
            Object.fromEntries(
                Object.entries(entries).flatMap(([cert, resources]) =>
                    resources[key] ? [[cert, resources[key]!]] : [],
                ),
            ) as Record<string, NonNullable<CertificateResources[K]>>;

        // Istio objects go to the control plane when it has its own API server; the Gateway still waits for
        // the data-plane secret through credentialName, the only thing that orders the two planes.
        const controlPlane =
            providers.controlPlaneProvider ??
            (args.controlPlane &&
                new Provider(
                    `${name}-control-plane`,
                    { kubeconfig: args.controlPlane.kubeconfig, context: args.controlPlane.context },
                    { parent: this },
                ));
        const Gateway = config.gateway.api === "gateway-api" ? KubernetesGateway : IstioGateway;
        const gatewayArgs = {
            gateway: { ...config.gateway, selector: args.selector },
            externalCredentials: config.certificates.filter((cert) => cert.external).map((cert) => cert.secretName),
            servers: config.certificates.map((cert) => ({
                certificateName: cert.name,
                hosts: cert.hosts,
                credentialNames: cert.external
                    ? [cert.secretName]
                    : [entries[cert.name].credential, entries[cert.name].secondary].flatMap((credential) =>
                          credential ? [credential.credentialName] : [],
                      ),
                tls: cert.tls,
            })),
            routes: config.routes,
        };
        // One Gateway, on the control plane (ASM) or the one cluster; or, with data planes and no control
        // plane (Istio multi-primary), one per cluster, each waiting for the Secrets of every cluster.
        const gateways =
            controlPlane || planes === undefined
                ? [
                      new Gateway(name, gatewayArgs, {
                          parent: this,
                          ...(controlPlane && { providers: { kubernetes: controlPlane } }),
                      }),
                  ]
                : planes.map(
                      (plane) =>
                          new Gateway(`${name}-${plane.name}`, gatewayArgs, {
                              parent: this,
                              providers: { kubernetes: plane.provider },
                          }),
                  );
        const sampleTargets =
            planes === undefined
                ? [undefined]
                : planes.filter((plane) => (config.sampleApps.dataPlanes ?? [planes[0].name]).includes(plane.name));
        const samples = config.sampleApps.enabled
            ? sampleTargets.map(
                  (plane) =>
                      new SampleBackends(
                          plane === undefined ? `${name}-samples` : `${name}-samples-${plane.name}`,
                          { apps: { ...config.sampleApps, ...args.images }, labelNamespace: args.labelSampleNamespace },
                          { parent: this, ...(plane && { providers: { kubernetes: plane.provider } }) },
                      ),
              )
            : [];
        const sampleBackends = samples[0];
        const children: Children = {
            authorities: pick("authority"),
            credentials: pick("credential"),
            secondaryCredentials: pick("secondary"),
            clientAuthorities: pick("clientAuthority"),
            sampleClientCertificates: pick("sampleClient"),
            gateways,
            ...(sampleBackends && { sampleBackends }),
        };
        CHILDREN.set(this, children);

        const clients = Object.entries(children.sampleClientCertificates).map(([cert, client]) => [
            cert,
            pulumi.all({ certPem: client.certPem, keyPem: client.keyPem }),
        ]);
        return {
            gateway: pulumi.output({ ...config.gateway, selector: args.selector }),
            credentialSummaries: pulumi.all(
                config.certificates.map((cert) =>
                    credentialSummary(cert, entries[cert.name], config.gateway, now, {
                        clusters: planes?.map((plane) => plane.name),
                        externalCa: args.externalCas[cert.name],
                    }),
                ),
            ),
            routeSummaries: config.routes.map((route) => routeSummary(route, config.gateway.port)),
            sampleClients: pulumi
                .all(Object.fromEntries(clients))
                .apply((pems) => pems as Record<string, SampleClient>),
        };
    }

    /** The data-plane clusters and their providers: given (TypeScript), or made from kubeconfig and context. */
    private dataPlanes(
        name: string,
        args: CheckedArgs,
        given: SecureIngressOptions["dataPlaneProviders"],
    ): DataPlaneTarget[] | undefined {
        return args.dataPlanes?.map((plane) => ({
            name: plane.name,
            provider:
                given?.[plane.name] ??
                // enableSecretMutable: a renewal updates each cluster's Secret in place.
                new Provider(
                    `${name}-data-plane-${plane.name}`,
                    { kubeconfig: plane.kubeconfig, context: plane.context, enableSecretMutable: true },
                    { parent: this },
                ),
        }));
    }

    /** The CA, server credential(s) and client CA of one certificate entry. */
    private issue(
        prefix: string,
        cert: ResolvedCertificate,
        existing: ExistingCertificateConfig | undefined,
        now: Date,
        gateway: CheckedArgs["config"]["gateway"],
        planes: DataPlaneTarget[] | undefined,
    ): CertificateResources {
        const renewal = (validityDays: number) => renewalGeneration(validityDays, cert.renewBeforeDays, now);
        const client =
            cert.clientCa?.generate && this.clientAuthority(prefix, cert.name, cert.clientCa.generate, renewal);
        const common = {
            ...(planes !== undefined && { planes }),
            namespace: credentialNamespace(gateway),
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
