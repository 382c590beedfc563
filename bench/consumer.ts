// npm run bench:consumer: a consumer program's time from start to its first resource registration, with the
// compiled package (dist/, what npm installs) against today's path in this repository (the sources through
// ts-node, transpile-only). Fresh processes, alternating, median of RUNS. Writes bench/consumer.json.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

// The child exits at its first registration, so the SDK reports the unfinished ones and exits non-zero:
// only its one line of stdout is read.
const once = (from: string): number =>
    JSON.parse(
        spawnSync(process.execPath, [path.join(ROOT, "bench", "consumerChild.js")], {
            env: { ...process.env, BENCH_FROM: from },
            encoding: "utf8",
            stdio: ["ignore", "pipe", "ignore"],
        }).stdout,
    ).firstRegistrationMs;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

if (!fs.existsSync(path.join(ROOT, "dist", "components", "index.js"))) {
    console.log("bench:consumer skipped: no dist/; run npm run build");
} else {
    const runs: Record<string, number[]> = { dist: [], source: [] };
    for (let i = 0; i < RUNS; i++) for (const from of ["dist", "source"]) runs[from].push(once(from));
    const summary = {
        date: new Date().toISOString().slice(0, 10),
        machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
        runs: RUNS,
        firstRegistrationMs: { dist: median(runs.dist), source: median(runs.source) },
    };
    console.log(JSON.stringify(summary));
    fs.writeFileSync(path.join(ROOT, "bench", "consumer.json"), `${JSON.stringify(summary, null, 2)}\n`);
}
