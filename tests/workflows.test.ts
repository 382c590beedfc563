// The GitHub workflows and the environment list they read. The workflows are validated against the
// workflow schema (@action-validator/core, in-process); they have never been run from this repository's own CI.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { ROOT } from "./harness";

const WORKFLOWS = path.join(ROOT, ".github", "workflows");
/** The workflow schema's complaints about a workflow's text; empty when it is valid. */
function schemaErrors(text: string): string[] {
    return validateWorkflow(text).errors.map((error) => JSON.stringify(error));
}

interface Environment {
    stack: string;
    autoDeploy: boolean;
    policyPack: boolean;
    kubeconfigSecret: string;
    /** The gateway's address, for renew.yml's verify. */
    ingress?: string;
}

describe("CI workflows", () => {
    const files = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

    it("include a pull-request preview, a deploy on merge, a daily renewal and the integration suite", () => {
        assert.deepEqual(files.sort(), ["deploy.yml", "integration.yml", "preview.yml", "renew.yml"]);
    });

    it("renew runs daily, with no human: up for each auto-deployed stack, then verify against its gateway", () => {
        const text = fs.readFileSync(path.join(WORKFLOWS, "renew.yml"), "utf8");
        assert.match(text, /^on:\n {2}schedule:\n {4}- cron: "\d+ \d+ \* \* \*"/m);
        assert.match(text, /select\(\.autoDeploy == true\)/);
        assert.match(text, /command: up[\s\S]*npm run verify -- --ingress "\$\{\{ matrix\.ingress \}\}"/);
        // Shares deploy.yml's lock, so a scheduled renewal never runs beside a deploy of the same stack.
        const deploy = fs.readFileSync(path.join(WORKFLOWS, "deploy.yml"), "utf8");
        const group = /group: (pulumi-up-\$\{\{ matrix\.stack \}\})/;
        assert.equal(text.match(group)?.[1], deploy.match(group)?.[1]);
    });

    for (const file of files) {
        it(`${file} passes the GitHub workflow schema`, () => {
            assert.deepEqual(schemaErrors(fs.readFileSync(path.join(WORKFLOWS, file), "utf8")), []);
        });
    }

    it("the schema check fails on a typo, so the checks above have teeth", () => {
        const broken = fs.readFileSync(path.join(WORKFLOWS, "preview.yml"), "utf8").replace("runs-on:", "runs-onn:");
        assert.ok(schemaErrors(broken).length > 0);
    });

    it("integration runs the suite on kind with Istio, verify (served and loaded), and a rotation under a probe that fails on any error", () => {
        const text = fs.readFileSync(path.join(WORKFLOWS, "integration.yml"), "utf8");
        const order = [
            "helm/kind-action",
            'istioctl" install',
            "npm run test:integration",
            "pulumi up --yes --stack ci",
            "npm run verify -- --ingress",
            "npm run verify -- --loaded",
            "probe.log 2>&1 &",
            "certificates[0].rotation",
            "grep -qv '^200$' probe.log",
            "Verify again after the rotation",
        ];
        const positions = order.map((step) => text.indexOf(step));
        assert.ok(
            positions.every((p) => p >= 0),
            `missing: ${order.filter((_, i) => positions[i] < 0).join(", ")}`,
        );
        assert.deepEqual(
            [...positions].sort((a, b) => a - b),
            positions,
            "steps out of order",
        );
    });

    it("preview runs the tests, then pulumi preview --diff with a PR comment and the policy pack", () => {
        const text = fs.readFileSync(path.join(WORKFLOWS, "preview.yml"), "utf8");
        assert.match(text, /node-version: 22/);
        assert.match(text, /run: npm test/);
        assert.match(
            text,
            /uses: pulumi\/actions@v6[\s\S]*command: preview[\s\S]*diff: true[\s\S]*comment-on-pr: true/,
        );
        assert.match(text, /policyPacks: policy/);
    });

    describe("stacks/environments.json", () => {
        const environments: Environment[] = JSON.parse(
            fs.readFileSync(path.join(ROOT, "stacks", "environments.json"), "utf8"),
        );

        it("lists stacks that exist, each with its deploy, policy and kubeconfig settings", () => {
            assert.ok(environments.length > 0);
            for (const env of environments) {
                assert.ok(fs.existsSync(path.join(ROOT, `Pulumi.${env.stack}.yaml`)), `no Pulumi.${env.stack}.yaml`);
                assert.equal(typeof env.autoDeploy, "boolean", env.stack);
                assert.equal(typeof env.policyPack, "boolean", env.stack);
                assert.match(env.kubeconfigSecret, /^[A-Z][A-Z0-9_]*$/, env.stack);
                if (env.ingress !== undefined) assert.match(env.ingress, /^[\w.-]+(:\d+)?$/, env.stack);
            }
            assert.equal(
                new Set(environments.map((e) => e.stack)).size,
                environments.length,
                "a stack is listed twice",
            );
        });
    });
});
