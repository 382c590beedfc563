// istio-gateway-tls-check-access: whether the current kube identity has every permission a stack's `up`
// needs, before it runs. The needs are rbac/'s rules, in the namespaces the stack's config names; the
// API server answers with a SelfSubjectRulesReview per namespace. A missing one is named, not waited on (the
// kubernetes provider waits out its timeout when a readiness read is refused). Exit 0, 1 when one is missing.
//   npm run check-access -- --stack <name> | --file <path> [--context <name>] [--control-plane-context <name>]

import { readProjectConfig } from "../config/load";
import { asEngineConfig, readStackFile } from "../config/stackFile";
import * as path from "node:path";
import { type Need, type Rule, type RulesReview, accessNeeds, granted, kubectlReview } from "../verify/access";
import { type CommandIo, parseCommandLine } from "./commandLine";

export const USAGE = `usage: istio-gateway-tls-check-access --stack <name> | --file <path> [options]

  --stack <name>                  the stack file Pulumi.<name>.yaml in the current folder
  --file <path>                   this stack file
  --kubeconfig <file>             kubeconfig to use (default: kubectl's)
  --context <name>                kubectl context of the data plane (default: the current one)
  --control-plane-context <name>  with controlPlane: kubectl context of the control plane`;

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
    try {
        needs = accessNeeds(readProjectConfig(asEngineConfig(readStackFile(file).config)), io.now);
    } catch (error) {
        io.stderr(`${(error as Error).message}\n(run npm run check-config for the config's problems)\n`);
        return 2;
    }
    const review =
        io.review ??
        kubectlReview({ data: values.context, control: values["control-plane-context"] }, values.kubeconfig);
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
            `missing: ${need.verb} ${resource}${name} ${where} on the ${need.plane} plane (granted by rbac/${need.file})\n`,
        );
    }
    io.stdout(missing.length === 0 ? `every permission the stack needs is granted (${needs.length} checked)\n` : "");
    return missing.length === 0 ? 0 : 1;
}

export function run(): void {
    process.exitCode = main(process.argv.slice(2), {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
    });
}
