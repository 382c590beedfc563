// The tests' example environment runs under mocks and passes the policy pack; the committed stack files are
// checked for validity alone in stackFiles.test.ts.

import * as assert from "node:assert/strict";
import { runProgram } from "./harness";
import { policyViolations } from "./policyCheck";
import { devConfig, fixtureConfig } from "./fixtures";

describe("example environments", () => {
    for (const name of ["tutorial", "prod", "gateway-api"]) {
        it(`${name} runs under mocks and passes the policy pack`, async () => {
            const run = await runProgram(fixtureConfig(name), { stack: name });
            assert.ok(run.outputs.credentials.length > 0);
            const gateways = run.resources.filter((r) => r.type.endsWith(":Gateway"));
            assert.equal(gateways.length, 1);
            assert.deepEqual(await policyViolations(run), []);
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
