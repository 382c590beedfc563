// Refactors keep behaviour: for each of the tests' configs, the registered resources (URNs and inputs) and
// the stack outputs equal the golden record (tests/golden/registered.json, written by `npm run golden`).

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { GOLDEN_FILE, GOLDEN_FIXTURES, recordOf } from "./golden";

const RECORDED = JSON.parse(fs.readFileSync(GOLDEN_FILE, "utf8"));

describe("behaviour kept across refactors", () => {
    it("the golden record covers every fixture", () => {
        assert.deepEqual(Object.keys(RECORDED), GOLDEN_FIXTURES);
    });
    for (const name of GOLDEN_FIXTURES) {
        it(`${name}: the same resources, URNs, inputs and outputs as the golden record`, async () => {
            const { resources, outputs } = await recordOf(name);
            assert.deepEqual(Object.keys(resources), Object.keys(RECORDED[name].resources));
            assert.deepEqual(resources, RECORDED[name].resources);
            assert.deepEqual(outputs, RECORDED[name].outputs);
        });
    }
});
