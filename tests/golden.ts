// The golden record of what the program registers for each of the tests' configs (tests/config/): URNs and
// inputs of every resource, and the stack outputs, with per-run values (keys, fingerprints, times) replaced
// by their kind. tests/unchanged.test.ts compares the code with it, so a refactor that changes a URN, an
// input or an output fails. Regenerate it, and review the diff, with `npm run golden` (scripts/golden.ts) after an intended change.

import * as path from "node:path";
import { fixtureConfig } from "./fixtures";
import { ROOT, runProgram, unwrapSecrets, urnOf } from "./harness";

export const GOLDEN_FILE = path.join(ROOT, "tests", "golden", "registered.json");
export const GOLDEN_FIXTURES = ["tutorial", "prod", "features", "gateway-api"];

/** Values that differ from run to run, replaced by what they are. */
export function normalized(value: any): any {
    if (typeof value === "string") {
        if (value.includes("-----BEGIN") || value.startsWith("MOCK ")) return "<pem>";
        if (/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/.test(value)) return "<fingerprint>";
        if (/^\d{4}-\d\d-\d\dT/.test(value)) return "<time>";
        return value;
    }
    if (Array.isArray(value)) return value.map(normalized);
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalized(item)]));
    }
    return value;
}

/** What the program registers and outputs for one fixture, normalized and sorted by URN. */
export async function recordOf(fixture: string) {
    const run = await runProgram(fixtureConfig(fixture), { stack: "test" });
    const resources = Object.fromEntries(
        run.resources.map((r) => [urnOf(r), normalized(unwrapSecrets(r.inputs))]).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    return { resources, outputs: normalized(run.outputs) };
}
