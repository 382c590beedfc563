// SecureIngress: HTTPS on an Istio / ASM ingress gateway. The class wires its rooms together: args settled
// and validated (args.ts), the clusters' providers (providers.ts), each certificate's credentials
// (credentials.ts), the Gateway and its routes (gateways.ts), and the sample backends.

import * as pulumi from "@pulumi/pulumi";
import { SampleBackends } from "../backends/sampleBackends";
import { CertManagerIssuer } from "../certManager/certManagerIssuer";
import { CertificateAlerts } from "../certManager/certificateAlerts";
import { credentialNamespace } from "../../domain/secretNames";
import type { CertificateAuthority } from "../pki/certificateAuthority";
import type { ClientCertificate } from "../pki/clientCertificate";
import type { DataPlaneTarget, GatewayCredential } from "../pki/gatewayCredential";
import {
    type CredentialSummary,
    type RouteSummary,
    type SampleClient,
    credentialSummary,
    routeSummary,
} from "../summaries";
import type { GatewaySummary } from "../types";
import {
    type CheckedArgs,
    type PlainArgs,
    type SecureIngressArgs,
    type SecureIngressOptions,
    argsArePlain,
    checkArgs,
    settleArgs,
} from "./args";
import { type CertificateResources, certificateResources } from "./credentials";
import { type AnyGateway, gatewaysOf, routeObjectsOf, whenStored } from "./gateways";
import { clusterProvider } from "./providers";

/** The child resources, for TypeScript callers. Kept off the class's properties: the schema carries data only. */
interface Children {
    authorities: Record<string, CertificateAuthority>;
    gatewayCredentials: Record<string, GatewayCredential>;
    secondaryCredentials: Record<string, GatewayCredential>;
    clientAuthorities: Record<string, CertificateAuthority>;
    sampleClientCertificates: Record<string, ClientCertificate>;
    gateways: AnyGateway[];
    sampleBackends?: SampleBackends;
}

/** The public outputs, once the children exist. */
interface Built {
    gateway: pulumi.Output<GatewaySummary>;
    credentialSummaries: pulumi.Output<CredentialSummary[]>;
    routeSummaries: pulumi.Output<RouteSummary[]>;
    sampleClients: pulumi.Output<Record<string, SampleClient>>;
}

/** A component's private state: set once its children are registered. */
interface State {
    ready: Promise<Built>;
    children?: Children;
}

/**
 * Private state, off the class: Pulumi's analyzer turns every property of the class, `#private` fields
 * included, into an output of the package schema, and it cannot type child components.
 */
