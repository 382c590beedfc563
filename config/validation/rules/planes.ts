// Rules on where the objects go: the control plane's API server (ASM), or a render folder instead of a cluster.

import { problem } from "../problems";
import type { ReadableConfig } from "./index";

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
