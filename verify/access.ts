// What a stack's `up` needs of the API servers, and whether an identity has it: rbac/'s rules placed in the
// namespaces the stack's config names, against the SelfSubjectRulesReview the API server answers per
// namespace. The command is cli/checkAccess.ts.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { parseStackConfig } from "../config/resolve";
import { credentialNamespace } from "../domain/secretNames";

/** rbac/ beside verify/ in a checkout, or two levels up from dist/verify/ in an installed package. */
export const RBAC_DIR = [path.join(__dirname, "..", "rbac"), path.join(__dirname, "..", "..", "rbac")].find((dir) =>
    fs.existsSync(dir),
)!;

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

export interface Rule {
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
    const { gateway, sampleApps, routes, certificates, issuers, alerts } = parsed.resolved;
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
    // cert-manager's objects, each only where the config makes it.
    if (certificates.some((cert) => cert.certManager !== undefined)) {
        placed.push(["cert-manager.yaml", "data", [credentialNamespace(gateway)]]);
    }
    if (issuers.some((issuer) => issuer.kind === "ClusterIssuer")) {
        placed.push(["cert-manager-cluster-issuers.yaml", "data", []]);
    }
    if (alerts.enabled) placed.push(["alerts.yaml", "data", [credentialNamespace(gateway)]]);
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