const STATE = new WeakMap<SecureIngress, State>();

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
        const providers = { controlPlaneProvider, dataPlaneProviders };
        const state: State = { ready: Promise.resolve() as unknown as Promise<Built> };
        STATE.set(this, state);
        state.ready =
            checked !== undefined
                ? Promise.resolve(this.#build(name, checked, providers, state))
                : settleArgs(args).then((settled) => this.#build(name, settled, providers, state));
        const ready = state.ready;
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
        return STATE.get(this)!.ready.then(() => undefined);
    }
    /** Root CAs, by certificate name. */
    get authorities(): Record<string, CertificateAuthority> {
        return this.#known().authorities;
    }
    /** Server certificates and their Secrets (GatewayCredential components), by certificate name. */
    get gatewayCredentials(): Record<string, GatewayCredential> {
        return this.#known().gatewayCredentials;
    }
    /** @deprecated Renamed gatewayCredentials: the outputs' `credentials` are summaries, these are components. */
    get credentials(): Record<string, GatewayCredential> {
        return this.gatewayCredentials;
    }
    /** With dualStack: the certificates of the second key algorithm, by certificate name. */
    get secondaryCredentials(): Record<string, GatewayCredential> {
        return this.#known().secondaryCredentials;
    }
    /** Generated client CAs of MUTUAL / OPTIONAL_MUTUAL credentials, by certificate name. */
    get clientAuthorities(): Record<string, CertificateAuthority> {
        return this.#known().clientAuthorities;
    }
    /** Sample client certificates, by certificate name. */
    get sampleClientCertificates(): Record<string, ClientCertificate> {
        return this.#known().sampleClientCertificates;
    }
    /**
     * The Gateway and its routes: Istio's Gateway and VirtualServices, or the Gateway API's Gateway and
     * HTTPRoutes; one per data plane with several data planes and no control plane.
     */
    get gateways(): AnyGateway[] {
        return this.#known().gateways;
    }
    /** @deprecated The first of `gateways` (the name said "ingress gateway", which in Istio is the Envoy workload). */
    get ingressGateway(): AnyGateway {
        return this.#known().gateways[0];
    }
    /** The sample backends, when enabled (on the first of their clusters). */
    get sampleBackends(): SampleBackends | undefined {
        return this.#known().sampleBackends;
    }

    #known(): Children {
        const { children } = STATE.get(this)!;
        if (children === undefined) {
            throw new Error(
                "SecureIngress: its args were given as outputs, so its children are registered once they are known: await ingress.ready first",
            );
        }
        return children;
    }

    #build(
        name: string,
        args: CheckedArgs,
        given: Pick<SecureIngressOptions, "controlPlaneProvider" | "dataPlaneProviders">,
        state: State,
    ): Built {
        const { config, now } = args;
        const planes: DataPlaneTarget[] | undefined = args.dataPlanes?.map((plane) => ({
            name: plane.name,
            provider:
                given.dataPlaneProviders?.[plane.name] ??
                clusterProvider(`${name}-data-plane-${plane.name}`, { ...plane, holdsSecrets: true }, { parent: this }),
        }));
        // Istio objects go to the control plane when it has its own API server; the Gateway still waits for
        // the data-plane secret through credentialName, the only thing that orders the two planes.
        const controlPlane =
            given.controlPlaneProvider ??
            (args.controlPlane &&
                clusterProvider(
                    `${name}-control-plane`,
                    { ...args.controlPlane, holdsSecrets: false },
                    { parent: this },
                ));
        // Issuers the config defines, named after themselves, where their Certificates are.
        const issuers = Object.fromEntries(
            config.issuers.map((issuer) => [
                issuer.name,
                new CertManagerIssuer(
                    `${name}-${issuer.name}`,
                    {
                        issuer,
                        namespace: credentialNamespace(config.gateway),
                        ...(config.gateway.api === "gateway-api" && {
                            gateway: { name: config.gateway.name, namespace: config.gateway.namespace },
                        }),
                        ...(planes && { planes }),
                    },
                    { parent: this },
                ),
            ]),
        );
        // Logical names come from the certificate's name, never from its position in the list.
        const context = { parent: this, now, gateway: config.gateway, issuers, ...(planes && { planes }) };
        const credentials: Record<string, CertificateResources> = Object.fromEntries(
            config.certificates.map((cert) => [
                cert.name,
                certificateResources(`${name}-${cert.name}`, cert, args.existing[cert.name], context),
            ]),
        );
        const gateways = gatewaysOf(name, config, args.selector, credentials, { parent: this, controlPlane, planes });
        if (config.alerts.enabled) {
            // On the first data plane (or the one cluster): where the Prometheus that scrapes cert-manager is.
            new CertificateAlerts(
                `${name}-alerts`,
                {
                    namespace: credentialNamespace(config.gateway),
                    certificates: config.certificates.filter((cert) => cert.certManager !== undefined),
                    ...(config.alerts.labels && { labels: config.alerts.labels }),
                    forMinutes: config.alerts.forMinutes,
                },
                { parent: this, ...(planes && { providers: { kubernetes: planes[0].provider } }) },
            );
        }
        const samples = config.sampleApps.enabled ? this.#sampleBackends(name, args, planes) : [];
        const pick = <K extends keyof CertificateResources>(key: K) =>
            Object.fromEntries(
                Object.entries(credentials).flatMap(([cert, made]) => (made[key] ? [[cert, made[key]]] : [])),
            ) as Record<string, NonNullable<CertificateResources[K]>>;
        const children: Children = {
            authorities: pick("authority"),
            gatewayCredentials: pick("credential"),
            secondaryCredentials: pick("secondary"),
            clientAuthorities: pick("clientAuthority"),
            sampleClientCertificates: pick("sampleClient"),
            gateways,
            ...(samples[0] && { sampleBackends: samples[0] }),
        };
        state.children = children;

        const clients = Object.entries(children.sampleClientCertificates).map(([cert, client]) => [
            cert,
            pulumi.all({ certPem: client.certPem, keyPem: client.keyPem }),
        ]);
        return {
            gateway: pulumi.output({ ...config.gateway, selector: args.selector }),
            credentialSummaries: pulumi.all(
                config.certificates.map((cert) =>
                    credentialSummary(cert, credentials[cert.name], config.gateway, now, {
                        clusters: planes?.map((plane) => plane.name),
                        externalCa: args.externalCas[cert.name],
                    }),
                ),
            ),
            // Known from config, but given only once the engine has stored every route object: it saves its
            // whole state after each step, so outputs registered earlier (these, here and in the stack's
            // outputs, some 500 bytes a host) would be written again at each later step (docs/performance.md).
            routeSummaries: pulumi.output(
                whenStored(gateways.flatMap(routeObjectsOf)).then(() =>
                    config.routes.map((route) => routeSummary(route, config.gateway.port)),
                ),
            ),
            sampleClients: pulumi
                .all(Object.fromEntries(clients))
                .apply((pems) => pems as Record<string, SampleClient>),
        };
    }

    /** The tutorial's backends: on the one cluster, or on the data planes `sampleApps.dataPlanes` names (default: the first). */
    #sampleBackends(name: string, args: CheckedArgs, planes: DataPlaneTarget[] | undefined): SampleBackends[] {
        const { sampleApps } = args.config;
        const targets =
            planes === undefined
                ? [undefined]
                : planes.filter((plane) => (sampleApps.dataPlanes ?? [planes[0].name]).includes(plane.name));
        return targets.map(
            (plane) =>
                new SampleBackends(
                    plane === undefined ? `${name}-samples` : `${name}-samples-${plane.name}`,
                    { apps: { ...sampleApps, ...args.images }, labelNamespace: args.labelSampleNamespace },
                    { parent: this, ...(plane && { providers: { kubernetes: plane.provider } }) },
                ),
        );
    }
}
