// How the docs cite the run record: "shown by F4, C1" in prose, and at most one generated "How this was
// shown" table per page, between `<!-- shown: ids -->` and `<!-- end shown -->`. `npm run record` fills
// the tables; tests/record.test.ts fails on a stale table or a cited id the record lacks or did not pass.

import type { RunRecord, Scenario } from "./runRecord";

const ID = "[A-Z]+\\d+[a-z]?";
const CITATION = new RegExp(`shown by (${ID}(?:(?:, | and |, and )${ID})*)`, "g");
const TABLE = /<!-- shown: ([^>]*?) -->\n[\s\S]*?<!-- end shown -->/g;

/** Every scenario id a page cites, in prose or in its table's marker, once each. */
export function citedIds(markdown: string): string[] {
    const ids = new Set<string>();
    for (const match of markdown.matchAll(CITATION)) for (const id of match[1].split(/, and |, | and /)) ids.add(id);
    for (const match of markdown.matchAll(TABLE)) for (const id of match[1].split(/\s+/).filter(Boolean)) ids.add(id);
    return [...ids];
}

/** Why a cited id cannot be trusted, or undefined when the record has it passed. */
export function citationProblem(record: RunRecord, id: string): string | undefined {
    const scenario = record.scenarios.find((s) => s.id === id);
    if (scenario === undefined) return `cites ${id}, which the run record does not have`;
    if (scenario.result !== "passed") return `cites ${id}, which did not pass in the run record (${scenario.result})`;
    return undefined;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function row(record: RunRecord, scenario: Scenario): string {
    const run = record.runs[scenario.run];
    const k8s = run.engine.providers.kubernetes?.plugin ?? "?";
    const tls = run.engine.providers.tls?.plugin ?? "?";
    const engine = `CLI ${run.engine.cli}, kubernetes ${k8s.replace(/ \(.*\)$/, "")}, tls ${tls.replace(/ \(.*\)$/, "")}`;
    const commit = `${run.commit.slice(0, 7)}${run.uncommitted ? "+" : ""}`;
    return `| ${scenario.id} | ${cell(scenario.title.replace(/^\S+\s/, ""))} | ${scenario.result} | ${scenario.seconds} s | ${run.date} | ${commit} | ${engine} |`;
}

/** The table for some ids, from the record (ids it lacks are left out; the test names them). */
export function shownTable(record: RunRecord, ids: string[]): string {
    const rows = ids
        .map((id) => record.scenarios.find((s) => s.id === id))
        .filter((s): s is Scenario => s !== undefined)
        .map((s) => row(record, s));
    return [
        "| id | scenario | result | took | date | commit | engine |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        ...rows,
    ].join("\n");
}

/** The page with each of its tables generated afresh from the record. */
export function withShownTables(markdown: string, record: RunRecord): string {
    return markdown.replace(TABLE, (_, list: string) => {
        const ids = list.split(/\s+/).filter(Boolean);
        return `<!-- shown: ${ids.join(" ")} -->\n${shownTable(record, ids)}\n<!-- end shown -->`;
    });
}
