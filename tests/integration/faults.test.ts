// Faults and least privilege on a real engine and API server: a rotation refused by an admission policy at
// the Gateway switch and at the old Secret's deletion (ValidatingAdmissionPolicy, no webhook server), a
// policy that also refuses dry runs (caught by the preview), a deployer bound only to rbac/, and the
// recovery (npm run recover) after the API server is cut mid-create, after SIGINT and SIGKILL, and before a
// same-named object it must not take over.
// F1 to F3 build on each other's rotations on one stack; F4 to F7 start from it destroyed, with stacks of their own.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn } from "node:child_process";
import * as yaml from "js-yaml";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { CLOCK_VARIABLE, PROJECT } from "../../config/load";
import { type Cluster, connect } from "./cluster";
import { apiServerProxy } from "./proxy";
import { main as checkAccess } from "../../cli/checkAccess";
import { type Namespaces, ROOT, currentCluster, setConfig, temporaryBackend, tutorialConfig } from "./stacks";

const { dir: BACKEND, env: ENV } = temporaryBackend();
const NAMESPACES: Namespaces = {
    gateway: "itest-faults-gw",
    workload: "itest-faults-system",
    apps: "itest-faults-apps",
};
const SA = { namespace: "itest-faults-ci", name: "istio-gateway-tls-deployer" };

/** A ValidatingAdmissionPolicy and its binding, refusing what `expression` is false for, in our namespaces. */
function admissionPolicy(name: string, rule: object, expression: string, message: string) {
    return [
        {
            apiVersion: "admissionregistration.k8s.io/v1",
            kind: "ValidatingAdmissionPolicy",
            metadata: { name },
            spec: {
                failurePolicy: "Fail",
                matchConstraints: { resourceRules: [rule] },
                validations: [{ expression, message }],
            },
        },
        {
            apiVersion: "admissionregistration.k8s.io/v1",
            kind: "ValidatingAdmissionPolicyBinding",
            metadata: { name },
            spec: {
                policyName: name,
                validationActions: ["Deny"],
                matchResources: {
                    namespaceSelector: {
                        matchExpressions: [
                            {
                                key: "kubernetes.io/metadata.name",
                                operator: "In",
                                values: Object.values(NAMESPACES),
                            },
                        ],
                    },
                },
            },
        },
    ];
}

/** rbac/<file>, with its namespaces and subject moved to this suite's. */
function rbac(file: string, namespaceOf: (original: string) => string): any[] {
    const documents = yaml.loadAll(fs.readFileSync(path.join(ROOT, "rbac", file), "utf8")) as any[];
    return documents.map((document) => {
        const moved = structuredClone(document);
        if (moved.metadata.namespace) moved.metadata.namespace = namespaceOf(moved.metadata.namespace);
        for (const subject of moved.subjects ?? []) Object.assign(subject, SA);
        for (const rule of moved.rules ?? []) {
            if (rule.resourceNames) rule.resourceNames = rule.resourceNames.map(namespaceOf);
        }
        if (moved.kind.startsWith("Cluster")) moved.metadata.name = `${moved.metadata.name}-itest`;
        if (moved.roleRef?.kind === "ClusterRole") moved.roleRef.name = `${moved.roleRef.name}-itest`;
        return moved;
    });
}

/** A kubeconfig for the same API server that authenticates with `token` only. */
function tokenKubeconfig(adminFile: string, token: string): string {
    const admin = yaml.load(fs.readFileSync(adminFile, "utf8")) as any;
    const cluster = currentCluster(admin);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "igt-itest-sa-")), "kubeconfig");
    fs.writeFileSync(
        file,
        yaml.dump({
            apiVersion: "v1",
            kind: "Config",
            clusters: [cluster],
            users: [{ name: "deployer", user: { token } }],
            contexts: [{ name: "deployer", context: { cluster: cluster.name, user: "deployer" } }],
            "current-context": "deployer",
        }),
    );
    return file;
}

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

