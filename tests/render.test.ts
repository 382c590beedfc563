// Render mode: with renderDir set, the program writes manifests through a rendering provider instead of applying.

import * as assert from "node:assert/strict";
import { type RegisteredResource, TYPES, runProgram, componentProblems } from "./harness";
import { devConfig } from "./fixtures";

const isKubernetesObject = (r: RegisteredResource) => r.type.startsWith("kubernetes:");

describe("render mode (renderDir)", () => {
    it("sends every Kubernetes resource through one provider that renders to renderDir", async () => {
        const run = await runProgram({ ...devConfig(), renderDir: "rendered" });
        const providers = run.ofType("pulumi:providers:kubernetes");
        assert.equal(providers.length, 1);
        assert.equal(providers[0].inputs.renderYamlToDirectory, "rendered");
        const objects = run.resources.filter(isKubernetesObject);
        assert.ok(objects.length >= 10, `only ${objects.length} Kubernetes objects`);
        for (const r of objects)
            assert.match(r.provider ?? "", /::pulumi:providers:kubernetes::kubernetes::/, `${r.type} ${r.name}`);
    });

    it("warns that rendered Secrets are plaintext", async () => {
        const run = await runProgram({ ...devConfig(), renderDir: "rendered" });
        assert.match(run.warnings[0], /rendered\/.*PLAINTEXT/);
    });

    it("renders no namespace patch, which would be a whole Namespace manifest owning an unowned namespace, and says how to label it", async () => {
        const run = await runProgram({ ...devConfig(), renderDir: "rendered" });
        assert.deepEqual(run.ofType(TYPES.namespacePatch), []);
        assert.ok(run.ofType(TYPES.deployment).length > 0);
        assert.match(run.warnings[1], /kubectl label namespace default istio-injection=enabled/);
        assert.equal(run.warnings.length, 2);
    });

    it("gives the providers an empty kubeconfig, so that $KUBECONFIG in the environment cannot conflict with rendering", async () => {
        const saved = process.env.KUBECONFIG;
        process.env.KUBECONFIG = "/somewhere/kubeconfig";
        try {
            const run = await runProgram({ ...devConfig(), renderDir: "rendered" });
            assert.equal(run.ofType("pulumi:providers:kubernetes")[0].inputs.kubeconfig, "");
        } finally {
            if (saved === undefined) delete process.env.KUBECONFIG;
            else process.env.KUBECONFIG = saved;
        }
    });

    it("applies to the cluster, without warning, when renderDir is not set", async () => {
        const run = await runProgram(devConfig());
        assert.equal(run.ofType("pulumi:providers:kubernetes")[0].inputs.renderYamlToDirectory, undefined);
        assert.deepEqual(run.warnings, []);
    });

    it("is a program setting: SecureIngress args reject it instead of ignoring it", async () => {
        const { paths, problems } = await componentProblems({ ...devConfig(), renderDir: "rendered" });
        assert.deepEqual(paths, ["renderDir"]);
        assert.match(problems[0].fix, /renderYamlToDirectory/);
    });
});
