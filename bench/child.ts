// One measured run in a fresh process: the program (index.ts) or the baseline, under Pulumi mocks.
// Input (env): BENCH_MODE = program | baseline, BENCH_CONFIG = stack config JSON file, BENCH_TYPES = type
// histogram JSON file (baseline), BENCH_CERT = a real certificate PEM file for the mocks to return.
// Output: one JSON line on stdout.

import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import * as pulumi from "@pulumi/pulumi";

const PROJECT = "istio-gateway-tls";
const mode = process.env.BENCH_MODE ?? "program";
const certPem = fs.readFileSync(process.env.BENCH_CERT!, "utf8");

let count = 0;
let first = 0;
let last = 0;
const types: Record<string, number> = {};

async function main(): Promise<void> {
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                last = performance.now();
                if (count++ === 0) first = last;
                types[args.type] = (types[args.type] ?? 0) + 1;
                const state = args.type.startsWith("tls:") ? { ...args.inputs, certPem, privateKeyPem: "k", certRequestPem: "r" } : args.inputs;
                return { id: `${args.name}_id`, state };
            },
            call: (args) => args.inputs,
        },
        PROJECT,
        "bench",
        false,
    );
    const config = JSON.parse(fs.readFileSync(process.env.BENCH_CONFIG!, "utf8"));
    pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, JSON.stringify(v)])));

    const start = performance.now();
    if (mode === "program") {
        require(path.join(__dirname, "..", "index"));
    } else {
        baseline(JSON.parse(fs.readFileSync(process.env.BENCH_TYPES!, "utf8")));
    }
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    process.stdout.write(
        `${JSON.stringify({
            mode,
            resources: count,
            types,
            evalMs: last - start,
            // Loading modules and validating config: from the start of the import to the first registration.
            importMs: first - start,
            // performance.now() counts from the process's time origin: this is start-up to first registration.
            firstRegistrationMs: first,
            peakRssMb: process.resourceUsage().maxRSS / 1024,
        })}\n`,
    );
}

class BaselineCustom extends pulumi.CustomResource {
    constructor(type: string, name: string, props: pulumi.Inputs) {
        super(type, name, props);
    }
}

class BaselineProvider extends pulumi.ProviderResource {
    constructor(pkg: string, name: string) {
        super(pkg, name, {});
    }
}

/** The floor: the same number of resources of the same types, hard-coded inputs, straight through the SDK. */
function baseline(histogram: Record<string, number>): void {
    let n = 0;
    for (const [type, count] of Object.entries(histogram)) {
        for (let i = 0; i < count; i++) {
            const name = `r${n++}`;
            if (type.startsWith("pulumi:providers:")) {
                new BaselineProvider(type.slice("pulumi:providers:".length), name);
            } else if (type.startsWith(`${PROJECT}:`)) {
                new pulumi.ComponentResource(type, name, {});
            } else {
                new BaselineCustom(type, name, {
                    metadata: { name, namespace: "bench" },
                    spec: { hosts: [`${name}.bench.example`], gateways: ["bench/bench-gateway"], http: [{ route: [{ destination: { host: "svc", port: { number: 8080 } } }] }] },
                });
            }
        }
    }
}

main().catch((error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
});
