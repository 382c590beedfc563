// Records the `pulumi stack export` documents tests/recover.test.ts reads: a real engine killed (SIGKILL)
// while creates were in flight, on two API servers (a data plane and a control plane). See README.md here.
//   KUBECONFIG=<data plane> ITEST_CONTROL_PLANE_KUBECONFIG=<control plane> \
//     node -r ts-node/register/transpile-only tests/recorded/record.ts

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { PROJECT } from "../../config/load";
import { apiServerProxy } from "../integration/proxy";
import { ROOT, setConfig, temporaryBackend, tutorialConfig } from "../integration/stacks";

const STACK = "itest-recorded";
const NAMESPACES = { gateway: "itest-rec-gw", workload: "itest-rec-system", apps: "itest-rec-apps" };

/**
 * The `--show-secrets` export as kept here: only what the recovery reads in the clear (the kubernetes
 * providers, whose kubeconfigs point at the proxies and hold no credentials); no key material.
 */
function scrubbed(out: string): string {
    const exported = JSON.parse(out);
    exported.deployment.resources = exported.deployment.resources.filter(
        (r: { type: string }) => r.type === "pulumi:providers:kubernetes",
    );
    delete exported.deployment.pending_operations;
    const text = JSON.stringify(exported, null, 4);
    if (/PRIVATE KEY|client-key-data/.test(text)) throw new Error("key material left in the recording");
    return `${text}\n`;
}

async function main() {
    const { env: ENV } = temporaryBackend();
    const data = await apiServerProxy(process.env.KUBECONFIG!);
    const control = await apiServerProxy(process.env.ITEST_CONTROL_PLANE_KUBECONFIG!);
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: STACK, workDir: ROOT },
        { envVars: { ...ENV, KUBECONFIG: data.kubeconfig } },
    );
    const config = tutorialConfig(false, NAMESPACES);
    config[`${PROJECT}:controlPlane`] = { kubeconfig: fs.readFileSync(control.kubeconfig, "utf8") };
    await setConfig(stack, config);
    const exportBoth = async (name: string) => {
        for (const [suffix, flags] of [
            ["", []],
            [".show-secrets", ["--show-secrets"]],
        ] as const) {
            const out = await new Promise<string>((resolve) => {
                let text = "";
                const child = spawn("pulumi", ["stack", "export", "--stack", STACK, ...flags], {
                    cwd: ROOT,
                    env: { ...process.env, ...ENV },
                });
                child.stdout.on("data", (d) => (text += d));
                child.on("exit", () => resolve(text));
            });
            fs.writeFileSync(path.join(__dirname, `${name}${suffix}.json`), suffix ? scrubbed(out) : out);
        }
    };
    /** `up` in a child process, killed once each held create has reached its API server. */
    const killedUp = async (held: Promise<string>[]) => {
        const cli = spawn("pulumi", ["up", "--yes", "--skip-preview", "--stack", STACK], {
            cwd: ROOT,
            env: { ...process.env, ...ENV, KUBECONFIG: data.kubeconfig },
            stdio: "ignore",
        });
        await Promise.all(held);
        await new Promise((resolve) => setTimeout(resolve, 2000));
        cli.kill("SIGKILL");
        await new Promise((resolve) => cli.on("exit", resolve));
        await Promise.all([data.reopen(), control.reopen()]);
    };
    // 1: the Secret's create in flight on the data plane, the VirtualServices' on the control plane.
    await killedUp([
        data.dropAnswers(/\/secrets(\?|$)/, 0, "hold"),
        control.dropAnswers(/\/virtualservices(\?|$)/, 0, "hold"),
    ]);
    await exportBoth("pending-secret");
    // 2: after the recovery and an up, a new Gateway name: the Gateway's create in flight (a Gateway waits for
    // its Secrets, so it cannot be pending beside its Secret's create).
    await stack.cancel();
    await new Promise<void>((resolve) =>
        spawn(process.execPath, [path.join(ROOT, "bin", "istio-gateway-tls-recover.js"), "--stack", STACK], {
            cwd: ROOT,
            env: { ...process.env, ...ENV },
            stdio: "inherit",
        }).on("exit", () => resolve()),
    );
    await stack.up();
    config[`${PROJECT}:gateway`].name = "recorded-gateway";
    await setConfig(stack, config);
    await killedUp([control.dropAnswers(/\/gateways(\?|$)/, 0, "hold")]);
    await exportBoth("pending-gateway");
    await stack.cancel();
    await stack.destroy().catch(() => undefined);
    await stack.workspace.removeStack(STACK, { force: true });
    await Promise.all([data.close(), control.close()]);
}

main().then(
    () => process.exit(0),
    (error) => {
        console.error(error);
        process.exit(1);
    },
);
