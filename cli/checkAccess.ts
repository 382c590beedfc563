// istio-gateway-tls-check-access: whether the current kube identity has every permission a stack's `up`
// needs, before it runs. The needs are rbac/'s rules, in the namespaces the stack's config names; the
// API server answers with a SelfSubjectRulesReview per namespace. A missing one is named, not waited on (the
// kubernetes provider waits out its timeout when a readiness read is refused). Exit 0, 1 when one is missing.
//   npm run check-access -- --stack <name> | --file <path> [--context <name>] [--control-plane-context <name>]

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { readProjectConfig } from "../config/load";
import { parseStackConfig, resolvedBefore } from "../config/resolve";
import { asEngineConfig, readStackFile } from "../config/stackFile";
import { credentialNamespace } from "../domain/secretNames";
import { type CommandIo, parseCommandLine } from "./commandLine";

/** rbac/ beside cli/ in a checkout, or two levels up from dist/cli/ in an installed package. */
export const RBAC_DIR = [path.join(__dirname, "..", "rbac"), path.join(__dirname, "..", "..", "rbac")].find((dir) =>
    fs.existsSync(dir),
)!;

export const USAGE = `usage: istio-gateway-tls-check-access --stack <name> | --file <path> [options]

  --stack <name>                  the stack file Pulumi.<name>.yaml in the current folder
  --file <path>                   this stack file
  --kubeconfig <file>             kubeconfig to use (default: kubectl's)
  --context <name>                kubectl context of the data plane (default: the current one)
  --control-plane-context <name>  with controlPlane: kubectl context of the control plane`;

/** One permission `up` needs: a verb on a resource in a namespace (cluster-scoped: namespace ""). */
export interface Need {
    plane: "data" | "control";
    namespace: string;
    apiGroup: string;
    resource: string;
    verb: string;
    resourceName?: string;
    /** The rbac/ file that grants it. */
    file: string;
}

interface Rule {
    apiGroups?: string[];
    resources?: string[];
    verbs?: string[];
    resourceNames?: string[];
}

/** The rules of one rbac/ file, with the namespace each Role or ClusterRole applies in. */
function rulesOf(file: string): { cluster: boolean; rules: Rule[] }[] {
    const documents = yaml.loadAll(fs.readFileSync(path.join(RBAC_DIR, file), "utf8")) as {
        kind?: string;
        rules?: Rule[];
    }[];
    return documents
        .filter((doc) => doc?.kind === "Role" || doc?.kind === "ClusterRole")
        .map((doc) => ({ cluster: doc.kind === "ClusterRole", rules: doc.rules ?? [] }));
}

/** Every permission a stack with this config needs, from rbac/'s rules placed in its namespaces. */
export function accessNeeds(config: Record<string, unknown>, now = new Date()): Need[] {
    const parsed = parseStackConfig(config, now);
    const resolved = resolvedBefore(parsed.ingress, now)!;
    const { gateway, sampleApps, routes } = resolved;
    const istioPlane = parsed.program.controlPlane ? "control" : "data";
    const placed: [string, "data" | "control", string[]][] = [
        ["data-plane.yaml", "data", [credentialNamespace(gateway)]],
    ];
    if (gateway.api === "gateway-api") {
        placed.push([
            "gateway-api.yaml",
            istioPlane,
            [...new Set([gateway.namespace, ...routes.map((r) => r.namespace)])],
        ]);
    } else {
        placed.push(["control-plane.yaml", istioPlane, [gateway.namespace]]);
    }
    if (sampleApps.enabled) placed.push(["sample-apps.yaml", "data", [sampleApps.namespace]]);
    return placed.flatMap(([file, plane, namespaces]) =>
        rulesOf(file).flatMap(({ cluster, rules }) =>
            rules.flatMap((rule) =>
                (cluster ? [""] : namespaces).flatMap((namespace) =>
                    (rule.apiGroups ?? [""]).flatMap((apiGroup) =>
                        (rule.resources ?? []).flatMap((resource) =>
                            (rule.verbs ?? []).map(
                                (verb): Need => ({
                                    plane,
                                    namespace,
                                    apiGroup,
                                    resource,
                                    verb,
                                    file,
                                    // A ClusterRole limited by name in rbac/ is about the sample apps' namespace.
                                    ...(rule.resourceNames && { resourceName: sampleApps.namespace }),
                                }),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    );
}

/** What the API server says the identity may do in a namespace (SelfSubjectRulesReview's resourceRules). */
export type RulesReview = (plane: "data" | "control", namespace: string) => Rule[];

/** Whether the reviewed rules grant a need. */
export function granted(need: Need, rules: Rule[]): boolean {
    const has = (list: string[] | undefined, value: string) => !list || list.includes("*") || list.includes(value);
    return rules.some(
        (rule) =>
            has(rule.apiGroups ?? [], need.apiGroup) &&
            has(rule.resources ?? [], need.resource) &&
            has(rule.verbs ?? [], need.verb) &&
            (!rule.resourceNames?.length ||
                (need.resourceName !== undefined && rule.resourceNames.includes(need.resourceName))),
    );
}

/** A SelfSubjectRulesReview through kubectl, for the data plane's or the control plane's context. */
export function kubectlReview(contexts: { data?: string; control?: string }, kubeconfig?: string): RulesReview {
    return (plane, namespace) => {
        const context = contexts[plane];
        const review = JSON.stringify({
            apiVersion: "authorization.k8s.io/v1",
            kind: "SelfSubjectRulesReview",
            spec: { namespace: namespace || "default" },
        });
        const answer = execFileSync(
            "kubectl",
            [
                ...(kubeconfig ? ["--kubeconfig", kubeconfig] : []),
                ...(context ? ["--context", context] : []),
                "create",
                // Client-side validation lists CRDs, which a least-privilege identity may not.
                "--validate=false",
                "-f",
                "-",
                "-o",
                "json",
            ],
            { input: review, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] },
        );
        return JSON.parse(answer).status?.resourceRules ?? [];
    };
}

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
