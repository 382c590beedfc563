// npm run bench:engine: the program against a hand-written one (bench/handwritten) on the real engine, at
// 10 and 200 hosts: `pulumi preview` and the first `pulumi up` of each, in render mode on a fresh file backend
// per run, alternating, medians of RUNS. The program runs compiled (Pulumi.yaml); the hand-written one runs as
// Pulumi runs TypeScript by default (ts-node, type-checked) and transpile-only. Writes bench/engine.json.
// Skips with one line where no Pulumi CLI is.

import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { generateConfig } from "./generate";

const ROOT = path.resolve(__dirname, "..");
const HOST_COUNTS = (process.env.BENCH_HOSTS ?? "10,200").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PROJECT = "istio-gateway-tls";

interface Timing {
    previewS: number;
    upS: number;
}

/** One preview and one first up, each timed, on a fresh backend and render folder. */
const VARIANTS = ["program", "handwritten", "handwrittenTranspileOnly"] as const;
type Variant = (typeof VARIANTS)[number];

async function measure(which: Variant, hosts: number): Promise<Timing> {
    const backend = fs.mkdtempSync(path.join(os.tmpdir(), "igt-bench-backend-"));
    const render = fs.mkdtempSync(path.join(os.tmpdir(), "igt-bench-render-"));
    const env = {
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_CONFIG_PASSPHRASE: "bench",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        BENCH_HOSTS: String(hosts),
        BENCH_RENDER_DIR: render,
        PULUMI_NODEJS_TRANSPILE_ONLY: String(which === "handwrittenTranspileOnly"),
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
        const upS = await time(() => stack.up());
        return { previewS, upS };
    } finally {
        await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
        fs.rmSync(path.join(workDir, `Pulumi.${stack.name}.yaml`), { force: true });
        fs.rmSync(backend, { recursive: true, force: true });
        fs.rmSync(render, { recursive: true, force: true });
    }
}

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
        const runs: Record<Variant, Timing[]> = { program: [], handwritten: [], handwrittenTranspileOnly: [] };
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
        const ratio = (times: Record<Variant, number>, against: Variant) =>
            Number((times.program / times[against]).toFixed(2));
        rows.push({
            hosts,
            previewS,
            upS,
            previewRatio: ratio(previewS, "handwritten"),
            upRatio: ratio(upS, "handwritten"),
            previewRatioTranspileOnly: ratio(previewS, "handwrittenTranspileOnly"),
            upRatioTranspileOnly: ratio(upS, "handwrittenTranspileOnly"),
        });
        console.log(JSON.stringify(rows[rows.length - 1]));
    }
    const summary = {
        date: new Date().toISOString().slice(0, 10),
        machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
        runs: RUNS,
        rows,
    };
    fs.writeFileSync(path.join(ROOT, "bench", "engine.json"), `${JSON.stringify(summary, null, 2)}\n`);
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
