// npm run bench: how the program's cost grows with the number of hosts, against two baselines: the same
// resources through the provider SDK classes (what a hand-written program pays), and the SDK's own floor
// (bare pulumi.CustomResource objects).
// Every measurement is a fresh process (bench/child.ts) under Pulumi mocks; medians of RUNS runs.
// Writes bench/results.json (one row per host count) and bench/startup.json.

import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { benchBuildArgs } from "./build";
import { certificateCount, generateConfig } from "./generate";

const ROOT = path.resolve(__dirname, "..");
const BUILD = path.join(ROOT, "bench", ".build");
const HOST_COUNTS = [10, 100, 1000, 2000];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface ChildResult {
    mode: string;
    resources: number;
    types: Record<string, number>;
    evalMs: number;
    firstRegistrationMs: number;
    peakRssMb: number;
}

interface Row {
    hosts: number;
    resources: number;
    resourcesPerHost: number;
    evalMs: number;
    /** The same resources through @pulumi/tls and @pulumi/kubernetes classes, hard-coded inputs, no component, validation or config. */
    baselineMs: number;
    ratio: number;
    peakRssMb: number;
    /** The same number of resources of the same type tokens as bare pulumi.CustomResource objects: the SDK's floor. */
    bareSdkMs: number;
    bareSdkRatio: number;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "igt-bench-"));
process.on("exit", () => fs.rmSync(work, { recursive: true, force: true }));

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** A real certificate for the mocks to return, so the program's X.509 parsing runs as it would. */
function certificateFile(): string {
    const key = path.join(work, "c.key");
    const cert = path.join(work, "c.crt");
    execFileSync(
        "openssl",
        [
            "req",
            "-x509",
            "-nodes",
            "-days",
            "365",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-subj",
            "/CN=bench",
            "-keyout",
            key,
            "-out",
            cert,
        ],
        { stdio: "pipe" },
    );
    return cert;
}

function build(): void {
    fs.rmSync(BUILD, { recursive: true, force: true });
    const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
    execFileSync(process.execPath, benchBuildArgs(tsc, BUILD), { cwd: ROOT, stdio: "inherit" });
}

type Launch = "compiled" | "ts-node-typecheck" | "ts-node-transpile";

function runChild(
    mode: "program" | "typed-baseline" | "baseline",
    configFile: string,
    cert: string,
    launch: Launch = "compiled",
    typesFile?: string,
): ChildResult {
    const env = {
        ...process.env,
        BENCH_MODE: mode,
        BENCH_CONFIG: configFile,
        BENCH_CERT: cert,
        BENCH_TYPES: typesFile ?? "",
    };
    const args =
        launch === "compiled"
            ? [path.join(BUILD, "bench", "child.js")]
            : ["-r", "ts-node/register", path.join(ROOT, "bench", "child.ts")];
    if (launch !== "compiled")
        Object.assign(env, {
            TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json"),
            TS_NODE_TRANSPILE_ONLY: String(launch === "ts-node-transpile"),
        });
    const result = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`${mode} run failed (${launch}):\n${result.stderr}`);
    return JSON.parse(result.stdout.trim().split("\n").pop()!);
}

function writeJson(file: string, value: unknown): string {
    const full = path.join(work, file);
    fs.writeFileSync(full, JSON.stringify(value));
    return full;
}

function measure(hosts: number, cert: string): Row {
    const configFile = writeJson(`config-${hosts}.json`, generateConfig(hosts));
    const program = Array.from({ length: RUNS }, () => runChild("program", configFile, cert));
    const typesFile = writeJson(`types-${hosts}.json`, program[0].types);
    const typed = Array.from({ length: RUNS }, () =>
        runChild("typed-baseline", configFile, cert, "compiled", typesFile),
    );
    const bare = Array.from({ length: RUNS }, () => runChild("baseline", configFile, cert, "compiled", typesFile));
    for (const other of [typed[0], bare[0]]) {
        if (other.resources !== program[0].resources)
            throw new Error(`${other.mode} registered ${other.resources}, program ${program[0].resources}`);
    }
    const evalMs = median(program.map((r) => r.evalMs));
    const baselineMs = median(typed.map((r) => r.evalMs));
    const bareSdkMs = median(bare.map((r) => r.evalMs));
    return {
        hosts,
        resources: program[0].resources,
        resourcesPerHost: round(program[0].resources / hosts, 2),
        evalMs: round(evalMs),
        baselineMs: round(baselineMs),
        ratio: round(evalMs / baselineMs, 2),
        peakRssMb: round(median(program.map((r) => r.peakRssMb))),
        bareSdkMs: round(bareSdkMs),
        bareSdkRatio: round(evalMs / bareSdkMs, 2),
    };
}

