// `verify --routes-from-cluster`: the routes bound to the stack's Gateway as the cluster has them, the teams'
// included (their stacks' routes are in no output of the platform's), each checked like the platform's own.

import { execFileSync } from "node:child_process";
import { hostCovers } from "../domain/hosts";
import type { CredentialOutput, RouteOutput } from "./outputs";

/** The Gateway the routes bind to: `<namespace>/<name>`, and its API. */
export interface BoundGateway {
    api: string;
    namespace: string;
    name: string;
}

/** The Gateway of a stack's outputs: its `delegations.gateway`, else its `gateway` (`<namespace>/<name>`, Istio's API). */
export function gatewayOfOutputs(outputs: {
    gateway?: unknown;
    delegations?: { gateway?: BoundGateway };
}): BoundGateway {
    if (outputs.delegations?.gateway) return outputs.delegations.gateway;
    const [namespace, name] = typeof outputs.gateway === "string" ? outputs.gateway.split("/") : [];
    if (!namespace || !name) throw new Error('the outputs name no gateway ("gateway": "<namespace>/<name>")');
    return { api: "istio", namespace, name };
}

/** What is read of a VirtualService or an HTTPRoute. */
export interface RouteObject {
    kind?: string;
    metadata?: { namespace?: string; name?: string };
    spec?: {
        gateways?: string[];
        hosts?: string[];
        http?: { match?: { uri?: { prefix?: string } }[] }[];
        hostnames?: string[];
        parentRefs?: { name?: string; namespace?: string }[];
        rules?: { matches?: { path?: { value?: string } }[] }[];
    };
}

/** Whether a VirtualService or HTTPRoute binds to the Gateway. */
function bound(object: RouteObject, gateway: BoundGateway): boolean {
    const namespace = object.metadata?.namespace;
    if (object.kind === "VirtualService") {
        return (object.spec?.gateways ?? []).some(
            (g: string) =>
                g === `${gateway.namespace}/${gateway.name}` || (g === gateway.name && namespace === gateway.namespace),
        );
    }
    return (object.spec?.parentRefs ?? []).some(
        (p) => p.name === gateway.name && (p.namespace ?? namespace) === gateway.namespace,
    );
}

/** The first path prefix a route object matches, `/` when it matches every path. */
function firstPath(object: RouteObject): string {
    if (object.kind === "VirtualService") return object.spec?.http?.[0]?.match?.[0]?.uri?.prefix ?? "/";
    return object.spec?.rules?.[0]?.matches?.[0]?.path?.value ?? "/";
}

/**
 * One route per host of each object bound to the Gateway, with the credential whose hosts cover it. A host no
 * credential serves is kept with an empty credential, so that the check reports it instead of skipping it.
 */
export function routesOfObjects(
    objects: readonly RouteObject[],
    gateway: BoundGateway,
    credentials: readonly CredentialOutput[],
    gatewayPort: number,
): RouteOutput[] {
    return objects
        .filter((object) => bound(object, gateway))
        .flatMap((object) =>
            ((object.kind === "VirtualService" ? object.spec?.hosts : object.spec?.hostnames) ?? []).map(
                (host: string): RouteOutput => ({
                    host,
                    path: firstPath(object),
                    gatewayPort,
                    credential: credentials.find((c) => c.hosts.some((h) => hostCovers(h, host)))?.name ?? "",
                }),
            ),
        );
}

/** The stack's own routes, then every other one the cluster binds to the Gateway (by host and path). */
export function withClusterRoutes(own: readonly RouteOutput[], found: readonly RouteOutput[]): RouteOutput[] {
    const key = (route: RouteOutput) => `${route.host} ${route.path}`;
    const known = new Set(own.map(key));
    return [...own, ...found.filter((route) => !known.has(key(route)) && known.add(key(route)))];
}

/** Every VirtualService (or HTTPRoute) in the cluster, through kubectl. */
export function kubectlRouteObjects(api: string, context?: string): RouteObject[] {
    const kind = api === "gateway-api" ? "httproutes.gateway.networking.k8s.io" : "virtualservices.networking.istio.io";
    const args = [...(context ? ["--context", context] : []), "get", kind, "--all-namespaces", "-o", "json"];
    const text = execFileSync("kubectl", args, {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: 64 << 20,
    });
    return JSON.parse(text).items ?? [];
}
