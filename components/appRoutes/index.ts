// AppRoutes: an application team's routes on the platform's gateway, from the team's own stack and namespace,
// for the hosts the platform stack delegated to it (its `delegations` output). Validated before anything is
// registered; the API server's admission policy (HostDelegation) refuses the same hosts again on its side.

import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import * as pulumi from "@pulumi/pulumi";
import { compareRoutes, resolveRoute } from "../../config/resolve";
import type { ResolvedRoute } from "../../config/resolved";
import { ConfigError, type Problem, problem } from "../../config/validation/problems";
import { NOT_KNOWN_YET, UNKNOWN, argsArePlain, settledTopLevel } from "../secureIngress/args";
import { appRouteProblems } from "../../config/validation/rules/delegations";
import { hostCovers } from "../../domain/hosts";
import { GATEWAY_API, listenerName, routedHttpRoutes } from "../gateway/gatewayApiSpec";
import { ISTIO_NETWORKING_API, buildVirtualServices } from "../gateway/spec";
import { stackAnnotation } from "../ownership";
import type { RouteConfig } from "../types";

/** The Gateway a team's routes bind to, as the platform stack's `delegations` output gives it. */
export interface DelegatedGateway {
    /** `istio` (VirtualServices) or `gateway-api` (HTTPRoutes). */
    readonly api: string;
    /** Name of the Gateway object. */
    readonly name: string;
    /** Namespace of the Gateway object. */
    readonly namespace: string;
}

/** The platform stack's `delegations` output. */
export interface DelegationOutput {
    /** The Gateway the routes bind to. */
    readonly gateway: DelegatedGateway;
    /** Delegated hosts by namespace. */
    readonly hosts: { readonly [namespace: string]: string[] };
}

export interface AppRoutesArgs {
    /** The platform stack's `delegations` output (through a StackReference), or the same values by hand. */
    readonly delegation: DelegationOutput;
    /** The team's namespace: the routes are made here, and only the hosts delegated to it may be routed. */
    readonly namespace: string;
    /** One route per host and path prefix, to a Service in the team's namespace. */
    readonly routes: RouteConfig[];
    /**
     * DNS domain of the cluster's Services.
     * @default "cluster.local"
     */
    readonly clusterDomain?: string;
}

/** Each AppRoutes' children, kept off the class so that Pulumi's analyzer does not take them for outputs. */
const ROUTE_OBJECTS = new WeakMap<AppRoutes, Record<string, CustomResource>>();

/** A team's VirtualServices (Istio's API) or HTTPRoutes (the Gateway API) on the platform's Gateway. */
export class AppRoutes extends pulumi.ComponentResource {
    /** The hosts routed, sorted. */
    readonly hosts: pulumi.Output<string[]>;

    constructor(name: string, args: AppRoutesArgs, opts?: pulumi.ComponentResourceOptions) {
        // Before super(): plain routes outside the delegation fail before any resource, this one included, is
        // registered. Args another language's SDK hands over as Outputs (a StackReference's output) settle first.
        const checked = argsArePlain(args) ? checkedRoutes(args) : undefined;
        super("istio-gateway-tls:index:AppRoutes", name, {}, opts);
        const objects: Record<string, CustomResource> = {};
        ROUTE_OBJECTS.set(this, objects);
        const built =
            checked !== undefined
                ? Promise.resolve(this.#build(name, args, checked, objects))
                : settleTopLevel(args).then((settled) => this.#build(name, settled, checkedRoutes(settled), objects));
        this.hosts = pulumi.output(built);
        this.registerOutputs({ hosts: this.hosts });
    }

    #build(name: string, args: AppRoutesArgs, routes: ResolvedRoute[], objects: Record<string, CustomResource>) {
        const { gateway } = args.delegation;
        const mine = args.delegation.hosts[args.namespace] ?? [];
        const place = { name: gateway.name, namespace: gateway.namespace };
        const definitions =
            gateway.api === "gateway-api"
                ? routedHttpRoutes(place, routes, (route) =>
                      listenerName("https", mine.find((host) => hostCovers(host, route.host))!),
                  ).map((route) => ({
                      ...route,
                      host: (route.spec.hostnames as string[])[0],
                      kind: "HTTPRoute",
                      apiVersion: GATEWAY_API,
                  }))
                : buildVirtualServices(place, routes).map((vs) => ({
                      ...vs,
                      kind: "VirtualService",
                      apiVersion: ISTIO_NETWORKING_API,
                  }));
        for (const definition of definitions) {
            // Keyed by host, never by list position.
            objects[definition.host] = new CustomResource(
                `${name}-${definition.name}`,
                {
                    apiVersion: definition.apiVersion,
                    kind: definition.kind,
                    metadata: { name: definition.name, namespace: args.namespace, annotations: stackAnnotation() },
                    spec: definition.spec,
                },
                { parent: this },
            );
        }
        return Object.keys(objects).sort();
    }

    /** The VirtualServices or HTTPRoutes, by host (TypeScript only: a getter is not in the package schema). */
    get routeObjects(): Record<string, CustomResource> {
        return ROUTE_OBJECTS.get(this)!;
    }
}

/** The args with every top-level Output settled; each one still unknown (a preview) is a problem, not a hang. */
async function settleTopLevel(args: AppRoutesArgs): Promise<AppRoutesArgs> {
    const settled: Record<string, unknown> = {};
    const problems: Problem[] = [];
    for (const [key, value] of Object.entries(args)) {
        const known = await settledTopLevel(value);
        if (known === UNKNOWN) {
            problems.push(
                problem(key, NOT_KNOWN_YET, "pass values known in a preview: a StackReference's outputs are"),
            );
        } else {
            settled[key] = known;
        }
    }
    if (problems.length > 0) throw new ConfigError(problems, "AppRoutes args");
    return settled as unknown as AppRoutesArgs;
}

/** The routes resolved (defaults filled, sorted as the platform sorts its own), or a ConfigError listing every problem. */
export function checkedRoutes(args: AppRoutesArgs): ResolvedRoute[] {
    const delegations = Object.entries(args.delegation?.hosts ?? {}).map(([namespace, hosts]) => ({
        namespace,
        hosts,
    }));
    const problems = appRouteProblems(args.namespace, delegations, args.routes ?? []);
    if (problems.length > 0) throw new ConfigError(problems, `AppRoutes for namespace ${args.namespace}`);
    const clusterDomain = args.clusterDomain ?? "cluster.local";
    // The certificate is the platform's business: the team's routes name none.
    return args.routes
        .map((given) => resolveRoute({ ...given, namespace: args.namespace }, "", clusterDomain))
        .sort(compareRoutes);
}
