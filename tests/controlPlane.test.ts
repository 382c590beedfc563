// ASM's two API servers: with controlPlane set, Istio objects go through a second provider, and Secrets and
// workloads stay on the data-plane one. Without it, nothing changes.

import * as assert from "node:assert/strict";
import { Provider } from "@pulumi/kubernetes/provider";
import { ConfigError, SecureIngress } from "../components";
import {
    type ProgramRun,
    type RegisteredResource,
    TYPES,
    isSecretValue,
    runComponents,
    runProgram,
    unwrapSecrets,
    urnOf,
} from "./harness";
import { devConfig } from "./fixtures";
import { policyViolations } from "./policyCheck";

const ISTIO_TYPES: string[] = [TYPES.gateway, TYPES.virtualService];
const DATA_PLANE_TYPES: string[] = [
    TYPES.secret,
    TYPES.deployment,
    TYPES.service,
    TYPES.configMap,
    TYPES.serviceAccount,
    TYPES.namespacePatch,
];
const KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n";

const providerName = (r: RegisteredResource) => r.provider?.split("::")[3];
const withControlPlane = (controlPlane: unknown) => ({ ...devConfig(), controlPlane });

async function rejected(config: Record<string, unknown>) {
    try {
        await runProgram(config);
    } catch (error) {
        assert.ok(error instanceof ConfigError, String(error));
        return error.problems;
    }
    assert.fail("the config was accepted");
}

describe("ASM control plane (controlPlane)", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram(withControlPlane({ kubeconfig: KUBECONFIG, context: "asm" }));
    });

    it("registers every Istio object through the control-plane provider", () => {
        const istio = run.resources.filter((r) => ISTIO_TYPES.includes(r.type));
        assert.equal(istio.length, 3);
        for (const r of istio) assert.equal(providerName(r), "control-plane", `${r.type} ${r.name}`);
    });

    it("keeps Secrets, workloads, ConfigMaps, ServiceAccounts and the namespace label on the data-plane provider", () => {
        const dataPlane = run.resources.filter((r) => DATA_PLANE_TYPES.includes(r.type));
        assert.deepEqual([...new Set(dataPlane.map((r) => r.type))].sort(), [...DATA_PLANE_TYPES].sort());
        for (const r of dataPlane) assert.equal(providerName(r), "kubernetes", `${r.type} ${r.name}`);
    });

    it("configures the control-plane provider from controlPlane, its kubeconfig as a secret", () => {
        const [provider] = run.ofType("pulumi:providers:kubernetes").filter((p) => p.name === "control-plane");
        assert.equal(provider.inputs.context, "asm");
        assert.ok(
            isSecretValue(provider.inputs.kubeconfig),
            "the control plane's kubeconfig reached the engine in plain text",
        );
        assert.equal(unwrapSecrets(provider.inputs.kubeconfig), KUBECONFIG);
    });

    it("passes the policy pack, whose rules match the Gateway and its secret across providers", async () => {
        assert.deepEqual(await policyViolations(run), []);
        const broken = await runProgram(withControlPlane({ context: "asm" }));
        broken.ofType(TYPES.secret)[0].inputs.metadata.name = "renamed";
        assert.ok(
            (await policyViolations(broken)).some((v) => /myexample-credential/.test(v)),
            "a Gateway pointing at a missing secret went unnoticed",
        );
    });

    it("changes no URN: turning it on only adds the second provider", async () => {
        const single = await runProgram(devConfig());
        const urns = (r: ProgramRun) => r.resources.map((x) => urnOf(x)).sort();
        assert.deepEqual(
            urns(run).filter((urn) => !urn.endsWith("pulumi:providers:kubernetes::control-plane")),
            urns(single),
        );
        assert.equal(single.ofType("pulumi:providers:kubernetes").length, 1);
    });

    it("renders each plane into its own folder with renderDir", async () => {
        const rendered = await runProgram({ ...withControlPlane({ context: "asm" }), renderDir: "out" });
        const dirs = Object.fromEntries(
            rendered.ofType("pulumi:providers:kubernetes").map((p) => [p.name, p.inputs.renderYamlToDirectory]),
        );
        assert.deepEqual(dirs, { kubernetes: "out/data-plane", "control-plane": "out/control-plane" });
        for (const p of rendered.ofType("pulumi:providers:kubernetes")) assert.equal(p.inputs.context, undefined);
    });

    it("rejects an empty controlPlane, or one of the wrong type, with the fix, registering nothing", async () => {
        const empty = await rejected(withControlPlane({}));
        assert.deepEqual(
            empty.map((p) => p.path),
            ["controlPlane"],
        );
        assert.match(empty[0].fix, /pulumi config set --secret --path controlPlane\.kubeconfig < asm\.kubeconfig/);
        const wrong = await rejected(withControlPlane("asm"));
        assert.deepEqual(
            wrong.map((p) => p.path),
            ["controlPlane"],
        );
        assert.match(wrong[0].message, /must be an object, not a string/);
        const typo = await rejected(withControlPlane({ kubeconfg: KUBECONFIG }));
        assert.deepEqual(
            typo.map((p) => p.path),
            ["controlPlane.kubeconfg"],
        );
        assert.match(typo[0].fix, /did you mean "kubeconfig"/);
        const blank = await rejected(withControlPlane({ context: " " }));
        assert.deepEqual(
            blank.map((p) => p.path),
            ["controlPlane.context"],
        );
    });
});

describe("SecureIngress across two planes", () => {
    async function build() {
        let ingress: SecureIngress | undefined;
        const run = await runComponents((instrumentation) => {
            const dataPlane = new Provider("data", {}, instrumentation);
            const controlPlane = new Provider("mesh", {}, instrumentation);
            const config = devConfig();
            config.certificates[0].rotation = "2026-11";
            ingress = new SecureIngress("edge", config as any, {
                ...instrumentation,
                providers: { kubernetes: dataPlane },
                controlPlaneProvider: controlPlane,
            });
            return {};
        });
        return { run, ingress: ingress! };
    }

    it("takes the control plane as the controlPlaneProvider option", async () => {
        const { run } = await build();
        for (const r of run.resources.filter((x) => ISTIO_TYPES.includes(x.type)))
            assert.equal(providerName(r), "mesh");
        for (const r of run.resources.filter((x) => DATA_PLANE_TYPES.includes(x.type)))
            assert.equal(providerName(r), "data");
    });

    it("orders a rotation across planes by the Gateway's dependency on the new Secret, never delete-before-replace", async () => {
        const { run, ingress } = await build();
        const credential = ingress.gatewayCredentials["myexample-credential"];
        const dependencies = await (credential.credentialName as any).allResources();
        assert.ok([...dependencies].includes(credential.secret), "credentialName does not depend on the secret");
        const [gateway] = run.ofType(TYPES.gateway);
        assert.equal(gateway.inputs.spec.servers[0].tls.credentialName, "myexample-credential-2026-11");
        for (const r of run.resources) assert.equal(r.options.deleteBeforeReplace, false, `${r.type} ${r.name}`);
    });
});
