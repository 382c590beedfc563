// Istio Gateway and VirtualService specs, built as plain data from the resolved config.
// Generic over the credential name so the component can pass the secret's name as an output
// (the Gateway then waits for the secret), and tests can pass strings.

import { EXTERNAL_CREDENTIALS_ANNOTATION } from "../../domain/credentials";
import { type Delegation, serverHosts } from "../../domain/delegation";
import { routeObjectName } from "../../domain/hosts";
import type { ResolvedGateway, ResolvedRoute, ResolvedTls } from "../../config/resolved";

export const ISTIO_NETWORKING_API = "networking.istio.io/v1";

export { EXTERNAL_CREDENTIALS_ANNOTATION, WORKLOAD_NAMESPACE_ANNOTATION } from "../../domain/credentials";

/** The annotation, when there is something to record: an unchanged Gateway for stacks without external certificates. */
export function externalAnnotation(names: readonly string[] | undefined): Record<string, string> {
    return names && names.length > 0 ? { [EXTERNAL_CREDENTIALS_ANNOTATION]: [...names].sort().join(",") } : {};
}

/** The Gateway's settings with defaults filled; the selector's values may be outputs (`Label`). */
export type GatewayInput<Label = string> = Omit<ResolvedGateway, "selector"> & { selector: Record<string, Label> };

export interface HttpsServerInput<Name> {
    /** The certificate entry's name; labels the server's ports. */
    certificateName: string;
    /** SNI hosts the server answers for. */
    hosts: string[];
    /** Secrets holding the server certificate, in the gateway workload's namespace: one, or two (RSA + ECDSA). */
    credentialNames: Name[];
    /** Mode, versions, ciphers, client SANs and redirect of this credential's server. */
    tls: ResolvedTls;
    /** cert-manager proves a host of it with HTTP-01: port 80 must answer the challenge path. */
    acmeHttp01?: boolean;
}

/** A redirect that must leave cert-manager's HTTP-01 challenge path alone. */
const redirectsBesideAcme = <Name>(server: HttpsServerInput<Name>) => server.tls.httpsRedirect && server.acmeHttp01;

/** A credential's port-80 server: its hosts, over plain HTTP. */
function httpServer<Name>(server: HttpsServerInput<Name>) {
    return {
        port: { number: 80, name: `http-${server.certificateName}`, protocol: "HTTP" },
        hosts: [...server.hosts],
    };
}

/** Istio ServerTLSSettings for one credential: only the fields that are set, so the spec stays minimal. */
function serverTls<Name>(server: HttpsServerInput<Name>) {
    const { tls } = server;
    return {
        mode: tls.mode,
        ...(server.credentialNames.length === 1
            ? { credentialName: server.credentialNames[0] }
            : { credentialNames: [...server.credentialNames] }),
        minProtocolVersion: tls.minProtocolVersion,
        ...(tls.maxProtocolVersion !== undefined && { maxProtocolVersion: tls.maxProtocolVersion }),
        ...(tls.cipherSuites !== undefined && { cipherSuites: [...tls.cipherSuites] }),
        ...(tls.subjectAltNames !== undefined && { subjectAltNames: [...tls.subjectAltNames] }),
    };
}

/**
 * One HTTPS server per credential, in the given (sorted) order, terminating TLS with the secret from SDS;
 * then one port-80 redirect server per credential that asks for it. Redirects come last, so that adding one
 * never moves an HTTPS server.
 */
export function buildGatewaySpec<Name, Label = string>(
    gateway: GatewayInput<Label>,
    servers: HttpsServerInput<Name>[],
    delegations: readonly Delegation[] = [],
) {
    // With delegations each host is `namespace/host`, so only its namespace's VirtualServices can bind it.
    const hostsOf = (server: HttpsServerInput<Name>) =>
        delegations.length > 0 ? serverHosts(server.hosts, gateway.namespace, delegations) : [...server.hosts];
    return {
        selector: { ...gateway.selector },
        servers: [
            ...servers.map((server) => ({
                port: { number: gateway.port, name: `https-${server.certificateName}`, protocol: "HTTPS" },
                hosts: hostsOf(server),
                tls: serverTls(server),
            })),
            ...servers
                .filter((server) => server.tls.httpsRedirect && !server.acmeHttp01)
                .map((server) => ({ ...httpServer(server), tls: { httpsRedirect: true } })),
        ],
    };
}

/**
 * With Istio's API, a port-80 redirect beside HTTP-01 (istio/istio#33593: `httpsRedirect` makes the whole
 * port-80 virtual host require TLS, so the CA gets a redirect, not the token). Instead: a Gateway of its own
 * (`<name>-http`) whose port-80 servers redirect nothing, and one VirtualService bound to it alone with a
 * catch-all redirect. cert-manager's challenge Ingress becomes an exact-path route on the same port-80
 * virtual host, and istiod orders catch-all routes last when it merges virtual services there, so the
 * challenge is answered and everything else redirected. A Gateway of its own, so that the routes bound to
 * the stack's Gateway never serve plain HTTP on port 80.
 */
export function buildAcmeRedirect<Label>(gateway: GatewayInput<Label>, servers: HttpsServerInput<unknown>[]) {
    const redirecting = servers.filter(redirectsBesideAcme);
    if (redirecting.length === 0) return undefined;
    const name = `${gateway.name}-http`;
    return {
        gateway: {
            name,
            spec: {
                selector: { ...gateway.selector },
                servers: redirecting.map(httpServer),
            },
        },
        virtualService: {
            name: `${gateway.name}-https-redirect`,
            spec: {
                hosts: [...new Set(redirecting.flatMap((server) => server.hosts))],
                gateways: [`${gateway.namespace}/${name}`],
                http: [{ redirect: { scheme: "https", redirectCode: 301 } }],
            },
        },
    };
}

export interface VirtualServiceDefinition {
    /** The host this VirtualService routes. */
    host: string;
    /** Object name: the host itself, with a wildcard label spelled `wildcard`. */
    name: string;
    spec: {
        hosts: string[];
        gateways: string[];
        http: {
            match: { uri: { prefix: string } }[];
            route: { destination: { host: string; port: { number: number } } }[];
        }[];
    };
}

/**
 * One VirtualService per host, bound to the gateway as `<namespace>/<name>`.
 * Expects routes sorted by host, then longest prefix first (as resolution sorts them): Istio takes the
 * first matching rule, so `/status/418` must come before `/status`.
 */
export function buildVirtualServices(
    gateway: Pick<GatewayInput<unknown>, "name" | "namespace">,
    routes: ResolvedRoute[],
): VirtualServiceDefinition[] {
    const byHost = new Map<string, ResolvedRoute[]>();
    for (const route of routes) {
        const group = byHost.get(route.host);
        if (group) group.push(route);
        else byHost.set(route.host, [route]);
    }
    return [...byHost].map(([host, hostRoutes]) => ({
        host,
        name: routeObjectName(host),
        spec: {
            hosts: [host],
            gateways: [`${gateway.namespace}/${gateway.name}`],
            http: hostRoutes.map((route) => ({
                match: [{ uri: { prefix: route.pathPrefix } }],
                route: [{ destination: { host: route.destinationHost, port: { number: route.port } } }],
            })),
        },
    }));
}