describe("integration: faults and least privilege", () => {
    let cluster: Cluster;
    let stack: Stack;
    let config: Record<string, any>;
    const applied: any[] = [];

    const secretsNow = () => cluster.secretNames(NAMESPACES.workload);
    const credentialOfGateway = async () =>
        (await cluster.istio("gateways", NAMESPACES.gateway, "mysdsgateway"))?.spec.servers[0].tls.credentialName;
    const rotate = async (label: string) => {
        config[`${PROJECT}:certificates`][0].rotation = label;
        await setConfig(stack, config);
    };
    const enforce = async (manifests: any[]) => {
        for (const manifest of manifests) await cluster.apply(manifest);
        applied.push(...manifests);
        // The API server's policy informer picks a new binding up within a second or two.
        await new Promise((resolve) => setTimeout(resolve, 3000));
    };
    const lift = async (manifests: any[]) => {
        for (const manifest of [...manifests].reverse()) await cluster.remove(manifest);
        await new Promise((resolve) => setTimeout(resolve, 3000));
    };

    before(async () => {
        cluster = await connect(process.env.KUBECONFIG!);
        for (const namespace of [...Object.values(NAMESPACES), SA.namespace]) await cluster.ensureNamespace(namespace);
        await cluster.deleteLeftovers(Object.values(NAMESPACES));
        stack = await LocalWorkspace.createOrSelectStack(
            { stackName: "itest-faults", workDir: ROOT },
            { envVars: ENV },
        );
        config = tutorialConfig(false, NAMESPACES);
        await setConfig(stack, config);
        await stack.up();
    });

    after(async () => {
        delete process.env[CLOCK_VARIABLE];
        for (const manifest of applied.reverse()) await cluster.remove(manifest).catch(() => undefined);
        await stack?.destroy().catch(() => undefined);
        await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
        fs.rmSync(BACKEND, { recursive: true, force: true });
    });

    it("F1. a policy that refuses dry runs too stops the rotation at the preview, before any change", async () => {
        const policy = admissionPolicy(
            "itest-no-gateway-updates",
            { apiGroups: ["networking.istio.io"], apiVersions: ["*"], operations: ["UPDATE"], resources: ["gateways"] },
            "false",
            "Gateway updates are frozen",
        );
        await enforce(policy);
        try {
            await rotate("faults-1");
            await assert.rejects(stack.preview(), /Gateway updates are frozen|itest-no-gateway-updates/);
            assert.deepEqual(await secretsNow(), ["myexample-credential"], "the preview changed the cluster");
        } finally {
            await lift(policy);
        }
    });

    it("F2. refused at the switch: the new Secret exists, the Gateway keeps the old one; the next up finishes", async () => {
        const policy = admissionPolicy(
            "itest-gateway-switch",
            { apiGroups: ["networking.istio.io"], apiVersions: ["*"], operations: ["UPDATE"], resources: ["gateways"] },
            // Dry runs pass, so the preview succeeds and the update fails mid-way, as a webhook outage would.
            "request.dryRun == true",
            "Gateway updates need a change ticket",
        );
        await enforce(policy);
        try {
            await rotate("faults-2");
            await assert.rejects(stack.up(), (error: Error) => {
                assert.match(error.message, /mysdsgateway/);
                assert.match(error.message, /itest-gateway-switch|change ticket/);
                return true;
            });
            assert.deepEqual(await secretsNow(), ["myexample-credential", "myexample-credential-faults-2"]);
            assert.equal(await credentialOfGateway(), "myexample-credential", "the Gateway lost its Secret");
        } finally {
            await lift(policy);
        }
        await stack.up();
        assert.equal(await credentialOfGateway(), "myexample-credential-faults-2");
        assert.deepEqual(await secretsNow(), ["myexample-credential-faults-2"]);
        await stack.preview({ expectNoChanges: true });
    });

    it("F3. refused at the cleanup: the Gateway already names the new Secret, the old stays; the next up deletes it", async () => {
        const policy = admissionPolicy(
            "itest-secret-cleanup",
            { apiGroups: [""], apiVersions: ["v1"], operations: ["DELETE"], resources: ["secrets"] },
            "oldObject.metadata.name != 'myexample-credential-faults-2'",
            "this Secret is still audited",
        );
        await enforce(policy);
        try {
            await rotate("faults-3");
            await assert.rejects(stack.up(), /myexample-credential-faults-2/);
            assert.equal(await credentialOfGateway(), "myexample-credential-faults-3");
            assert.deepEqual(await secretsNow(), ["myexample-credential-faults-2", "myexample-credential-faults-3"]);
        } finally {
            await lift(policy);
        }
        await stack.up();
        assert.deepEqual(await secretsNow(), ["myexample-credential-faults-3"]);
        await stack.preview({ expectNoChanges: true });
    });

    it("F4. a deployer bound only to rbac/ runs up, rotation, renewal and destroy; one rule less is named in the error", async () => {
        await stack.destroy();
        const namespaceOf = (original: string) =>
            original === "istio-system" ? NAMESPACES.workload : original === "default" ? NAMESPACES.gateway : original;
        // With a Ready node the sample apps are deployed too, and their Role (readiness reads included) is proven.
        const samples = await cluster.hasReadyNode();
        const toApps = () => NAMESPACES.apps;
        const roles = [
            ...rbac("data-plane.yaml", namespaceOf),
            ...rbac("control-plane.yaml", namespaceOf),
            ...(samples ? rbac("sample-apps.yaml", toApps) : []),
        ];
        const account = { apiVersion: "v1", kind: "ServiceAccount", metadata: { ...SA } };
        await enforce([account, ...roles]);
        const kubeconfig = tokenKubeconfig(
            process.env.KUBECONFIG!,
            await cluster.serviceAccountToken(SA.namespace, SA.name),
        );
        const deployer = await LocalWorkspace.createOrSelectStack(
            { stackName: "itest-faults-rbac", workDir: ROOT },
            { envVars: { ...ENV, KUBECONFIG: kubeconfig } },
        );
        try {
            const own = tutorialConfig(samples, NAMESPACES);
            await setConfig(deployer, own);
            const access = (config: Record<string, any>) => {
                const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "igt-itest-access-")), "Pulumi.x.yaml");
                fs.writeFileSync(file, yaml.dump({ config }));
                let out = "";
                const code = checkAccess(["--file", file, "--kubeconfig", kubeconfig], {
                    stdout: (t) => (out += t),
                    stderr: (t) => (out += t),
                });
                return { code, out };
            };
            assert.equal(access(own).code, 0, access(own).out);
            await deployer.up();
            own[`${PROJECT}:certificates`][0].rotation = "rbac-1";
            await setConfig(deployer, own);
            const rotated = await deployer.up();
            const [credential] = rotated.outputs.credentials.value;
            process.env[CLOCK_VARIABLE] = new Date(Date.parse(credential.renewAfter) + 86_400_000).toISOString();
            await deployer.up();
            delete process.env[CLOCK_VARIABLE];
            assert.deepEqual(await secretsNow(), ["myexample-credential-rbac-1"]);

            // One rule less: the Istio Role without virtualservices.
            const [istioRole] = rbac("control-plane.yaml", namespaceOf);
            istioRole.rules[0].resources = ["gateways"];
            await cluster.apply(istioRole);
            // check-access names it before any up: the API server's own rules review.
            const before = access(own);
            assert.equal(before.code, 1);
            assert.match(
                before.out,
                /missing: \w+ virtualservices\.networking\.istio\.io in namespace itest-faults-gw/,
            );
            own[`${PROJECT}:routes`].push({ host: "c.aliyun.com", service: "myexampleapp", port: 80 });
            await setConfig(deployer, own);
            await assert.rejects(deployer.up(), /virtualservices[\s\S]*forbidden|forbidden[\s\S]*virtualservices/);
            await cluster.apply(rbac("control-plane.yaml", namespaceOf)[0]);
            if (samples) {
                // A readiness read refused would make the provider wait out its timeout: check-access names it.
                const [sampleRole] = rbac("sample-apps.yaml", toApps);
                sampleRole.rules = sampleRole.rules.map((rule: any) => ({
                    ...rule,
                    resources: rule.resources.filter((r: string) => r !== "pods"),
                }));
                await cluster.apply(sampleRole);
                const refused = access(own);
                assert.equal(refused.code, 1);
                assert.match(refused.out, /missing: list pods in namespace itest-faults-apps/);
                await cluster.apply(rbac("sample-apps.yaml", toApps)[0]);
            }
            await deployer.destroy();
            assert.deepEqual(await secretsNow(), []);
        } finally {
            delete process.env[CLOCK_VARIABLE];
            await deployer.destroy().catch(() => undefined);
            await deployer.workspace.removeStack(deployer.name, { force: true }).catch(() => undefined);
        }
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

    it("F5. the API server gone after a create reached it: recover deletes the stack's leftover, up converges", async () => {
        await stack.destroy();
        const proxied = await proxiedStack("itest-faults-cut");
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
                    /deleted: VirtualService itest-faults-gw\/h\d+\.aliyun\.com has this stack's mark but is not in its state/g,
                ) ?? [];
            assert.equal(deleted.length, inCluster - inState, recovered.out);
            await cut.up();
            await converged(cut, 50);
            await cut.preview({ expectNoChanges: true });
        } finally {
            await dispose(proxied);
        }
    });

    it("F6. an up interrupted by SIGINT, then by SIGKILL: what is left, and the commands that finish the job", async () => {
        await stack.destroy();
        const proxied = await proxiedStack("itest-faults-int");
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
            const checkpoint = path.join(BACKEND, ".pulumi", "stacks", "istio-gateway-tls", "itest-faults-int.json");
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

    it("F7. a same-named VirtualService made with kubectl is never adopted: recover refuses it, up fails with AlreadyExists", async () => {
        await stack.destroy();
        const proxied = await proxiedStack("itest-faults-taken");
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
                /REFUSED: VirtualService itest-faults-gw\/h5\.aliyun\.com exists but this stack did not make it \(istio-gateway-tls\.io\/stack is absent/,
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
