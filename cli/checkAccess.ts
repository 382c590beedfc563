// istio-gateway-tls-check-access: whether the current kube identity has every permission a stack's `up`
// needs, before it runs. The needs are rbac/'s rules, in the namespaces the stack's config names; the
// API server answers with a SelfSubjectRulesReview per namespace. A missing one is named, not waited on (the
// kubernetes provider waits out its timeout when a readiness read is refused). Exit 0, 1 when one is missing.
//   npm run check-access -- --stack <name> | --file <path> [--context <name>] [--control-plane-context <name>]

import { readProjectConfig } from "../config/load";
import { asEngineConfig, readStackFile } from "../config/stackFile";
import * as path from "node:path";
import {
    type Need,
    type Plane,
    type Rule,
    type RulesReview,
    accessNeeds,
    granted,
    kubectlReview,
} from "../verify/access";
import { type CommandIo, parseCommandLine } from "./commandLine";

export const USAGE = `usage: istio-gateway-tls-check-access --stack <name> | --file <path> [options]

  --stack <name>                  the stack file Pulumi.<name>.yaml in the current folder
  --file <path>                   this stack file
  --kubeconfig <file>             kubeconfig to use (default: kubectl's)
  --context <name>                kubectl context of the one cluster (default: the current one)
  --control-plane-context <name>  with controlPlane: its kubectl context (default: controlPlane.context)

With dataPlanes, each cluster is reviewed in its own dataPlanes[].context.`;

export interface Io extends CommandIo {
    review?: RulesReview;
    cwd?: string;
    now?: Date;
}

export function main(argv: string[], io: Io): number {
    const values = parseCommandLine(
        argv,
        {
            stack: { type: "string" },
            file: { type: "string" },
            kubeconfig: { type: "string" },
            context: { type: "string" },
            "control-plane-context": { type: "string" },
        },
        USAGE,
        io,
    );
    if (typeof values === "number") return values;
    if ((values.stack === undefined) === (values.file === undefined)) {
        io.stderr(`give one of --stack and --file\n${USAGE}\n`);
        return 2;
    }
    const file = values.file ?? path.join(io.cwd ?? process.cwd(), `Pulumi.${values.stack}.yaml`);
    let needs: Need[];
    let config: Record<string, unknown>;
    try {
        config = readProjectConfig(asEngineConfig(readStackFile(file).config));
        needs = accessNeeds(config, io.now);
    } catch (error) {
        io.stderr(`${(error as Error).message}\n(run npm run check-config for the config's problems)\n`);
        return 2;
    }
    const contexts = planeContexts(config, values.context, values["control-plane-context"]);
    if (typeof contexts === "string") {
        io.stderr(`${contexts}\n`);
        return 2;
    }
    const review = io.review ?? kubectlReview(contexts, values.kubeconfig);
    const reviewed = new Map<string, Rule[]>();
    const missing = needs.filter((need) => {
        const key = `${need.plane}/${need.namespace}`;
        if (!reviewed.has(key)) reviewed.set(key, review(need.plane, need.namespace));
        return !granted(need, reviewed.get(key)!);
    });
    for (const need of missing) {
        const resource = need.apiGroup ? `${need.resource}.${need.apiGroup}` : need.resource;
        const where = need.namespace ? `in namespace ${need.namespace}` : "(cluster-scoped)";
        const name = need.resourceName ? ` named ${need.resourceName}` : "";
        io.stdout(
            `missing: ${need.verb} ${resource}${name} ${where} on ${planeName(need.plane)} (granted by rbac/${need.file})\n`,
        );
    }
    io.stdout(missing.length === 0 ? `every permission the stack needs is granted (${needs.length} checked)\n` : "");
    return missing.length === 0 ? 0 : 1;
}

const planeName = (plane: Plane) =>
    plane === "data" ? "the data plane" : plane === "control" ? "the control plane" : `the data plane ${plane}`;

/**
 * The kubectl context of each plane: the options for the one cluster and the control plane (or the config's
 * controlPlane.context), each data plane's `context` from the config. A data plane among several without a
 * context cannot be told apart from the others: that is an error naming it.
 */
export function planeContexts(
    config: Record<string, unknown>,
    data: string | undefined,
    control: string | undefined,
): Record<Plane, string | undefined> | string {
    const planes = (config.dataPlanes ?? []) as { name: string; context?: string }[];
    const controlPlane = config.controlPlane as { context?: string } | undefined;
    const unnamed = planes.length > 1 ? planes.filter((plane) => plane.context === undefined) : [];
    if (unnamed.length > 0) {
        return (
            `check-access reviews each data plane through its kubectl context: set ${unnamed.map((p) => `dataPlanes[${planes.indexOf(p)}].context (${p.name})`).join(", ")}, ` +
            "or run it once per cluster with a stack file of that cluster alone"
        );
    }
    const byName = Object.fromEntries(planes.map((plane) => [plane.name, plane.context ?? data]));
    return { data, control: control ?? controlPlane?.context, ...byName };
}

export function run(): void {
    process.exitCode = main(process.argv.slice(2), {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
    });
}
