// The program on a real Pulumi engine and Kubernetes API server, through the Automation API: a temporary file
// backend, the passphrase secrets provider, and this suite's own stacks and config (never Pulumi.dev.yaml or
// a user's stack). Asserts on the engine's ordered events and on the cluster, read back with client-node.
// Needs a pulumi CLI with the kubernetes and tls plugins, and KUBECONFIG pointing at a cluster with Istio's
// CRDs (see prerequisites.ts); ITEST_CONTROL_PLANE_KUBECONFIG names a second API server for the two-plane case.

import * as assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { LocalWorkspace, type OpType, type Stack } from "@pulumi/pulumi/automation";
import { CLOCK_VARIABLE, PROJECT } from "../../config/load";
import { type Cluster, connect } from "./cluster";
import { changed, describeSteps, recorder, setConfig, temporaryBackend, tutorialConfig } from "./stacks";

const ROOT = path.resolve(__dirname, "..", "..");
const NAMESPACES = { gateway: "itest-gw", workload: "itest-system", apps: "itest-apps" };
const SECRET_TYPE = "kubernetes:core/v1:Secret";
const GATEWAY_TYPE = "kubernetes:networking.istio.io/v1:Gateway";
const { dir: BACKEND, env: ENV } = temporaryBackend();

async function stackNamed(name: string): Promise<Stack> {
    return LocalWorkspace.createOrSelectStack({ stackName: name, workDir: ROOT }, { envVars: ENV });
}

