// What the integration scenarios share: a temporary file backend with the passphrase secrets provider, the
// engine's ordered steps, and stack config set by the suite itself (never a user's stack file).

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import type { EngineEvent, OpType, Stack, StackSettings } from "@pulumi/pulumi/automation";

import { PROJECT } from "../../config/load";

export const ROOT = path.resolve(__dirname, "..", "..");

/** The namespaces a scenario owns. */
export interface Namespaces {
    gateway: string;
    workload: string;
    apps: string;
}

/** The `clusters` entry of a parsed kubeconfig's current context (its `name` and `cluster`), by reference. */
export function currentCluster(kubeconfig: any): { name: string; cluster: { server: string } } {
    const context =
        kubeconfig.contexts.find((c: any) => c.name === kubeconfig["current-context"]) ?? kubeconfig.contexts[0];
    return kubeconfig.clusters.find((c: any) => c.name === context.context.cluster);
}

/** A fresh file backend, and the environment that points the engine at it. */
export function temporaryBackend(): { dir: string; env: Record<string, string> } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "igt-itest-backend-"));
    const env = {
        PULUMI_BACKEND_URL: `file://${dir}`,
        PULUMI_CONFIG_PASSPHRASE: "integration-suite",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        // npm test has type-checked; the engine runs need not do it again.
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    };
    return { dir, env };
}

/** One engine step: what it did to which resource. */
export interface Step {
    op: OpType;
    type: string;
    urn: string;
}

/** Replaces the stack's config, keeping its encryption salt. */
export async function setConfig(stack: Stack, config: Record<string, any>): Promise<void> {
    const settings: StackSettings = await stack.workspace.stackSettings(stack.name);
    await stack.workspace.saveStackSettings(stack.name, { ...settings, config });
}

export function recorder(): { steps: Step[]; onEvent: (event: EngineEvent) => void } {
    const steps: Step[] = [];
    return {
        steps,
        onEvent: (event) => {
            const metadata = event.resOutputsEvent?.metadata;
            if (metadata) steps.push({ op: metadata.op, type: metadata.type, urn: metadata.urn });
        },
    };
}

export const changed = (steps: Step[]) => steps.filter((s) => s.op !== "same" && !s.type.startsWith("pulumi:"));
export const describeSteps = (steps: Step[]) => changed(steps).map((s) => `${s.op} ${s.urn.split("::").pop()}`);

/** The tutorial config (tests/config/tutorial.yaml), in namespaces of a scenario's own. */
export function tutorialConfig(samples: boolean, namespaces: Namespaces): Record<string, any> {
    const document = yaml.load(fs.readFileSync(path.join(ROOT, "tests", "config", "tutorial.yaml"), "utf8")) as {
        config: Record<string, any>;
    };
    const config = structuredClone(document.config);
    config[`${PROJECT}:gateway`] = {
        ...config[`${PROJECT}:gateway`],
        namespace: namespaces.gateway,
        workloadNamespace: namespaces.workload,
    };
    config[`${PROJECT}:routes`] = config[`${PROJECT}:routes`].map((route: any) => ({
        ...route,
        namespace: namespaces.apps,
    }));
    config[`${PROJECT}:sampleApps`] = { enabled: samples, namespace: namespaces.apps };
    return config;
}
