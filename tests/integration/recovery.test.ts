// Recovery on a real engine and API server, with the kubernetes provider users run (4.29 and later create
// without adopting): the API server cut right after a create reached it, SIGINT and SIGKILL to the CLI, and a
// same-named object the recovery must not take over. The suite's proxy (proxy.ts) drops the answers to the
// creates it is told to, so each leftover is made on purpose. After each, `npm run recover` and `up` converge.
// Each scenario has a stack of its own, behind its own proxy, and starts from an empty namespace.

import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { PROJECT } from "../../config/load";
import { type Cluster, connect } from "./cluster";
import { apiServerProxy } from "./proxy";
import { type Namespaces, ROOT, setConfig, temporaryBackend, tutorialConfig } from "./stacks";

const { dir: BACKEND, env: ENV } = temporaryBackend();
const NAMESPACES: Namespaces = {
    gateway: "itest-recovery-gw",
    workload: "itest-recovery-system",
    apps: "itest-recovery-apps",
};

/**
 * What a kill mid-write leaves in the self-managed backend, repaired as a user would. Its file bucket writes
 * each object to a temporary file and renames it, so a checkpoint is never cut short; but it keeps the
 * object's attributes in a `<file>.attrs` beside it, truncated and then written. One cut short makes every
 * read fail with `failed to load checkpoint: EOF`; a missing one is allowed, so it is removed.
 */
function repairCheckpoint(checkpoint: string): void {
    const parses = (file: string) => {
        try {
            JSON.parse(fs.readFileSync(file, "utf8"));
            return true;
        } catch {
            return false;
        }
    };
    assert.ok(parses(checkpoint), `${checkpoint} is cut short: not the .attrs case this repair knows`);
    const removed = [`${checkpoint}.attrs`, `${checkpoint}.bak.attrs`].filter(
        (file) => fs.existsSync(file) && !parses(file),
    );
    for (const file of removed) fs.rmSync(file);
    console.log(`    (repaired: removed ${removed.map((file) => path.basename(file)).join(", ") || "nothing"})`);
}

