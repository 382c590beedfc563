// The run record (tests/integration/record.json): what each real-engine scenario showed, on which engine, at
// which commit. `npm run test:integration` merges its run into it; the docs cite scenarios by id, and a unit
// test (tests/record.test.ts) fails when a cited id is missing from it or did not pass.

import * as fs from "node:fs";
import * as path from "node:path";

export const RECORD_FILE = path.join(__dirname, "record.json");

/** What the suite ran on, as the plugins themselves report it. */
export interface Engine {
    cli: string;
    /** Language hosts by name: version and where it came from, or "absent". */
    languages: Record<string, string>;
    /** Provider plugins by name, beside the SDK version of package-lock.json (what users' plugins are). */
    providers: Record<string, { plugin: string; sdk: string }>;
}

export interface Run {
    date: string;
    commit: string;
    /** Whether the working tree had changes the commit does not hold. */
    uncommitted: boolean;
    /** ITEST_ONLY / ITEST_GREP when the run was partial. */
    scope?: string;
    engine: Engine;
}

export type Result = "passed" | "failed" | "skipped";

export interface Scenario {
    id: string;
    title: string;
    /** The scenario file, e.g. `faults`. */
    file: string;
    result: Result;
    seconds: number;
    /** Index into `runs` of the run that gave this result. */
    run: number;
}

export interface RunRecord {
    runs: Run[];
    /** Sorted by file, then id. */
    scenarios: Scenario[];
}

/** A scenario's id: the leading token of its title (`F4.`, `C1.`, `9b.` is not one). */
export function scenarioId(title: string): string | undefined {
    return /^([A-Z]+\d+[a-z]?)\.?\s/.exec(title)?.[1];
}

/**
 * The record after a run: each scenario the run passed or failed replaces its entry; a skipped one replaces
 * only an entry that was itself skipped (a run without, say, pilot-discovery leaves the last istiod results in
 * place, dated by their own run). Runs no scenario points at any more are dropped.
 */
export function mergeRun(previous: RunRecord, run: Run, results: Omit<Scenario, "run">[]): RunRecord {
    const byId = new Map<string, Scenario & { runEntry: Run }>();
    for (const scenario of previous.scenarios)
        byId.set(scenario.id, { ...scenario, runEntry: previous.runs[scenario.run] });
    for (const result of results) {
        const before = byId.get(result.id);
        if (result.result === "skipped" && before !== undefined && before.result !== "skipped") continue;
        byId.set(result.id, { ...result, run: -1, runEntry: run });
    }
    const runs: Run[] = [];
    const scenarios = [...byId.values()]
        .sort((a, b) =>
            a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.id.localeCompare(b.id, undefined, { numeric: true }),
        )
        .map(({ runEntry, ...scenario }) => {
            let index = runs.indexOf(runEntry);
            if (index < 0) index = runs.push(runEntry) - 1;
            return { ...scenario, run: index };
        });
    return { runs, scenarios };
}

export function readRecord(file = RECORD_FILE): RunRecord {
    return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : { runs: [], scenarios: [] };
}

export function writeRecord(record: RunRecord, file = RECORD_FILE): void {
    fs.writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
}
