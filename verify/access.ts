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

/**
 * The API server a need is asked of: "control" (the control plane), a data plane's name from `dataPlanes`,
 * or "data", the one cluster of a stack without `dataPlanes`.
 */
export type Plane = string;

/** One permission `up` needs: a verb on a resource in a namespace (cluster-scoped: namespace ""). */
export interface Need {
    plane: Plane;
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
    // Each data plane gets every Secret and cert-manager object; the Istio objects go to the control plane,
    // or without one, to every data plane (multi-primary).
    const dataPlanes = parsed.ingress.dataPlanes?.map((plane) => plane.name) ?? ["data"];
    const istioPlanes = parsed.program.controlPlane ? ["control"] : dataPlanes;
    const credentials = [credentialNamespace(gateway)];
    const placed: [string, Plane[], string[]][] = [["data-plane.yaml", dataPlanes, credentials]];
    if (gateway.api === "gateway-api") {
        placed.push([
            "gateway-api.yaml",
            istioPlanes,
            [...new Set([gateway.namespace, ...routes.map((r) => r.namespace)])],
        ]);
    } else {
        placed.push(["control-plane.yaml", istioPlanes, [gateway.namespace]]);
    }
    if (sampleApps.enabled) {
        const samplePlanes = parsed.ingress.dataPlanes ? (sampleApps.dataPlanes ?? [dataPlanes[0]]) : dataPlanes;
        placed.push(["sample-apps.yaml", samplePlanes, [sampleApps.namespace]]);
    }
    // cert-manager's objects, each only where the config makes it.
    if (certificates.some((cert) => cert.certManager !== undefined)) {
        placed.push(["cert-manager.yaml", dataPlanes, credentials]);
    }
    if (issuers.some((issuer) => issuer.kind === "ClusterIssuer")) {
        placed.push(["cert-manager-cluster-issuers.yaml", dataPlanes, []]);
    }
    // The admission policy that enforces delegations is cluster-scoped, where the routes live.
    if (parsed.resolved.delegations.length > 0) placed.push(["delegations.yaml", istioPlanes, []]);
    // The alerts go to the first data plane, where the Prometheus that scrapes cert-manager is.
    if (alerts.enabled) placed.push(["alerts.yaml", [dataPlanes[0]], credentials]);
    return placed.flatMap(([file, planes, namespaces]) =>
        planes.flatMap((plane) => needsOf(file, plane, namespaces, sampleApps.namespace)),
    );
}

/** The needs of one rbac/ file on one plane, its Roles placed in `namespaces`. */
function needsOf(file: string, plane: Plane, namespaces: string[], sampleNamespace: string): Need[] {
    return rulesOf(file).flatMap(({ cluster, rules }) =>
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
                                ...(rule.resourceNames && { resourceName: sampleNamespace }),
                            }),
                        ),
                    ),
                ),
            ),
        ),
    );
}

/** What the API server says the identity may do in a namespace (SelfSubjectRulesReview's resourceRules). */
export type RulesReview = (plane: Plane, namespace: string) => Rule[];

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

/** A SelfSubjectRulesReview through kubectl, in each plane's context (unset: kubectl's current one). */
export function kubectlReview(contexts: Record<Plane, string | undefined>, kubeconfig?: string): RulesReview {
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
