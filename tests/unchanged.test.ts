// Refactors keep behaviour: for each of the tests' configs, the registered resources (URNs and inputs) and
// the stack outputs equal those recorded from the code before the config-model and component refactors
// (tests/config/registered.before-refactor.json). Key material, fingerprints and times differ per run and
// are compared by kind only.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, runProgram, unwrapSecrets, urnOf } from "./harness";
import { fixtureConfig } from "./fixtures";

const RECORDED = JSON.parse(
    fs.readFileSync(path.join(ROOT, "tests", "config", "registered.before-refactor.json"), "utf8"),
);

/** Values that differ from run to run, replaced by what they are. */
function normalized(value: any): any {
    if (typeof value === "string") {
        if (value.includes("-----BEGIN") || value.startsWith("MOCK ")) return "<pem>";
        if (/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/.test(value)) return "<fingerprint>";
        if (/^\d{4}-\d\d-\d\dT/.test(value)) return "<time>";
        return value;
    }
    if (Array.isArray(value)) return value.map(normalized);
    if (value && typeof value === "object") {
        return Object.fromEntries(
            Object.entries(value).map(([key, item]) => [key, key === "daysRemaining" ? "<days>" : normalized(item)]),
        );
    }
    return value;
}

describe("behaviour kept across refactors", () => {
    for (const name of Object.keys(RECORDED)) {
        it(`${name}: the same resources, URNs, inputs and outputs as before`, async () => {
            const run = await runProgram(fixtureConfig(name), { stack: "test" });
            const resources = Object.fromEntries(
                run.resources
                    .map((r) => [urnOf(r), normalized(unwrapSecrets(r.inputs))])
                    .sort(([a], [b]) => (a < b ? -1 : 1)),
            );
            assert.deepEqual(Object.keys(resources), Object.keys(RECORDED[name].resources));
            assert.deepEqual(resources, RECORDED[name].resources);
            assert.deepEqual(normalized(run.outputs), RECORDED[name].outputs);
        });
    }
});
