// The tests' example environment runs under mocks and passes the policy pack; the committed stack files are
// checked for validity alone in stackFiles.test.ts.

import * as assert from "node:assert/strict";
import { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { policies } from "../policy/policies";
import { runProgram, unwrapSecrets } from "./harness";
import { devConfig, fixtureConfig } from "./fixtures";

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

describe("example environments", () => {
    for (const name of ["tutorial", "prod"]) {
        it(`${name} runs under mocks and passes the policy pack`, async () => {
            const run = await runProgram(fixtureConfig(name), { stack: name });
            assert.ok(run.outputs.credentials.length > 0);
            assert.equal(run.ofType("kubernetes:networking.istio.io/v1:Gateway").length, 1);
            const resources = run.resources.map((r) => ({ type: r.type, name: r.name, props: unwrapSecrets(r.inputs) }));
            assert.deepEqual(await policyViolations(resources), []);
        });
    }

    it("the prod example has its own domains, a longer-lived CA, and no sample backends", () => {
        const prod = fixtureConfig("prod");
        const dev = devConfig();
        const hosts = (c: any) => c.certificates.flatMap((x: any) => x.hosts);
        assert.equal(hosts(prod).filter((h: string) => hosts(dev).includes(h)).length, 0);
        for (const cert of prod.certificates) assert.ok(cert.ca.validityDays > dev.certificates[0].ca.validityDays);
        assert.notEqual(prod.sampleApps?.enabled, true);
    });
});
