// Kubernetes Gateway API objects (gateway.networking.k8s.io) built as plain data from the resolved config:
// the Gateway's listeners, one HTTPRoute per routed host, HTTPS redirects, and the ReferenceGrants that let
// routes reach Services in other namespaces. Generic over the secret name, as the Istio spec builders are.

import { type Delegation, allowedRoutes, coveredDelegations, listedDelegate } from "../../domain/delegation";
import { hostCovers, routeObjectName } from "../../domain/hosts";
import type { ResolvedRoute } from "../../config/resolved";
import type { GatewayInput, HttpsServerInput } from "./spec";

export const GATEWAY_API = "gateway.networking.k8s.io/v1";
/** ReferenceGrant is v1beta1 in every Gateway API release that Istio 1.22+ supports. */
export const REFERENCE_GRANT_API = "gateway.networking.k8s.io/v1beta1";
const GATEWAY_API_GROUP = "gateway.networking.k8s.io";

/** A listener's name, from its protocol and host: stable under reordering, `*.` spelled `wildcard.`. */
export function listenerName(protocol: "https" | "http", host: string): string {
    return `${protocol}-${routeObjectName(host)}`;
}

/** The certificate host that serves a route's host: the listener an HTTPRoute attaches to. */
function servingHost<Name>(servers: HttpsServerInput<Name>[], route: ResolvedRoute): string {
    const server = servers.find((s) => s.certificateName === route.certificateName)!;
    return server.hosts.find((host) => hostCovers(host, route.host))!;
}

/**
 * One HTTPS listener per host of each certificate (TLS terminated with that certificate's Secret), in the
 * given (sorted) order and by host; then one port-80 HTTP listener per host of a certificate with
 * httpsRedirect or whose HTTP-01 challenges cert-manager answers there, so that adding a redirect never
 * renames or moves an HTTPS listener. cert-manager's challenge HTTPRoute matches an exact path, which wins
 * over the redirect route's implicit `/` prefix (the Gateway API's precedence), so the two live side by side.
 */
export function buildKubernetesGatewaySpec<Name>(
    gateway: GatewayInput<unknown>,
    servers: HttpsServerInput<Name>[],
    delegations: readonly Delegation[] = [],
) {
    const byHost = (server: HttpsServerInput<Name>) => [...server.hosts].sort().map((host) => ({ server, host }));
    const https = (server: HttpsServerInput<Name>, host: string) => ({
        name: listenerName("https", host),
        hostname: host,
        port: gateway.port,
        protocol: "HTTPS",
        tls: {
            mode: "Terminate",
            certificateRefs: server.credentialNames.map((name) => ({ kind: "Secret", name })),
        },
    });
    // A delegated host a certificate lists itself admits its delegate's routes on that host's listener; one it
    // only covers gets a listener of its own, after every other, so delegating never renames a listener.
    const delegatedListeners = servers.flatMap((server) =>
        coveredDelegations(server.hosts, delegations).map(({ namespace, host }) => ({
            ...https(server, host),
            allowedRoutes: allowedRoutes(namespace),
        })),
    );
    return {
        gatewayClassName: gateway.className,
        listeners: [
            ...servers.flatMap(byHost).map(({ server, host }) => {
                const namespace = listedDelegate(host, delegations);
                return {
                    ...https(server, host),
                    ...(namespace !== undefined && { allowedRoutes: allowedRoutes(namespace) }),
                };
            }),
            ...servers
                .filter((server) => server.tls.httpsRedirect || server.acmeHttp01)
                .flatMap(byHost)
                .map(({ host }) => ({ name: listenerName("http", host), hostname: host, port: 80, protocol: "HTTP" })),
            ...delegatedListeners,
        ],
    };
}

export interface HttpRouteDefinition {
    /** Object name: the routed host (`*.` spelled `wildcard.`), or `https-redirect-` and the listener's host. */
    name: string;
    spec: Record<string, unknown>;
}

/** One HTTPRoute per routed host, attached to the listener `sectionOf` names, longest path prefix first. */
export function routedHttpRoutes(
    gateway: Pick<GatewayInput<unknown>, "name" | "namespace">,
    routes: ResolvedRoute[],
    sectionOf: (route: ResolvedRoute) => string,
): HttpRouteDefinition[] {
    const byHost = new Map<string, ResolvedRoute[]>();
    for (const route of routes) byHost.set(route.host, [...(byHost.get(route.host) ?? []), route]);
    return [...byHost].map(([host, hostRoutes]) => ({
        name: routeObjectName(host),
        spec: {
            parentRefs: [{ name: gateway.name, namespace: gateway.namespace, sectionName: sectionOf(hostRoutes[0]) }],
            hostnames: [host],
            rules: hostRoutes.map((route) => ({
                matches: [{ path: { type: "PathPrefix", value: route.pathPrefix } }],
                backendRefs: [{ name: route.service, namespace: route.namespace, port: route.port }],
            })),
        },
    }));
}

/**
 * One HTTPRoute per routed host, attached to the HTTPS listener of the certificate host that covers it,
 * longest path prefix first (routes arrive sorted so); then one redirect route per HTTP listener.
 */
export function buildHttpRoutes<Name>(
    gateway: GatewayInput<unknown>,
    servers: HttpsServerInput<Name>[],
    routes: ResolvedRoute[],
): HttpRouteDefinition[] {
    const parent = (sectionName: string) => ({ name: gateway.name, namespace: gateway.namespace, sectionName });
    const routed = routedHttpRoutes(gateway, routes, (route) => listenerName("https", servingHost(servers, route)));
    const redirects = servers
        .filter((server) => server.tls.httpsRedirect)
        .flatMap((server) => [...server.hosts].sort())
        .map((host) => ({
            name: `https-redirect-${routeObjectName(host)}`,
            spec: {
                parentRefs: [parent(listenerName("http", host))],
                hostnames: [host],
                rules: [
                    { filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] },
                ],
            },
        }));
    return [...routed, ...redirects];
}

export interface ReferenceGrantDefinition {
    /** The namespace whose Services the routes may reach. */
    namespace: string;
    name: string;
    spec: { from: { group: string; kind: string; namespace: string }[]; to: { group: string; kind: string }[] };
}

/** Per namespace other than the Gateway's that routes point into: a grant for HTTPRoutes there to reach its Services. */
export function buildReferenceGrants(
    gateway: GatewayInput<unknown>,
    routes: ResolvedRoute[],
): ReferenceGrantDefinition[] {
    const namespaces = [...new Set(routes.map((route) => route.namespace))]
        .filter((ns) => ns !== gateway.namespace)
        .sort();
    return namespaces.map((namespace) => ({
        namespace,
        name: `${gateway.name}-httproutes`,
        spec: {
            from: [{ group: GATEWAY_API_GROUP, kind: "HTTPRoute", namespace: gateway.namespace }],
            to: [{ group: "", kind: "Service" }],
        },
    }));
}