/** Resources added by one more host under an existing wildcard, and by one more certificate with its host. */
function marginalResources(cert: string): { perHost: number; perCertificate: number } {
    const base = generateConfig(100);
    const count = (config: object) => runChild("program", writeJson(`m-${Math.random()}.json`, config), cert).resources;
    const baseCount = count(base);
    const withHost = structuredClone(base);
    withHost.routes!.push({ host: "extra.d0.bench.example", service: "svc-0", namespace: "bench", port: 8080 });
    const withCertificate = structuredClone(base);
    withCertificate.certificates.push({ name: "bench-extra", hosts: ["*.extra.bench.example"] });
    withCertificate.routes!.push({ host: "h.extra.bench.example", service: "svc-0", namespace: "bench", port: 8080 });
    return { perHost: count(withHost) - baseCount, perCertificate: count(withCertificate) - baseCount - 1 };
}

function startup(cert: string) {
    const configFile = writeJson("startup.json", generateConfig(10));
    const launches: Launch[] = ["ts-node-typecheck", "ts-node-transpile", "compiled"];
    return Object.fromEntries(
        launches.map((launch) => [
            launch,
            round(
                median(
                    Array.from(
                        { length: RUNS },
                        () => runChild("program", configFile, cert, launch).firstRegistrationMs,
                    ),
                ),
            ),
        ]),
    );
}

function main(): void {
    console.log(`building to ${path.relative(ROOT, BUILD)} …`);
    build();
    const cert = certificateFile();
    const rows: Row[] = [];
    console.log(`median of ${RUNS} runs, each in a fresh process; ${os.cpus().length} cores, node ${process.version}`);
    console.log("hosts  certs  resources  per host  eval ms  baseline ms  ratio  peak RSS MB  bare SDK ms  bare ratio");
    for (const hosts of HOST_COUNTS) {
        const row = measure(hosts, cert);
        rows.push(row);
        console.log(
            [
                row.hosts,
                certificateCount(hosts),
                row.resources,
                row.resourcesPerHost,
                row.evalMs,
                row.baselineMs,
                row.ratio,
                row.peakRssMb,
                row.bareSdkMs,
                row.bareSdkRatio,
            ]
                .map((v, i) => String(v).padStart([5, 5, 9, 8, 7, 11, 5, 11, 11, 10][i]))
                .join("  "),
        );
    }
    fs.writeFileSync(path.join(ROOT, "bench", "results.json"), `${JSON.stringify(rows, null, 2)}\n`);

    const marginal = marginalResources(cert);
    const at = (h: number) => rows.find((r) => r.hosts === h)!;
    const growth = round(at(2000).evalMs / at(1000).evalMs, 2);
    const times = startup(cert);
    const summary = {
        date: new Date().toISOString().slice(0, 10),
        machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
        runs: RUNS,
        resourcesPerAddedHost: marginal.perHost,
        resourcesPerAddedCertificate: marginal.perCertificate,
        ratioAt1000: at(1000).ratio,
        bareSdkRatioAt1000: at(1000).bareSdkRatio,
        growth2000over1000: growth,
        peakRssMbAt2000: at(2000).peakRssMb,
        startupToFirstRegistrationMs: times,
    };
    fs.writeFileSync(path.join(ROOT, "bench", "startup.json"), `${JSON.stringify(summary, null, 2)}\n`);
    console.log("");
    console.log(
        `resources per added host (existing wildcard): ${marginal.perHost}   per added certificate: ${marginal.perCertificate}`,
    );
    console.log(
        `eval time vs baseline at 1000 hosts: ${summary.ratioAt1000}x (target <= 1.5); vs bare SDK floor: ${summary.bareSdkRatioAt1000}x`,
    );
    console.log(`growth time(2000)/time(1000): ${growth} (target <= 2.2)`);
    console.log(`peak RSS at 2000 hosts: ${summary.peakRssMbAt2000} MB (target < 1024)`);
    console.log(`start-up to first registration, ms: ${JSON.stringify(times)}`);
}

if (require.main === module) main();
