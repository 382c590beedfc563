// Rules on routes (host, path, destination, expectation; no two alike) and on the sample backends they may
// route to.

import { hostProblem, labelProblem, serviceProblem, toKubernetesName } from "../../../domain/hosts";
import { withDefaults } from "../../model/fields";
import { MODELS, type PlainRouteConfig, type PlainSampleAppsConfig } from "../../model/stack";
import { type Problem, configPath, problem } from "../problems";
import type { Readable } from "../readable";
import { kubernetesName, repeats } from "./common";
import { hostNameProblems } from "./hosts";

type ReadableRoute = Readable<PlainRouteConfig>;

/** The cluster domain ends every short destination's FQDN, so it must be a DNS name without a wildcard. */
export function clusterDomainProblems(clusterDomain: string | undefined): Problem[] {
    if (clusterDomain === undefined) return [];
    const found = clusterDomain.includes("*") ? "has a wildcard" : hostProblem(clusterDomain);
    if (found === undefined) return [];
    return [
        problem(
            "clusterDomain",
            `is not a DNS name: it ${found}`,
            "use the cluster's domain as kubelet's --cluster-domain gives it, e.g. cluster.local",
            clusterDomain,
        ),
    ];
}

export function routeProblems(routes: (ReadableRoute | undefined)[]): Problem[] {
    const effective = routes.map((route) => route && withDefaults(MODELS.route, route));
    const duplicates = repeats(
        effective.map((route) => route?.host && `${route.host} ${route.pathPrefix}`),
        (i, j) =>
            problem(
                configPath("routes", j),
                `repeats the host and path prefix of routes[${i}]`,
                `remove routes[${j}], or give it another path prefix`,
                { host: effective[j]!.host, pathPrefix: effective[j]!.pathPrefix },
            ),
    );
    return [
        ...routes.flatMap((route, i) =>
            route ? entryProblems(route, effective[i]!.pathPrefix, configPath("routes", i)) : [],
        ),
        ...duplicates,
    ];
}

/** One route's problems; `prefix` is its path prefix with the default filled. */
function entryProblems(route: ReadableRoute, prefix: string, at: string): Problem[] {
    const problems = hostNameProblems(configPath(at, "host"), route.host);
    if (route.pathPrefix !== undefined && !route.pathPrefix.startsWith("/")) {
        problems.push(
            problem(
                configPath(at, "pathPrefix"),
                'does not start with "/"',
                `use "/${route.pathPrefix}"`,
                route.pathPrefix,
            ),
        );
    }
    if (route.probePath !== undefined && prefix.startsWith("/") && !route.probePath.startsWith(prefix)) {
        problems.push(
            problem(
                configPath(at, "probePath"),
                `is not under the route's path prefix "${prefix}"`,
                `use a path that starts with "${prefix}"`,
                route.probePath,
            ),
        );
    }
    if (route.service === "") {
        problems.push(
            problem(
                configPath(at, "service"),
                "is empty",
                `name the destination service: pulumi config set --path '${at}.service' my-service`,
                route.service,
            ),
        );
    }
    const refused = route.service === undefined ? undefined : serviceProblem(route.service);
    if (refused) {
        const suggestion = route
            .service!.split(".")
            .map((label) => toKubernetesName(label).replace(/^[^a-z]+/, ""))
            .join(".");
        problems.push(
            problem(configPath(at, "service"), refused, `use "${suggestion || "my-service"}"`, route.service),
        );
    }
    return [...problems, ...kubernetesName(configPath(at, "namespace"), route.namespace, labelProblem)];
}

export function sampleAppsProblems(apps: Readable<PlainSampleAppsConfig>): Problem[] {
    return [
        ...kubernetesName("sampleApps.namespace", apps.namespace, labelProblem),
        ...(["nginxImage", "httpbinImage"] as const).flatMap((key) =>
            apps[key]?.trim() === ""
                ? [
                      problem(
                          `sampleApps.${key}`,
                          "is empty",
                          "name an image, or remove the setting for the default",
                          apps[key],
                      ),
                  ]
                : [],
        ),
    ];
}
