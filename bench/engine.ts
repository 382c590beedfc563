// npm run bench:engine: the program against a hand-written one (bench/handwritten) on the real engine, at
// 10, 200 and 1,000 hosts (BENCH_HOSTS): `pulumi preview` and the first `pulumi up` of each, in render mode on
// a fresh file backend per run, alternating, medians of RUNS; with each program's resource count and its
// process's peak RSS (bench/rss.js). The program runs compiled (Pulumi.yaml); the hand-written one runs as
// Pulumi runs TypeScript by default (ts-node, type-checked) and transpile-only, and transpile-only under
// empty components of the program's types and names (handwrittenComponents: the program's URNs without its
// code). Writes bench/engine.json, or
// the file BENCH_RECORD names (for a run under other engine settings, e.g. PULUMI_SKIP_CHECKPOINTS=true,
// which every Pulumi command it starts inherits).
// Skips with one line where no Pulumi CLI is.

import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { generateConfig } from "./generate";

const ROOT = path.resolve(__dirname, "..");
const HOST_COUNTS = (process.env.BENCH_HOSTS ?? "10,200,1000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PROJECT = "istio-gateway-tls";

interface Timing {
    previewS: number;
    upS: number;
    /** Resources the first up created (the stack included). */
    resources: number;
    /** Peak resident set size of the program's process over the preview and the up, MiB. */
    peakRssMiB: number;
}

/** One preview and one first up, each timed, on a fresh backend and render folder. */
const ALL_VARIANTS = ["program", "handwritten", "handwrittenTranspileOnly", "handwrittenComponents"] as const;
type Variant = (typeof ALL_VARIANTS)[number];
/** BENCH_VARIANTS picks some (the type-checked hand-written one adds a third of the time at 1,000 hosts). */
const VARIANTS = (process.env.BENCH_VARIANTS?.split(",") ?? ALL_VARIANTS) as Variant[];

async function measure(which: Variant, hosts: number): Promise<Timing> {
    const backend = fs.mkdtempSync(path.join(os.tmpdir(), "igt-bench-backend-"));
    const render = fs.mkdtempSync(path.join(os.tmpdir(), "igt-bench-render-"));
    const rssFile = path.join(backend, "rss.txt");
    const env = {
        NODE_OPTIONS: `--require ${path.join(ROOT, "bench", "rss.js")}`,
        BENCH_RSS_FILE: rssFile,
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_CONFIG_PASSPHRASE: "bench",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        BENCH_HOSTS: String(hosts),
        BENCH_RENDER_DIR: render,
        PULUMI_NODEJS_TRANSPILE_ONLY: String(which === "handwrittenTranspileOnly" || which === "handwrittenComponents"),
        BENCH_COMPONENTS: String(which === "handwrittenComponents"),
    };
    const workDir = which === "program" ? ROOT : path.join(ROOT, "bench", "handwritten");
    const stack = await LocalWorkspace.createOrSelectStack({ stackName: `bench${hosts}`, workDir }, { envVars: env });
    try {
        if (which === "program") {
            const config = Object.fromEntries(
                Object.entries({ ...generateConfig(hosts), renderDir: render }).map(([key, value]) => [
                    `${PROJECT}:${key}`,
                    value,
                ]),
            );
            const settings = await stack.workspace.stackSettings(stack.name);
            await stack.workspace.saveStackSettings(stack.name, { ...settings, config: config as never });
        }
        const time = async (run: () => Promise<unknown>) => {
            const start = process.hrtime.bigint();
            await run();
            return Number(process.hrtime.bigint() - start) / 1e9;
        };
        const previewS = await time(() => stack.preview());
        let resources = 0;
        const upS = await time(async () => {
            resources = (await stack.up()).summary.resourceChanges?.create ?? 0;
        });
        const rss = fs.readFileSync(rssFile, "utf8").trim().split("\n").map(Number);
        return { previewS, upS, resources, peakRssMiB: Number((Math.max(...rss) / 1024).toFixed(1)) };
    } finally {
        await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
        fs.rmSync(path.join(workDir, `Pulumi.${stack.name}.yaml`), { force: true });
        fs.rmSync(backend, { recursive: true, force: true });
        fs.rmSync(render, { recursive: true, force: true });
    }
}

const round = (seconds: number) => Number(seconds.toFixed(1));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
    if (spawnSync("pulumi", ["version"]).status !== 0) {
        console.log("bench:engine skipped: no pulumi CLI on PATH (and its kubernetes and tls plugins)");
        return;
    }
    // The program runs from dist/, which bin/program.js refuses when older than its sources.
    execFileSync(process.execPath, [path.join(ROOT, "scripts", "build.js")], { stdio: "inherit" });
    const rows = [];
    for (const hosts of HOST_COUNTS) {
        const runs = Object.fromEntries(ALL_VARIANTS.map((variant) => [variant, [] as Timing[]])) as Record<
            Variant,
            Timing[]
        >;
        for (let i = 0; i < RUNS; i++) {
            // Alternating, so that drift in the machine's load falls on each alike.
            for (const variant of VARIANTS) runs[variant].push(await measure(variant, hosts));
        }
        const medians = (pick: (t: Timing) => number) =>
            Object.fromEntries(VARIANTS.map((variant) => [variant, median(runs[variant].map(pick))])) as Record<
                Variant,
                number
            >;
        const previewS = medians((t) => t.previewS);
        const upS = medians((t) => t.upS);
        const resources = medians((t) => t.resources);
        const peakRssMiB = medians((t) => t.peakRssMiB);
        const ratio = (times: Record<Variant, number>, against: Variant) =>
            times[against] === undefined ? undefined : Number((times.program / times[against]).toFixed(2));
        rows.push({
            hosts,
            previewS,
            upS,
            resources,
            peakRssMiB,
            previewRatio: ratio(previewS, "handwritten"),
            upRatio: ratio(upS, "handwritten"),
            previewRatioTranspileOnly: ratio(previewS, "handwrittenTranspileOnly"),
            upRatioTranspileOnly: ratio(upS, "handwrittenTranspileOnly"),
            previewRatioComponents: ratio(previewS, "handwrittenComponents"),
            upRatioComponents: ratio(upS, "handwrittenComponents"),
            // Every run, in order, so that the spread behind each median shows.
            eachRun: Object.fromEntries(
                VARIANTS.map((variant) => [
                    variant,
                    runs[variant].map((t) => ({ previewS: round(t.previewS), upS: round(t.upS) })),
                ]),
            ),
        });
        console.log(JSON.stringify(rows[rows.length - 1]));
    }
    const summary = {
        date: new Date().toISOString().slice(0, 10),
        machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
        runs: RUNS,
        skipCheckpoints: process.env.PULUMI_SKIP_CHECKPOINTS === "true",
        rows,
    };
    const record = process.env.BENCH_RECORD ?? "engine.json";
    fs.writeFileSync(path.join(ROOT, "bench", record), `${JSON.stringify(summary, null, 2)}\n`);
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
