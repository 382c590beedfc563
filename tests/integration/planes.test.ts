// Several data-plane clusters on a real engine and three API servers: the control plane
// (ITEST_CONTROL_PLANE_KUBECONFIG) and two data planes (KUBECONFIG and ITEST_SECOND_DATA_PLANE_KUBECONFIG).
// Up, a rotation's order across the clusters (the engine's events), adding and removing a cluster, destroy.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { LocalWorkspace, type OpType, type Stack } from "@pulumi/pulumi/automation";
import { PROJECT } from "../../config/load";
import { type Cluster, connect } from "./cluster";
import {
    type Namespaces,
    ROOT,
    changed,
    describeSteps,
    recorder,
    setConfig,
    temporaryBackend,
    tutorialConfig,
} from "./stacks";

const { dir: BACKEND, env: ENV } = temporaryBackend();
const NAMESPACES: Namespaces = {
    gateway: "itest-planes-gw",
    workload: "itest-planes-system",
    apps: "itest-planes-apps",
};
const SECRET_TYPE = "kubernetes:core/v1:Secret";
const GATEWAY_TYPE = "kubernetes:networking.istio.io/v1:Gateway";

describe("integration: several data planes on three API servers", () => {
    let mesh: Cluster;
    let first: Cluster;
    let second: Cluster;
    let stack: Stack;
    let config: Record<string, any>;
    const kubeconfigs: Record<string, string> = {};

    before(async function () {
        const meshFile = process.env.ITEST_CONTROL_PLANE_KUBECONFIG;
        const secondFile = process.env.ITEST_SECOND_DATA_PLANE_KUBECONFIG;
        if (!meshFile || !secondFile) {
            console.log(
                "    (skipped: set ITEST_CONTROL_PLANE_KUBECONFIG and ITEST_SECOND_DATA_PLANE_KUBECONFIG to two more API servers with Istio's CRDs)",
            );
            return this.skip();
        }
        [mesh, first, second] = await Promise.all([meshFile, process.env.KUBECONFIG!, secondFile].map(connect));
        kubeconfigs.mesh = fs.readFileSync(meshFile, "utf8");
        kubeconfigs.one = fs.readFileSync(process.env.KUBECONFIG!, "utf8");
        kubeconfigs.two = fs.readFileSync(secondFile, "utf8");
        for (const cluster of [mesh, first, second]) {
            for (const namespace of Object.values(NAMESPACES)) await cluster.ensureNamespace(namespace);
            await cluster.deleteLeftovers(Object.values(NAMESPACES));
        }
        stack = await LocalWorkspace.createOrSelectStack(
            { stackName: "itest-planes3", workDir: ROOT },
            { envVars: ENV },
        );
        config = {
            ...tutorialConfig(false, NAMESPACES),
            [`${PROJECT}:controlPlane`]: { kubeconfig: kubeconfigs.mesh },
            [`${PROJECT}:dataPlanes`]: [{ name: "one", kubeconfig: kubeconfigs.one }],
        };
        await setConfig(stack, config);
    });

    after(async () => {
        await stack?.destroy().catch(() => undefined);
        await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
        fs.rmSync(BACKEND, { recursive: true, force: true });
    });

    const secretsIn = (cluster: Cluster) => cluster.secretNames(NAMESPACES.workload);

    it("D1. up with one data plane: its Secret there, the Gateway on the control plane only", async () => {
        await stack.up();
        assert.deepEqual(await secretsIn(first), ["myexample-credential"]);
        assert.deepEqual(await secretsIn(second), []);
        assert.ok(await mesh.istio("gateways", NAMESPACES.gateway, "mysdsgateway"), "no Gateway on the control plane");
        assert.equal(await first.istio("gateways", NAMESPACES.gateway, "mysdsgateway"), undefined);
    });

    it("D2. adding a cluster: the preview shows exactly its provider and its Secret, and up creates them", async () => {
        config[`${PROJECT}:dataPlanes`].push({ name: "two", kubeconfig: kubeconfigs.two });
        await setConfig(stack, config);
        const { steps, onEvent } = recorder();
        await stack.preview({ onEvent });
        const planned = steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.urn.split("::").pop()}`);
        assert.deepEqual(planned.sort(), ["create data-plane-two", "create ingress-myexample-credential-secret-two"]);
        await stack.up();
        assert.deepEqual(await secretsIn(second), ["myexample-credential"]);
    });

    it("D3. rotation: every cluster's new Secret before the Gateway switches, every old one deleted after", async () => {
        config[`${PROJECT}:certificates`][0].rotation = "planes-1";
        await setConfig(stack, config);
        const { steps, onEvent } = recorder();
        await stack.up({ onEvent });
        const at = (op: OpType, type: string) => steps.flatMap((s, i) => (s.op === op && s.type === type ? [i] : []));
        const created = at("create-replacement", SECRET_TYPE);
        const [switched] = at("update", GATEWAY_TYPE);
        const deleted = at("delete-replaced", SECRET_TYPE);
        const order = describeSteps(steps).join("\n");
        assert.equal(created.length, 2, order);
        assert.equal(deleted.length, 2, order);
        assert.ok(Math.max(...created) < switched && switched < Math.min(...deleted), order);
        console.log(
            `    (events: ${changed(steps)
                .map((s) => `${s.op} ${s.urn.split("::").pop()}`)
                .join(" → ")})`,
        );
        for (const cluster of [first, second])
            assert.deepEqual(await secretsIn(cluster), ["myexample-credential-planes-1"]);
        const gateway = await mesh.istio("gateways", NAMESPACES.gateway, "mysdsgateway");
        assert.equal(gateway.spec.servers[0].tls.credentialName, "myexample-credential-planes-1");
    });

    it("D4. removing a cluster deletes only its Secret", async () => {
        config[`${PROJECT}:dataPlanes`] = config[`${PROJECT}:dataPlanes`].filter(
            (p: { name: string }) => p.name !== "two",
        );
        await setConfig(stack, config);
        const { steps, onEvent } = recorder();
        await stack.up({ onEvent });
        assert.deepEqual(
            changed(steps).map((s) => `${s.op} ${s.urn.split("::").pop()}`),
            ["delete ingress-myexample-credential-secret-two"],
        );
        assert.deepEqual(await secretsIn(second), []);
        assert.deepEqual(await secretsIn(first), ["myexample-credential-planes-1"]);
    });

    it("D5. destroy leaves nothing on any of the three", async () => {
        await stack.destroy();
        for (const cluster of [first, second]) assert.deepEqual(await secretsIn(cluster), []);
        assert.equal(await mesh.istio("gateways", NAMESPACES.gateway, "mysdsgateway"), undefined);
    });
});
