// Every committed stack config, the real stacks and the examples, runs under mocks and passes the policy pack.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { policies } from "../policy/policies";
import { ROOT, runProgram, unwrapSecrets } from "./harness";
import { stackConfig } from "./fixtures";

const stackFiles = [
    ...fs.readdirSync(ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f)),
    ...fs.readdirSync(path.join(ROOT, "stacks", "examples")).filter((f) => /^Pulumi\..+\.yaml$/.test(f)).map((f) => path.join("stacks", "examples", f)),
];

async function policyViolations(resources: { type: string; name: string; props: Record<string, any> }[]): Promise<string[]> {
    const violations: string[] = [];
    const report: ReportViolation = (message) => violations.push(message);
    const asArgs = (r: (typeof resources)[number]) => ({ ...r, urn: r.name, opts: {}, getConfig: () => ({}) }) as unknown as PolicyResource;
    for (const policy of policies) {
        if ("validateStack" in policy) {
            await policy.validateStack({ resources: resources.map(asArgs), getConfig: () => ({}) } as unknown as StackValidationArgs, report);
        } else {
            for (const r of resources) await (policy.validateResource as any)(asArgs(r), report);
        }
    }
    return violations;
}

describe("committed stack configs", () => {
    it("include the dev stack and at least one example environment", () => {
        assert.ok(stackFiles.includes("Pulumi.dev.yaml"));
        assert.ok(stackFiles.some((f) => f.startsWith(path.join("stacks", "examples"))));
    });

    for (const file of stackFiles) {
        it(`${file} runs under mocks and passes the policy pack`, async () => {
            const stack = path.basename(file).replace(/^Pulumi\.|\.yaml$/g, "");
            const run = await runProgram(stackConfig(file), { stack });
            assert.ok(run.outputs.credentials.length > 0);
            assert.equal(run.ofType("kubernetes:networking.istio.io/v1:Gateway").length, 1);
            const resources = run.resources.map((r) => ({ type: r.type, name: r.name, props: unwrapSecrets(r.inputs) }));
            assert.deepEqual(await policyViolations(resources), []);
        });
    }

    it("the prod example has its own domains, a longer-lived CA, and no sample backends", () => {
        const prod = stackConfig(path.join("stacks", "examples", "Pulumi.prod.yaml"));
        const dev = stackConfig("Pulumi.dev.yaml");
        const hosts = (c: any) => c.certificates.flatMap((x: any) => x.hosts);
        assert.equal(hosts(prod).filter((h: string) => hosts(dev).includes(h)).length, 0);
        for (const cert of prod.certificates) assert.ok(cert.ca.validityDays > dev.certificates[0].ca.validityDays);
        assert.notEqual(prod.sampleApps?.enabled, true);
    });
});
