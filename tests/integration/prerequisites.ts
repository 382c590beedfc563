// What the integration suite needs, checked before it starts: a Pulumi CLI with the kubernetes and tls
// provider plugins, and a reachable cluster (KUBECONFIG) with Istio's CRDs. Each gap is named with its fix.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { importUntyped } from "../esm";

function onPath(binary: string): boolean {
    return (process.env.PATH ?? "")
        .split(path.delimiter)
        .some((dir) => dir !== "" && fs.existsSync(path.join(dir, binary)));
}

/** Installed plugins of a kind, by `pulumi plugin ls --json`, plus ambient ones on PATH. */
function hasPlugin(name: string): boolean {
    if (onPath(`pulumi-resource-${name}`)) return true;
    const listed = spawnSync("pulumi", ["plugin", "ls", "--json"], { encoding: "utf8" });
    if (listed.status !== 0) return false;
    try {
        return (JSON.parse(listed.stdout) as { name: string; kind: string }[]).some(
            (p) => p.name === name && p.kind === "resource",
        );
    } catch {
        return false;
    }
}

/** Undefined when everything is there; otherwise one line saying what is missing and how to provide it. */
export async function missingPrerequisite(): Promise<string | undefined> {
    if (spawnSync("pulumi", ["version"], { encoding: "utf8" }).status !== 0) {
        return "no pulumi CLI on PATH: install it (https://www.pulumi.com/docs/iac/download-install/), then `pulumi plugin install resource kubernetes` and `pulumi plugin install resource tls`";
    }
    const plugins = ["kubernetes", "tls"].filter((name) => !hasPlugin(name));
    if (plugins.length > 0)
        return `the pulumi CLI lacks the ${plugins.join(" and ")} plugin(s): ${plugins.map((p) => `pulumi plugin install resource ${p}`).join("; ")}`;
    if (!process.env.KUBECONFIG)
        return "KUBECONFIG is not set: point it at a test cluster with Istio's CRDs (kind create cluster, then istioctl install or the base chart)";
    const { KubeConfig, ApiextensionsV1Api } = await importUntyped("@kubernetes/client-node");
    const kubeconfig = new KubeConfig();
    try {
        kubeconfig.loadFromDefault();
        await kubeconfig
            .makeApiClient(ApiextensionsV1Api)
            .readCustomResourceDefinition({ name: "gateways.networking.istio.io" });
    } catch (error) {
        const reason =
            (error as { code?: number }).code === 404
                ? "has no Istio CRDs (gateways.networking.istio.io): install Istio's base chart"
                : `is not reachable (${(error as Error).message.split("\n")[0]})`;
        return `the cluster in KUBECONFIG (${process.env.KUBECONFIG}) ${reason}`;
    }
    return undefined;
}
