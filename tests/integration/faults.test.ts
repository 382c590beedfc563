// Faults and least privilege on a real engine and API server: a rotation refused by an admission policy at
// the Gateway switch and at the old Secret's deletion (ValidatingAdmissionPolicy, no webhook server), a
// policy that also refuses dry runs (caught by the preview), and a deployer bound only to rbac/. The recovery
// after a cut or an interrupted up is in recovery.test.ts.
// F1 to F3 build on each other's rotations on one stack; F4 starts from it destroyed, with a stack of its own.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { CLOCK_VARIABLE, PROJECT } from "../../config/load";
import { type Cluster, connect } from "./cluster";
import { main as checkAccess } from "../../cli/checkAccess";
import { rbac, tokenKubeconfig } from "./deployer";
import { type Namespaces, ROOT, setConfig, temporaryBackend, tutorialConfig } from "./stacks";

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
            ...rbac(SA, "data-plane.yaml", namespaceOf),
            ...rbac(SA, "control-plane.yaml", namespaceOf),
            ...(samples ? rbac(SA, "sample-apps.yaml", toApps) : []),
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
            const [istioRole] = rbac(SA, "control-plane.yaml", namespaceOf);
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
            await cluster.apply(rbac(SA, "control-plane.yaml", namespaceOf)[0]);
            if (samples) {
                // A readiness read refused would make the provider wait out its timeout: check-access names it.
                const [sampleRole] = rbac(SA, "sample-apps.yaml", toApps);
                sampleRole.rules = sampleRole.rules.map((rule: any) => ({
                    ...rule,
                    resources: rule.resources.filter((r: string) => r !== "pods"),
                }));
                await cluster.apply(sampleRole);
                const refused = access(own);
                assert.equal(refused.code, 1);
                assert.match(refused.out, /missing: list pods in namespace itest-faults-apps/);
                await cluster.apply(rbac(SA, "sample-apps.yaml", toApps)[0]);
            }
            await deployer.destroy();
            assert.deepEqual(await secretsNow(), []);
        } finally {
            delete process.env[CLOCK_VARIABLE];
            await deployer.destroy().catch(() => undefined);
            await deployer.workspace.removeStack(deployer.name, { force: true }).catch(() => undefined);
        }
    });
});
