// npm run golden: rewrites the golden record (tests/golden/registered.json) from what the program registers
// for each of the tests' configs. Review its diff: tests/unchanged.test.ts holds the code to it.

import * as fs from "node:fs";
import * as path from "node:path";
import { GOLDEN_FILE, GOLDEN_FIXTURES, recordOf } from "../tests/golden";

// A run's late registerOutputs can reach the mocks of the next run, which do not know its URN; the
// harness's results are complete before that, so only that rejection is let pass.
process.on("unhandledRejection", (error) => {
    if (!/unknown resource/.test(String(error))) throw error;
});
(async () => {
    const record: Record<string, unknown> = {};
    for (const fixture of GOLDEN_FIXTURES) record[fixture] = await recordOf(fixture);
    fs.writeFileSync(GOLDEN_FILE, `${JSON.stringify(record, null, 2)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), GOLDEN_FILE)}`);
})();
