// The performance page's tables, generated from the benchmarks' own records (bench/*.json) between
// `<!-- bench: <record> -->` and `<!-- end bench -->`. `npm run record` fills them; a test keeps them fresh.

import * as fs from "node:fs";
import * as path from "node:path";

const TABLE = /<!-- bench: ([A-Za-z-]+) -->\n[\s\S]*?<!-- end bench -->/g;
const s = (seconds: number) => `${seconds.toFixed(1)} s`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

interface EngineRow {
    hosts: number;
    previewS: Record<string, number>;
    upS: Record<string, number>;
    resources: Record<string, number>;
    peakRssMiB: Record<string, number>;
}

interface MockRow {
    hosts: number;
    resources: number;
    evalMs: number;
    baselineMs: number;
    ratio: number;
    peakRssMb: number;
    bareSdkMs: number;
}

/** Each takes its own record's shape; `never` admits them all, and the JSON is handed over unchecked. */
type Render = (record: never) => string[];

/** One renderer per record file, by its name without `.json` (bench/<name>.json). */
const RENDERERS: Record<string, Render> = {
    engine: (record: { date: string; machine: string; runs: number; rows: EngineRow[] }) => [
        `Record of ${record.date} (${record.machine}), medians of ${record.runs}; program / hand-written.`,
        "",
        "| hosts | preview | first up | resources | peak RSS |",
        "| --- | --- | --- | --- | --- |",
        ...record.rows.map((row) => {
            const [p, h] = ["program", "handwrittenTranspileOnly"];
            return (
                `| ${row.hosts.toLocaleString("en")} | ${s(row.previewS[p])} / ${s(row.previewS[h])} (${ratio(row.previewS[p], row.previewS[h])}) ` +
                `| ${s(row.upS[p])} / ${s(row.upS[h])} (${ratio(row.upS[p], row.upS[h])}) ` +
                `| ${row.resources[p]} / ${row.resources[h]} | ${row.peakRssMiB[p]} / ${row.peakRssMiB[h]} MiB |`
            );
        }),
    ],
    "engine-skip-checkpoints": (record: { date: string; machine: string; runs: number; rows: EngineRow[] }) =>
        RENDERERS.engine(record as never),
    results: (rows: MockRow[]) => [
        "| hosts | resources | program ms | hand-written ms | ratio | bare SDK ms | peak RSS |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        ...rows.map(
            (row) =>
                `| ${row.hosts.toLocaleString("en")} | ${row.resources} | ${row.evalMs} | ${row.baselineMs} | ${row.ratio}× | ${row.bareSdkMs} | ${row.peakRssMb} MB |`,
        ),
    ],
    testSuite: (record: {
        date: string;
        machine: string;
        runs: number;
        cpuSeconds: number;
        wallSeconds: number;
        targetCpuSeconds: number;
    }) => [
        `| date | machine | CPU | wall | target |`,
        "| --- | --- | --- | --- | --- |",
        `| ${record.date} | ${record.machine} | ${record.cpuSeconds} s | ${record.wallSeconds} s | ${record.targetCpuSeconds} s |`,
    ],
};

/** A page with each bench table generated afresh from its record; an unknown record name is an error. */
export function withBenchTables(markdown: string, benchDir = __dirname): string {
    return markdown.replace(TABLE, (_, name: string) => {
        const render = RENDERERS[name];
        if (render === undefined)
            throw new Error(`<!-- bench: ${name} -->: no such record (${Object.keys(RENDERERS).join(", ")})`);
        const record = JSON.parse(fs.readFileSync(path.join(benchDir, `${name}.json`), "utf8"));
        return [`<!-- bench: ${name} -->`, ...render(record as never), "<!-- end bench -->"].join("\n");
    });
}
