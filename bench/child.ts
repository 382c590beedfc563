// One measured run in a fresh process: the program (index.ts) or a baseline, under Pulumi mocks.
// Input (env): BENCH_MODE = program | typed-baseline | baseline, BENCH_CONFIG = stack config JSON file, BENCH_TYPES = type
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
                const state = args.type.startsWith("tls:")
                    ? { ...args.inputs, certPem, privateKeyPem: "k", certRequestPem: "r" }
                    : args.inputs;
                return { id: `${args.name}_id`, state };
            },
            call: (args) => args.inputs,
        },
        PROJECT,
        "bench",
        false,
    );
    const config = JSON.parse(fs.readFileSync(process.env.BENCH_CONFIG!, "utf8"));
    pulumi.runtime.setAllConfig(
        Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, JSON.stringify(v)])),
    );

    const start = performance.now();
    if (mode === "program") {
        // index.ts exports the program as a function, which Pulumi calls after loading it.
        await require(path.join(__dirname, "..", "index"))();
    } else if (mode === "typed-baseline") {
        typedBaseline(JSON.parse(fs.readFileSync(process.env.BENCH_TYPES!, "utf8")));
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
                    spec: {
                        hosts: [`${name}.bench.example`],
                        gateways: ["bench/bench-gateway"],
                        http: [{ route: [{ destination: { host: "svc", port: { number: 8080 } } }] }],
                    },
                });
            }
        }
    }
}

/**
 * The same, through the typed classes of @pulumi/tls and @pulumi/kubernetes that any program would use:
 * what is left between it and the program is this project's own layer (components, validation, config).
 */
function typedBaseline(histogram: Record<string, number>): void {
    // Loaded here, inside the timed part, as the program loads them inside its import.
    // The whole SDK at run time, as a hand-written program loads it; typed by the classes used, so that the
    // type-check does not read every API group's declarations.
    const k8s: {
        Provider: typeof import("@pulumi/kubernetes/provider").Provider;
        core: { v1: { Secret: typeof import("@pulumi/kubernetes/core/v1/secret").Secret } };
        apiextensions: {
            CustomResource: typeof import("@pulumi/kubernetes/apiextensions/customResource").CustomResource;
        };
    } = require("@pulumi/kubernetes");
    const tls: typeof import("@pulumi/tls") = require("@pulumi/tls");
    const metadata = (name: string) => ({ name, namespace: "bench" });
    const spec = {
        hosts: ["h.bench.example"],
        gateways: ["bench/bench-gateway"],
        http: [{ route: [{ destination: { host: "svc", port: { number: 8080 } } }] }],
    };
    const make: Record<string, (name: string) => unknown> = {
        "pulumi:providers:kubernetes": (name) => new k8s.Provider(name, {}),
        "tls:index/privateKey:PrivateKey": (name) => new tls.PrivateKey(name, { algorithm: "RSA", rsaBits: 2048 }),
        "tls:index/certRequest:CertRequest": (name) =>
            new tls.CertRequest(name, {
                privateKeyPem: "k",
                subject: { commonName: "c" },
                dnsNames: ["*.bench.example"],
            }),
        "tls:index/selfSignedCert:SelfSignedCert": (name) =>
            new tls.SelfSignedCert(name, {
                privateKeyPem: "k",
                subject: { commonName: "c" },
                isCaCertificate: true,
                validityPeriodHours: 8760,
                allowedUses: ["cert_signing"],
            }),
        "tls:index/locallySignedCert:LocallySignedCert": (name) =>
            new tls.LocallySignedCert(name, {
                certRequestPem: "r",
                caPrivateKeyPem: "k",
                caCertPem: "c",
                validityPeriodHours: 8760,
                allowedUses: ["server_auth"],
            }),
        "kubernetes:core/v1:Secret": (name) =>
            new k8s.core.v1.Secret(name, {
                metadata: metadata(name),
                type: "kubernetes.io/tls",
                stringData: { "tls.crt": "c", "tls.key": "k" },
            }),
        "kubernetes:networking.istio.io/v1:Gateway": (name) =>
            new k8s.apiextensions.CustomResource(name, {
                apiVersion: "networking.istio.io/v1",
                kind: "Gateway",
                metadata: metadata(name),
                spec: { servers: [] },
            }),
        "kubernetes:networking.istio.io/v1:VirtualService": (name) =>
            new k8s.apiextensions.CustomResource(name, {
                apiVersion: "networking.istio.io/v1",
                kind: "VirtualService",
                metadata: metadata(name),
                spec,
            }),
    };
    let n = 0;
    for (const [type, count] of Object.entries(histogram)) {
        for (let i = 0; i < count; i++) {
            const name = `r${n++}`;
            if (make[type]) make[type](name);
            else if (type.startsWith(`${PROJECT}:`)) new pulumi.ComponentResource(type, name, {});
            else throw new Error(`typed baseline has no class for ${type}`);
        }
    }
}

main().catch((error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
});