describe("integration: the program on a real engine and API server", () => {
    let cluster: Cluster;
    let stack: Stack;
    let samples = false;
    let config: Record<string, any>;
    let fingerprint: string;

    before(async () => {
        cluster = await connect(process.env.KUBECONFIG!);
        samples = await cluster.hasReadyNode();
        if (!samples)
            console.log("    (sample apps off: no Ready node, so their Deployments could never become ready)");
        for (const namespace of Object.values(NAMESPACES)) await cluster.ensureNamespace(namespace);
        // The suite owns these namespaces: start from nothing, whatever an interrupted run left.
        await cluster.deleteLeftovers(Object.values(NAMESPACES));
        stack = await stackNamed("itest");
        config = tutorialConfig(samples, NAMESPACES);
        await setConfig(stack, config);
    });

    after(async () => {
        delete process.env[CLOCK_VARIABLE];
        // After a failure part-way, destroy what the stack created before removing it.
        await stack?.destroy().catch(() => undefined);
        await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
        fs.rmSync(BACKEND, { recursive: true, force: true });
    });

    it("E1. up of the tutorial config creates the secret in the workload namespace, the Gateway and the VirtualServices", async () => {
        const { steps, onEvent } = recorder();
        const result = await stack.up({ onEvent });
        assert.equal(result.summary.result, "succeeded");
        const created = changed(steps)
            .filter((s) => s.op === "create")
            .map((s) => s.type);
        assert.ok(created.includes(SECRET_TYPE) && created.includes(GATEWAY_TYPE), describeSteps(steps).join("\n"));
        const secret = await cluster.secret(NAMESPACES.workload, "myexample-credential");
        assert.equal(secret?.type, "kubernetes.io/tls");
        const gateway = await cluster.istio("gateways", NAMESPACES.gateway, "mysdsgateway");
        assert.equal(gateway?.spec.servers[0].tls.credentialName, "myexample-credential");
        for (const host of ["a.aliyun.com", "b.aliyun.com"])
            assert.ok(await cluster.istio("virtualservices", NAMESPACES.gateway, host), `no VirtualService ${host}`);
        fingerprint = result.outputs.credentials.value[0].fingerprintSha256;
    });

    it("E2. preview and refresh right after show no changes (no drift from server-side defaults)", async () => {
        await stack.preview({ expectNoChanges: true });
        await stack.refresh({ expectNoChanges: true });
    });

    it("E3. rotation creates the new secret, then updates the Gateway, then deletes the old secret", async () => {
        config[`${PROJECT}:certificates`][0].rotation = "itest-1";
        await setConfig(stack, config);
        const { steps, onEvent } = recorder();
        const result = await stack.up({ onEvent });
        const index = (type: string, op: OpType) => steps.findIndex((s) => s.type === type && s.op === op);
        const created = index(SECRET_TYPE, "create-replacement");
        const switched = index(GATEWAY_TYPE, "update");
        const deleted = index(SECRET_TYPE, "delete-replaced");
        assert.ok(created >= 0 && switched > created && deleted > switched, describeSteps(steps).join("\n"));
        assert.deepEqual(await cluster.secretNames(NAMESPACES.workload), ["myexample-credential-itest-1"]);
        const [credential] = result.outputs.credentials.value;
        assert.notEqual(credential.fingerprintSha256, fingerprint);
        const served = new X509Certificate(
            Buffer.from(
                (await cluster.secret(NAMESPACES.workload, "myexample-credential-itest-1"))!.data!["tls.crt"],
                "base64",
            ),
        );
        assert.equal(served.fingerprint256, credential.fingerprintSha256);
        assert.ok(
            served.verify(new X509Certificate(credential.caCertPem).publicKey),
            "the served chain does not verify against caCertPem",
        );
    });

    it("E4. adding a route under the wildcard is exactly one create", async () => {
        config[`${PROJECT}:routes`].push({
            host: "c.aliyun.com",
            service: "myexampleapp",
            port: 80,
            namespace: NAMESPACES.apps,
        });
        await setConfig(stack, config);
        const { steps, onEvent } = recorder();
        await stack.up({ onEvent });
        assert.deepEqual(describeSteps(steps), ["create ingress-route-c.aliyun.com"]);
    });

    it(`E5. renewal (clock moved with ${CLOCK_VARIABLE}) updates the secret in place and leaves the Gateway alone`, async () => {
        const [credential] = (await stack.outputs()).credentials.value;
        process.env[CLOCK_VARIABLE] = new Date(Date.parse(credential.renewAfter) + 86_400_000).toISOString();
        const { steps, onEvent } = recorder();
        const result = await stack.up({ onEvent });
        const secretSteps = changed(steps).filter((s) => s.type === SECRET_TYPE);
        assert.deepEqual(
            secretSteps.map((s) => s.op),
            ["update"],
            describeSteps(steps).join("\n"),
        );
        assert.equal(
            changed(steps).some((s) => s.type === GATEWAY_TYPE),
            false,
            describeSteps(steps).join("\n"),
        );
        const [renewed] = result.outputs.credentials.value;
        assert.equal(renewed.secretName, credential.secretName);
        assert.notEqual(renewed.fingerprintSha256, credential.fingerprintSha256);
    });

    it("E6. bad config fails with the problem list, and nothing is created", async () => {
        const before = (await stack.exportStack()).deployment.resources.length;
        const bad = structuredClone(config);
        bad[`${PROJECT}:certificates`][0].name = "istio-credential";
        await setConfig(stack, bad);
        await assert.rejects(stack.up(), /certificates\[0\]\.name: starts with "istio"[\s\S]*fix: rename it/);
        assert.equal((await stack.exportStack()).deployment.resources.length, before);
        assert.equal(await cluster.secret(NAMESPACES.workload, "istio-credential-itest-1"), undefined);
        await setConfig(stack, config);
    });

    it("E7. the policy pack passes on the stack and fails a violating program", async () => {
        await stack.preview({ policyPacks: [path.join(ROOT, "policy")] });
        const violating = await LocalWorkspace.createOrSelectStack(
            {
                stackName: "itest-violation",
                projectName: "itest-violation",
                program: async () => {
                    const { CustomResource } = await import("@pulumi/kubernetes/apiextensions/customResource.js");
                    new CustomResource("weak", {
                        apiVersion: "networking.istio.io/v1",
                        kind: "Gateway",
                        metadata: { name: "weak", namespace: NAMESPACES.gateway },
                        spec: {
                            selector: { istio: "ingressgateway" },
                            servers: [
                                {
                                    port: { number: 443, name: "https", protocol: "HTTPS" },
                                    hosts: ["*"],
                                    tls: {
                                        mode: "SIMPLE",
                                        credentialName: "no-such-secret",
                                        minProtocolVersion: "TLSV1_0",
                                    },
                                },
                            ],
                        },
                    });
                },
            },
            { envVars: ENV },
        );
        try {
            await assert.rejects(
                violating.preview({ policyPacks: [path.join(ROOT, "policy")] }),
                /gateway-tls-min-1-2|gateway-credential-secret-managed/,
            );
        } finally {
            await violating.workspace.removeStack("itest-violation", { force: true }).catch(() => undefined);
        }
    });

    it("E8. render mode writes manifests that own no namespace and that the API server accepts (dry run)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "igt-itest-render-"));
        const render = await stackNamed("itest-render");
        try {
            await setConfig(render, { ...tutorialConfig(true, NAMESPACES), [`${PROJECT}:renderDir`]: dir });
            await render.up();
            const manifests = fs
                .readdirSync(dir, { recursive: true, encoding: "utf8" })
                .filter((file) => file.endsWith(".yaml"))
                .flatMap((file) => yaml.loadAll(fs.readFileSync(path.join(dir, file), "utf8")) as any[]);
            assert.ok(manifests.length >= 10, `only ${manifests.length} manifests`);
            assert.deepEqual(
                manifests.filter((m) => m.kind === "Namespace"),
                [],
            );
            for (const manifest of manifests) await cluster.applyDryRun(manifest);
        } finally {
            await render.workspace.removeStack("itest-render", { force: true }).catch(() => undefined);
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("E9. with controlPlane, each object lands on its own API server", async function () {
        const controlPlaneKubeconfig = process.env.ITEST_CONTROL_PLANE_KUBECONFIG;
        if (!controlPlaneKubeconfig) {
            console.log("    (skipped: set ITEST_CONTROL_PLANE_KUBECONFIG to a second API server with Istio's CRDs)");
            return this.skip();
        }
        const controlPlane = await connect(controlPlaneKubeconfig);
        const planes = await stackNamed("itest-planes");
        try {
            for (const namespace of Object.values(NAMESPACES)) await controlPlane.ensureNamespace(namespace);
            await controlPlane.deleteLeftovers(Object.values(NAMESPACES));
            const twoPlanes = tutorialConfig(false, NAMESPACES);
            twoPlanes[`${PROJECT}:gateway`].name = "planes-gateway";
            twoPlanes[`${PROJECT}:certificates`][0].name = "planes-credential";
            await setConfig(planes, {
                ...twoPlanes,
                [`${PROJECT}:controlPlane`]: { kubeconfig: fs.readFileSync(controlPlaneKubeconfig, "utf8") },
            });
            await planes.up();
            assert.ok(
                await controlPlane.istio("gateways", NAMESPACES.gateway, "planes-gateway"),
                "the Gateway is not on the control plane",
            );
            assert.equal(
                await cluster.istio("gateways", NAMESPACES.gateway, "planes-gateway"),
                undefined,
                "the Gateway is on the data plane",
            );
            assert.ok(
                await cluster.secret(NAMESPACES.workload, "planes-credential"),
                "the secret is not on the data plane",
            );
            assert.equal(
                await controlPlane.secret(NAMESPACES.workload, "planes-credential"),
                undefined,
                "the secret is on the control plane",
            );
        } finally {
            await planes.destroy().catch(() => undefined);
            await planes.workspace.removeStack("itest-planes", { force: true }).catch(() => undefined);
        }
    });

    it("E9b. on the Gateway API, a rotation also creates the new Secret, then switches certificateRefs, then deletes the old one", async function () {
        if (!(await cluster.hasCrd("gateways.gateway.networking.k8s.io"))) {
            console.log("    (skipped: the cluster has no Gateway API CRDs; install the standard channel's)");
            return this.skip();
        }
        const gatewayApi = await stackNamed("itest-gateway-api");
        const K8S_GATEWAY_TYPE = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
        try {
            const gatewayConfig = tutorialConfig(false, NAMESPACES);
            gatewayConfig[`${PROJECT}:gateway`] = {
                api: "gateway-api",
                name: "itest-k8s-gateway",
                namespace: NAMESPACES.gateway,
            };
            gatewayConfig[`${PROJECT}:certificates`][0].name = "k8s-gateway-credential";
            await setConfig(gatewayApi, gatewayConfig);
            await gatewayApi.up();
            const gateway = await cluster.gatewayApi("gateways", NAMESPACES.gateway, "itest-k8s-gateway");
            assert.equal(gateway?.spec.listeners[0].tls.certificateRefs[0].name, "k8s-gateway-credential");
            assert.ok(
                await cluster.secret(NAMESPACES.gateway, "k8s-gateway-credential"),
                "the secret is not in the Gateway's namespace",
            );
            assert.ok(
                await cluster.gatewayApi("httproutes", NAMESPACES.gateway, "a.aliyun.com"),
                "no HTTPRoute a.aliyun.com",
            );
            await gatewayApi.preview({ expectNoChanges: true });

            gatewayConfig[`${PROJECT}:certificates`][0].rotation = "itest-1";
            await setConfig(gatewayApi, gatewayConfig);
            const { steps, onEvent } = recorder();
            await gatewayApi.up({ onEvent });
            const index = (type: string, op: OpType) => steps.findIndex((s) => s.type === type && s.op === op);
            const created = index(SECRET_TYPE, "create-replacement");
            const switched = index(K8S_GATEWAY_TYPE, "update");
            const deleted = index(SECRET_TYPE, "delete-replaced");
            assert.ok(created >= 0 && switched > created && deleted > switched, describeSteps(steps).join("\n"));
            assert.deepEqual(await cluster.secretNames(NAMESPACES.gateway), ["k8s-gateway-credential-itest-1"]);
        } finally {
            await gatewayApi.destroy().catch(() => undefined);
            await gatewayApi.workspace.removeStack("itest-gateway-api", { force: true }).catch(() => undefined);
        }
    });

    it("E10. destroy leaves none of the stack's objects", async () => {
        await stack.destroy();
        assert.deepEqual(await cluster.secretNames(NAMESPACES.workload), []);
        assert.equal(await cluster.istio("gateways", NAMESPACES.gateway, "mysdsgateway"), undefined);
        for (const host of ["a.aliyun.com", "b.aliyun.com", "c.aliyun.com"])
            assert.equal(await cluster.istio("virtualservices", NAMESPACES.gateway, host), undefined);
    });
    it("E11. a build older than its sources is refused before anything is registered, and runs once they match", async () => {
        // A copy of the project as npm ci leaves it (sources, dist/ and its record), so that the edit below
        // never touches this checkout. Its node_modules is this one's.
        const copy = fs.mkdtempSync(path.join(os.tmpdir(), "igt-stale-"));
        for (const entry of [
            "Pulumi.yaml",
            "package.json",
            "index.ts",
            "components",
            "config",
            "domain",
            "bin",
            "scripts",
        ]) {
            fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
        }
        for (const entry of ["index.js", "components", "config", "domain", ".build-stamp.json"]) {
            fs.cpSync(path.join(ROOT, "dist", entry), path.join(copy, "dist", entry), { recursive: true });
        }
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
        const stale = await LocalWorkspace.createOrSelectStack(
            { stackName: "itest-stale", workDir: copy },
            { envVars: ENV },
        );
        const source = path.join(copy, "components", "summaries.ts");
        const original = fs.readFileSync(source, "utf8");
        try {
            await setConfig(stale, config);
            fs.appendFileSync(source, "// edited after the build\n");
            await assert.rejects(
                stale.up(),
                /build is out of date:\s+components\/summaries\.ts changed since the last build\s+run `npm run build`/,
            );
            // Only the stack itself, which the engine registers before the program loads.
            const registered = ((await stale.exportStack()).deployment.resources ?? []).map((r: any) => r.type);
            assert.deepEqual(registered, ["pulumi:pulumi:Stack"]);
            assert.deepEqual(await cluster.secretNames(NAMESPACES.workload), []);
            // The record is of contents, not times: the same text again (now newer than its build) runs.
            fs.writeFileSync(source, original);
            assert.equal((await stale.up()).summary.result, "succeeded");
        } finally {
            await stale.destroy().catch(() => undefined);
            await stale.workspace.removeStack(stale.name, { force: true }).catch(() => undefined);
            fs.rmSync(copy, { recursive: true, force: true });
        }
    });
});
