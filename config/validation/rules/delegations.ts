// Rules on hosts delegated to teams' namespaces: each namespace once, each host a valid name that one of the
// stack's certificates serves, no host delegated to two namespaces (equal, or under another's wildcard), and no
// platform route for a delegated host.

import { delegateOf } from "../../../domain/delegation";
import { hostCovers, hostProblem, labelProblem } from "../../../domain/hosts";
import type { PlainDelegationConfig, PlainRouteConfig } from "../../model/stack";
import { type Problem, configPath, problem } from "../problems";
import type { Readable, ReadableConfig } from "../readable";
import { kubernetesName, repeats } from "./common";
import { hostNameProblems } from "./hosts";
import { routeProblems } from "./routes";

type ReadableDelegation = Readable<PlainDelegationConfig>;

const overlaps = (a: string, b: string) => a === b || hostCovers(a, b) || hostCovers(b, a);

export function delegationProblems(config: ReadableConfig): Problem[] {
    const delegations = config.delegations ?? [];
    if (delegations.length === 0) return [];
    const gatewayNamespace = config.gateway?.namespace ?? "default";
    const certificateHosts = (config.certificates ?? []).flatMap((cert) => cert?.hosts ?? []);
    const problems: Problem[] = [];
    // Every readable, valid delegated host with where it is, for the checks across entries.
    const placed: { host: string; namespace?: string; at: string; index: number }[] = [];
    delegations.forEach((delegation, i) => {
        if (!delegation) return;
        const at = configPath("delegations", i);
        problems.push(...entryProblems(delegation, at, gatewayNamespace));
        (delegation.hosts ?? []).forEach((host, j) => {
            if (host === undefined || hostProblem(host)) return;
            const path = configPath(at, "hosts", j);
            placed.push({ host, namespace: delegation.namespace, at: path, index: i });
            if (!certificateHosts.some((certHost) => certHost !== undefined && hostCovers(certHost, host))) {
                problems.push(
                    problem(
                        path,
                        "is served by none of the stack's certificates",
                        host.startsWith("*.")
                            ? `add "${host}" itself to a certificate's hosts (a wildcard covers one label, not another wildcard)`
                            : `add "${host}" or "*${host.slice(host.indexOf("."))}" to a certificate's hosts`,
                        host,
                    ),
                );
            }
        });
    });
    problems.push(
        ...repeats(
            delegations.map((d) => d?.namespace),
            (first, repeat, namespace) =>
                problem(
                    configPath("delegations", repeat, "namespace"),
                    `repeats the namespace of delegations[${first}]`,
                    `move its hosts into delegations[${first}].hosts and remove delegations[${repeat}]`,
                    namespace,
                ),
        ),
    );
    for (const [j, later] of placed.entries()) {
        const earlier = placed.slice(0, j).find((p) => overlaps(p.host, later.host));
        if (earlier === undefined) continue;
        const where =
            earlier.index === later.index ? "this delegation" : `delegations[${earlier.index}] (${earlier.namespace})`;
        problems.push(
            problem(
                later.at,
                `overlaps "${earlier.host}" of ${where}: a host is delegated to one namespace`,
                `remove ${later.at}, or make the two hosts disjoint`,
                later.host,
            ),
        );
    }
    (config.routes ?? []).forEach((route, i) => {
        const owner = route?.host === undefined ? undefined : placed.find((p) => hostCovers(p.host, route.host!));
        if (!owner) return;
        problems.push(
            problem(
                configPath("routes", i, "host"),
                `is delegated to namespace ${owner.namespace} (${owner.at})`,
                `route it from that team's stack (AppRoutes), or remove it from ${owner.at}`,
                route!.host,
            ),
        );
    });
    return problems;
}

function entryProblems(delegation: ReadableDelegation, at: string, gatewayNamespace: string): Problem[] {
    const problems = kubernetesName(configPath(at, "namespace"), delegation.namespace, labelProblem);
    if (delegation.namespace === gatewayNamespace) {
        problems.push(
            problem(
                configPath(at, "namespace"),
                "is the Gateway's own namespace, where the platform's routes live",
                "delegate to a team's own namespace; the platform routes its hosts with `routes`",
                delegation.namespace,
            ),
        );
    }
    if (delegation.hosts !== undefined && delegation.hosts.length === 0) {
        problems.push(problem(configPath(at, "hosts"), "delegates no host", `list a host, or remove ${at}`, []));
    }
    (delegation.hosts ?? []).forEach((host, j) => {
        problems.push(...hostNameProblems(configPath(at, "hosts", j), host));
    });
    return problems;
}

/**
 * A team's routes (AppRoutes): each a valid route, in the team's namespace, for a host delegated to it. The
 * fix names the namespace a refused host is delegated to, so the team knows whom to ask.
 */
export function appRouteProblems(
    namespace: string,
    delegations: readonly { namespace: string; hosts: readonly string[] }[],
    routes: readonly Readable<PlainRouteConfig>[],
): Problem[] {
    const problems = routeProblems([...routes]);
    const mine = delegations.find((d) => d.namespace === namespace)?.hosts ?? [];
    routes.forEach((route, i) => {
        if (route.namespace !== undefined && route.namespace !== namespace) {
            problems.push(
                problem(
                    configPath("routes", i, "namespace"),
                    `is not the team's namespace ${namespace}: a team routes to its own services`,
                    `remove it (it defaults to ${namespace})`,
                    route.namespace,
                ),
            );
        }
        const host = route.host;
        if (host === undefined || hostProblem(host)) return;
        const owner = delegateOf(host, delegations);
        if (owner === namespace) return;
        problems.push(
            problem(
                configPath("routes", i, "host"),
                owner
                    ? `is delegated to namespace ${owner}, not to ${namespace}`
                    : `is not delegated to namespace ${namespace}`,
                mine.length > 0
                    ? `route a host under ${mine.join(", ")}, or ask the platform stack to delegate ${host} to ${namespace}`
                    : `ask the platform stack to delegate ${host} to ${namespace} (its config's delegations)`,
                host,
            ),
        );
    });
    return problems;
}