describe("integration: recovery from an interrupted up", () => {
    let cluster: Cluster;
    const secretsNow = () => cluster.secretNames(NAMESPACES.workload);

    before(async () => {
        cluster = await connect(process.env.KUBECONFIG!);
        for (const namespace of Object.values(NAMESPACES)) await cluster.ensureNamespace(namespace);
    });
    beforeEach(async () => {
        await cluster.deleteLeftovers(Object.values(NAMESPACES));
    });

    after(() => {
        fs.rmSync(BACKEND, { recursive: true, force: true });
    });

    /** The tutorial with `hosts` routes under its wildcard: an up long enough to be cut in the middle. */
    const manyRoutes = (hosts: number) => {
        const many = tutorialConfig(false, NAMESPACES);
        many[`${PROJECT}:certificates`][0].name = "many-credential";
        many[`${PROJECT}:gateway`].name = "many-gateway";
        many[`${PROJECT}:routes`] = Array.from({ length: hosts }, (_, i) => ({
            host: `h${i}.aliyun.com`,
            service: "myexampleapp",
            port: 80,
            namespace: NAMESPACES.apps,
        }));
        return many;
    };
    /** What is in the cluster against what the stack's state holds: no duplicate, no orphan. */
    const converged = async (of: Stack, hosts: number) => {
        const names = await cluster.istioNames("virtualservices", NAMESPACES.gateway);
        const state = (await of.exportStack()).deployment.resources.filter(
            (r: { type: string }) => r.type === "kubernetes:networking.istio.io/v1:VirtualService",
        );
        assert.equal(names.length, hosts, `the cluster has ${names.length} VirtualServices`);
        assert.equal(state.length, hosts, `the state has ${state.length} VirtualServices`);
        assert.equal((await secretsNow()).length, 1, (await secretsNow()).join(", "));
    };
    const untilCount = async (atLeast: number) => {
        for (let i = 0; i < 600; i++) {
            if ((await cluster.istioNames("virtualservices", NAMESPACES.gateway)).length >= atLeast) return;
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.fail(`fewer than ${atLeast} VirtualServices after a minute`);
    };

    /** The recovery command, as a user runs it, on the suite's backend (asynchronously: the proxy is in this process). */
    const recover = (of: Stack) =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
            const child = spawn(
                process.execPath,
                [path.join(ROOT, "bin", "istio-gateway-tls-recover.js"), "--stack", of.name],
                { cwd: ROOT, env: { ...process.env, ...ENV } },
            );
            let out = "";
            child.stdout.on("data", (data) => (out += data));
            child.stderr.on("data", (data) => (out += data));
            child.on("exit", (code) => {
                console.log(`    (recover: ${out.trim().split("\n").join(" | ").slice(0, 600)})`);
                resolve({ code, out });
            });
        });
    const VS_CREATES = new RegExp(`/namespaces/${NAMESPACES.gateway}/virtualservices(\\?|$)`);
    /** A stack of this file's behind its own API server proxy, whose kubeconfig its provider keeps for good. */
    const proxiedStack = async (stackName: string) => {
        const proxy = await apiServerProxy(process.env.KUBECONFIG!);
        const of = await LocalWorkspace.createOrSelectStack(
            { stackName, workDir: ROOT },
            { envVars: { ...ENV, KUBECONFIG: proxy.kubeconfig } },
        );
        return { proxy, of };
    };
    /** Undoes proxiedStack: the proxy passes again, the stack is destroyed and removed. */
    const dispose = async ({ proxy, of }: Awaited<ReturnType<typeof proxiedStack>>) => {
        await proxy.reopen();
        await of.cancel().catch(() => undefined);
        await of.destroy().catch(() => undefined);
        await of.workspace.removeStack(of.name, { force: true }).catch(() => undefined);
        await proxy.close();
    };
    /** `pulumi up` in a child process, SIGKILLed once the proxy holds a create's answer (and `settle` ms more). */
    const killedUp = async (
        { proxy, of }: Awaited<ReturnType<typeof proxiedStack>>,
        passFirst: number,
        settle: number,
    ) => {
        const held = proxy.dropAnswers(VS_CREATES, passFirst, "hold");
        const cli = spawn("pulumi", ["up", "--yes", "--skip-preview", "--stack", of.name], {
            cwd: ROOT,
            env: { ...process.env, ...ENV, KUBECONFIG: proxy.kubeconfig },
            stdio: "ignore",
        });
        await held;
        await new Promise((resolve) => setTimeout(resolve, settle));
        cli.kill("SIGKILL");
        await new Promise((resolve) => cli.on("exit", resolve));
        await proxy.reopen();
    };

    it("R1. the API server gone after a create reached it: recover deletes the stack's leftover, up converges", async () => {
        const proxied = await proxiedStack("itest-recovery-cut");
        const { proxy, of: cut } = proxied;
        try {
            await setConfig(cut, manyRoutes(50));
            // The 11th VirtualService create reaches the server; its answer is dropped and the server is gone.
            const dropped = proxy.dropAnswers(VS_CREATES, 10, "cut");
            const failed = await cut.up().then(
                () => assert.fail("up succeeded without its API server"),
                (error: Error) => error,
            );
            await dropped;
            console.log(
                `    (up failed: ${failed.message
                    .split("\n")
                    .find((l) => /error/i.test(l))
                    ?.trim()
                    .slice(0, 160)})`,
            );
            // The objects the server made are in the cluster, and not in the state.
            const inState = (await cut.exportStack()).deployment.resources.filter(
                (r: { type: string }) => r.type === "kubernetes:networking.istio.io/v1:VirtualService",
            ).length;
            const inCluster = (await cluster.istioNames("virtualservices", NAMESPACES.gateway)).length;
            assert.ok(inCluster > inState, `${inCluster} in the cluster, ${inState} in the state: no orphan was made`);
            // A create cut off this way is a failed create to the engine: it keeps no pending operation.
            assert.deepEqual((await cut.exportStack()).deployment.pending_operations ?? [], []);
            // The API server is back at the same address: recover, then up.
            await proxy.reopen();
            const recovered = await recover(cut);
            assert.equal(recovered.code, 0, recovered.out);
            const deleted =
                recovered.out.match(
                    /deleted: VirtualService itest-recovery-gw\/h\d+\.aliyun\.com has this stack's mark but is not in its state/g,
                ) ?? [];
            assert.equal(deleted.length, inCluster - inState, recovered.out);
            await cut.up();
            await converged(cut, 50);
            await cut.preview({ expectNoChanges: true });
        } finally {
            await dispose(proxied);
        }
    });

    it("R2. an up interrupted by SIGINT, then by SIGKILL: what is left, and the commands that finish the job", async () => {
        const proxied = await proxiedStack("itest-recovery-int");
        const interrupted = proxied.of;
        try {
            await setConfig(interrupted, manyRoutes(30));
            // SIGINT, as a CI timeout sends it: the CLI stops starting operations and finishes those in flight.
            const abort = new AbortController();
            const running = interrupted.up({ signal: abort.signal });
            running.catch(() => undefined);
            await untilCount(5);
            abort.abort();
            await assert.rejects(running);
            const afterInterrupt = await recover(interrupted);
            assert.equal(afterInterrupt.code, 0, afterInterrupt.out);
            await interrupted.up();
            await converged(interrupted, 30);

            // SIGKILL: the CLI dies holding the update's lock, so nothing runs until `pulumi cancel`.
            const more = manyRoutes(45);
            await setConfig(interrupted, more);
            // Creates in flight when the CLI dies, on purpose: after 3 of the 15 new ones, the API server makes
            // each object but its answer is held back.
            await killedUp(proxied, 3, 2000);
            // What a kill leaves varies with where it lands: the update's lock, and sometimes a checkpoint file
            // cut short mid-write. Each is met with what a user would do, and said.
            const checkpoint = path.join(BACKEND, ".pulumi", "stacks", "istio-gateway-tls", "itest-recovery-int.json");
            for (let attempt = 0; attempt < 3; attempt++) {
                const refused = await interrupted.refresh().then(
                    () => undefined,
                    (error: Error) => error.message,
                );
                if (refused === undefined) break;
                const line = refused
                    .split("\n")
                    .find((l) => /^error:/.test(l.trim()))
                    ?.trim();
                console.log(`    (after SIGKILL, refresh said: ${line})`);
                if (/failed to load checkpoint/.test(refused)) {
                    repairCheckpoint(checkpoint);
                } else {
                    assert.match(refused, /locked|currently being updated|lock/i);
                    await interrupted.cancel();
                }
            }
            const afterKill = await recover(interrupted);
            assert.equal(afterKill.code, 0, afterKill.out);
            assert.match(afterKill.out, /adopted: VirtualService/);
            await interrupted.up();
            await converged(interrupted, 45);
            await interrupted.preview({ expectNoChanges: true });

            // That EOF on demand: the attributes file emptied, as a kill between its truncation and its write
            // leaves it. Removing it is the whole repair.
            fs.writeFileSync(`${checkpoint}.attrs`, "");
            await assert.rejects(interrupted.refresh(), /failed to load checkpoint: EOF/);
            repairCheckpoint(checkpoint);
            await interrupted.refresh();
            await converged(interrupted, 45);
        } finally {
            await dispose(proxied);
        }
    });

    it("R3. a same-named VirtualService made with kubectl is never adopted: recover refuses it, up fails with AlreadyExists", async () => {
        const proxied = await proxiedStack("itest-recovery-taken");
        const taken = proxied.of;
        const foreign = {
            apiVersion: "networking.istio.io/v1",
            kind: "VirtualService",
            metadata: { name: "h5.aliyun.com", namespace: NAMESPACES.gateway },
            spec: { hosts: ["h5.aliyun.com"], http: [{ route: [{ destination: { host: "someone-else" } }] }] },
        };
        try {
            await setConfig(taken, manyRoutes(5));
            await taken.up();
            await cluster.apply(foreign);
            // The one new create (h5) reaches the server, which refuses it as AlreadyExists; that answer is
            // held back and the CLI is killed, so the state keeps the create pending.
            await setConfig(taken, manyRoutes(6));
            await killedUp(proxied, 0, 1000);
            await taken.cancel();
            const refused = await recover(taken);
            assert.equal(refused.code, 1, refused.out);
            assert.match(
                refused.out,
                /REFUSED: VirtualService itest-recovery-gw\/h5\.aliyun\.com exists but this stack did not make it \(istio-gateway-tls\.io\/stack is absent/,
            );
            await assert.rejects(taken.up(), /already exists/i);
            const kept = await cluster.istio("virtualservices", NAMESPACES.gateway, "h5.aliyun.com");
            assert.deepEqual(kept.spec.http[0].route[0].destination, { host: "someone-else" }, "it was taken over");
            // Its owner removes it; the stack's next up makes its own.
            await cluster.remove(foreign);
            await taken.up();
            await converged(taken, 6);
        } finally {
            await cluster.remove(foreign).catch(() => undefined);
            await dispose(proxied);
        }
    });
});
