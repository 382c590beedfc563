// The run record and the docs that cite it: a page may cite a scenario only if the record has it passed, and
// its generated tables are current.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { pages, regenerated } from "../scripts/record";
import { type Run, type RunRecord, mergeRun, readRecord, scenarioId } from "./integration/runRecord";
import { citationProblem, citedIds, withShownTables } from "./integration/shown";

const ROOT = path.resolve(__dirname, "..");
const engine = { cli: "v3.274.1", languages: {}, providers: { kubernetes: { plugin: "4.34.2", sdk: "4.34.2" } } };
const run = (date: string): Run => ({ date, commit: "0".repeat(40), uncommitted: false, engine });
const scenario = (id: string, result: "passed" | "failed" | "skipped") => ({
    id,
    title: `${id}. something`,
    file: "faults",
    result,
    seconds: 1,
});

describe("run record", () => {
    it("takes a scenario's id from its title, and none from a title without one", () => {
        assert.equal(scenarioId("F4. a deployer bound only to rbac/"), "F4");
        assert.equal(scenarioId("E9b. on the Gateway API"), "E9b");
        assert.equal(scenarioId("renders the chart"), undefined);
    });

    it("merges a run: a pass or failure replaces the entry, a skip keeps the last result with its own run", () => {
        const first = mergeRun({ runs: [], scenarios: [] }, run("2026-12-01"), [
            scenario("F1", "passed"),
            scenario("F2", "passed"),
        ]);
        const second = mergeRun(first, run("2026-12-06"), [scenario("F1", "skipped"), scenario("F2", "failed")]);
        const byId = Object.fromEntries(second.scenarios.map((s) => [s.id, s]));
        assert.equal(byId.F1.result, "passed");
        assert.equal(second.runs[byId.F1.run].date, "2026-12-01");
        assert.equal(byId.F2.result, "failed");
        assert.equal(second.runs[byId.F2.run].date, "2026-12-06");
        const third = mergeRun(second, run("2026-12-07"), [scenario("F1", "passed")]);
        assert.deepEqual(
            third.runs.map((r) => r.date),
            ["2026-12-07", "2026-12-06"],
            "a run no scenario points at is dropped",
        );
    });
});

describe("docs cite the run record", () => {
    const record = readRecord();

    it("finds citations in prose and in a table's marker", () => {
        const page =
            "Shown by nothing. Rotation (shown by E3, F2 and C3).\n<!-- shown: F4 -->\nold\n<!-- end shown -->\n";
        assert.deepEqual(citedIds(page), ["E3", "F2", "C3", "F4"]);
    });

    it("refuses a cited id the record lacks or that did not pass", () => {
        const fake: RunRecord = { runs: [run("2026-12-06")], scenarios: [{ ...scenario("F2", "failed"), run: 0 }] };
        assert.match(citationProblem(fake, "F2")!, /did not pass/);
        assert.match(citationProblem(fake, "Z9")!, /does not have/);
        assert.match(withShownTables("<!-- shown: F2 -->\n<!-- end shown -->", fake), /\| F2 \| something \| failed/);
    });

    for (const page of pages()) {
        it(`${page}: every scenario it cites passed in the record, and its tables are current`, () => {
            const markdown = fs.readFileSync(path.join(ROOT, page), "utf8");
            assert.deepEqual(
                citedIds(markdown).flatMap((id) => citationProblem(record, id) ?? []),
                [],
            );
            assert.ok((markdown.match(/<!-- shown:/g) ?? []).length <= 1, "at most one How this was shown table");
            assert.ok(regenerated(page) === markdown, `${page} is stale: run npm run record`);
        });
    }
});
