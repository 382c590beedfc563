// Rules on where the objects go: the control plane's API server (ASM), or a render folder instead of a cluster.

import { labelProblem } from "../../../domain/hosts";
import { type Problem, configPath, problem } from "../problems";
import { isUnreadSecret } from "../../unread";
import { kubernetesName, repeats } from "./common";
import type { ReadableConfig } from "../readable";

export function planeProblems(config: ReadableConfig) {
    const problems =
        config.renderDir?.trim() === ""
            ? [
                  problem(
                      "renderDir",
                      "is empty",
                      'name a folder such as "rendered", or remove renderDir to apply to the cluster',
                      config.renderDir,
                  ),
              ]
            : [];
    const controlPlane = config.controlPlane;
    if (controlPlane === undefined) return problems;
    const { kubeconfig, context } = controlPlane;
    if (kubeconfig === undefined && context === undefined) {
        problems.push(
            problem(
                "controlPlane",
                "names no API server: it needs kubeconfig, context or both",
                "pulumi config set --secret --path controlPlane.kubeconfig < asm.kubeconfig (or remove controlPlane to use one cluster)",
                controlPlane,
            ),
        );
    }
    for (const [field, value] of Object.entries({ kubeconfig, context })) {
        if (value?.trim() === "") {
            problems.push(problem(`controlPlane.${field}`, "is empty", `set it, or remove controlPlane.${field}`));
        }
    }
    return problems;
}

/**
 * The data-plane clusters: at least one when the list is given, each with a unique DNS-label name (it goes
 * into resource names) and an API server of its own, none the control plane's; the sample apps' clusters
 * among them.
 */
export function dataPlaneProblems(config: ReadableConfig): Problem[] {
    const planes = config.dataPlanes;
    const sampleTargets = config.sampleApps?.dataPlanes;
    if (planes === undefined) {
        return sampleTargets === undefined
            ? []
            : [
                  problem(
                      "sampleApps.dataPlanes",
                      "names clusters, but dataPlanes is not set",
                      "remove sampleApps.dataPlanes, or list the clusters in dataPlanes",
                      sampleTargets,
                  ),
              ];
    }
    if (planes.length === 0) {
        return [
            problem(
                "dataPlanes",
                "is empty: the Secrets would go to no cluster",
                "list the clusters, e.g. pulumi config set --path 'dataPlanes[0].name' hangzhou, or remove dataPlanes to use the cluster of kubernetes:*",
                [],
            ),
        ];
    }
    const names = planes.map((plane) => plane?.name);
    const problems: Problem[] = [
        ...planes.flatMap((plane, i) => (plane ? onePlane(plane, configPath("dataPlanes", i)) : [])),
        ...repeats(names, (first, repeat, name) =>
            problem(
                configPath("dataPlanes", repeat, "name"),
                `repeats the name of dataPlanes[${first}] ("${name}")`,
                "give each cluster its own name: it is part of its resources' names",
                name,
            ),
        ),
        ...repeats(
            planes.map((plane) => plane && apiServerOf(plane)),
            (first, repeat) =>
                problem(
                    configPath("dataPlanes", repeat),
                    `is the same cluster as dataPlanes[${first}] (the same kubeconfig and context)`,
                    "remove one of them: each cluster is listed once",
                ),
        ),
    ];
    const controlPlane = config.controlPlane;
    if (controlPlane !== undefined) {
        const server = apiServerOf(controlPlane);
        planes.forEach((plane, i) => {
            if (plane && server !== undefined && apiServerOf(plane) === server) {
                problems.push(
                    problem(
                        configPath("dataPlanes", i),
                        "is the control plane's API server (the same kubeconfig and context as controlPlane)",
                        "name the data-plane cluster here, or remove controlPlane to keep the Istio objects on the data planes",
                    ),
                );
            }
        });
    }
    (sampleTargets ?? []).forEach((target, i) => {
        if (target !== undefined && !names.includes(target)) {
            const known = names.filter((name): name is string => name !== undefined);
            problems.push(
                problem(
                    configPath("sampleApps.dataPlanes", i),
                    "is not the name of a cluster in dataPlanes",
                    `use one of: ${known.join(", ")}`,
                    target,
                ),
            );
        }
    });
    return problems;
}

function onePlane(plane: NonNullable<NonNullable<ReadableConfig["dataPlanes"]>[number]>, at: string): Problem[] {
    return [
        ...kubernetesName(configPath(at, "name"), plane.name, labelProblem),
        ...(plane.kubeconfig === undefined && plane.context === undefined
            ? [
                  problem(
                      at,
                      "names no API server: it needs kubeconfig, context or both",
                      `pulumi config set --path '${at}.context' <context> (or --secret --path '${at}.kubeconfig' < cluster.kubeconfig)`,
                  ),
              ]
            : []),
        ...(["kubeconfig", "context"] as const).flatMap((field) =>
            plane[field]?.trim() === ""
                ? [problem(configPath(at, field), "is empty", `set it, or remove ${at}.${field}`)]
                : [],
        ),
    ];
}

/** Which API server a plane names: its kubeconfig (by content) and context; unknown for an unread secret. */
function apiServerOf(plane: { kubeconfig?: string; context?: string }): string | undefined {
    if (isUnreadSecret(plane.kubeconfig)) return undefined;
    return JSON.stringify([plane.kubeconfig ?? "", plane.context ?? ""]);
}
