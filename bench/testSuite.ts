// npm run bench:test: the CPU time (user + system, children included) and wall time of `npm test`, median of
// RUNS runs, as `npm test` runs in CI. Prints one JSON line and writes bench/testSuite.json.
// Numbers live here, never in timed tests: the target is `npm test` within 20 s of CPU on a 2-core machine.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Run {
    cpuS: number;
    wallS: number;
}

/** One `npm test`, timed by bash's `times`, which reports the CPU of every child process. */
function measure(): Run {
    const start = Date.now();
    const result = spawnSync("bash", ["-c", "npm test >/dev/null 2>&1; status=$?; times; exit $status"], {
        cwd: ROOT,
        encoding: "utf8",
    });
    const wallS = (Date.now() - start) / 1000;
    if (result.status !== 0) throw new Error(`npm test failed (exit ${result.status}); fix it before measuring`);
    // `times` prints the shell's own user/sys line, then its children's: "0m17.123s 0m2.345s".
    const children = result.stdout.trim().split("\n").pop()!;
    const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map(([, m, s]) => Number(m) * 60 + Number(s));
    return { cpuS: seconds[0] + seconds[1], wallS };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const runs = Array.from({ length: RUNS }, measure);
const summary = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
    runs: RUNS,
    cpuSeconds: Number(median(runs.map((r) => r.cpuS)).toFixed(1)),
    wallSeconds: Number(median(runs.map((r) => r.wallS)).toFixed(1)),
    targetCpuSeconds: 20,
};
fs.writeFileSync(path.join(ROOT, "bench", "testSuite.json"), `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary));
