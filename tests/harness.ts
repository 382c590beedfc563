// Runs the program (index.ts) under Pulumi's mocks with a given stack config, and returns what it registered.
// index.ts exports the program as a function, so each run resets the mock monitor and config and calls it
// again: runs are independent without reloading modules or starting a process per config variation.

import { createHash } from "node:crypto";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { caCertPemFor, issueCertificate } from "./pki";
import program = require("../index");

export const PROJECT = "istio-gateway-tls";
export const ROOT = path.resolve(__dirname, "..");

export interface RegisteredResource {
    type: string;
    name: string;
    /** Inputs as the engine received them; secrets stay wrapped (see isSecretValue). */
    inputs: Record<string, any>;
    /** Provider reference (`urn::id`), when one was given explicitly or inherited. */
    provider?: string;
    /** Resource options the engine received, which mocks do not pass to newResource. */
    options: RegisteredOptions;
}

export interface RegisteredOptions {
    replacementTrigger?: unknown;
    deleteBeforeReplace: boolean;
    additionalSecretOutputs: string[];
    parent: string;
}

/** A resource's URN, as the engine derives it from the stack, the parent's type chain, the type and the name. */
export function urnOf(resource: RegisteredResource, stack = "test"): string {
    // Children of the stack itself carry no parent type; children of components carry the parent's type chain.
    const parentChain = resource.options.parent?.split("::")[2];
    const parentTypes = parentChain && parentChain !== "pulumi:pulumi:Stack" ? `${parentChain}$` : "";
    return `urn:pulumi:${stack}::${PROJECT}::${parentTypes}${resource.type}::${resource.name}`;
}

export interface ProgramRun {
    resources: RegisteredResource[];
    /** What the program logged with pulumi.log.warn (under mocks, the SDK sends it to console.warn). */
    warnings: string[];
    /** The program's exports, resolved; undefined where unknown (preview). */
    outputs: Record<string, any>;
    /** Names of the exports that are Pulumi secrets. */
    secretOutputs: string[];
    ofType(type: string): RegisteredResource[];
    named(name: string): RegisteredResource;
}

export const TYPES = {
    privateKey: "tls:index/privateKey:PrivateKey",
    selfSignedCert: "tls:index/selfSignedCert:SelfSignedCert",
    certRequest: "tls:index/certRequest:CertRequest",
    locallySignedCert: "tls:index/locallySignedCert:LocallySignedCert",
    secret: "kubernetes:core/v1:Secret",
    gateway: "kubernetes:networking.istio.io/v1:Gateway",
    virtualService: "kubernetes:networking.istio.io/v1:VirtualService",
    namespacePatch: "kubernetes:core/v1:NamespacePatch",
    configMap: "kubernetes:core/v1:ConfigMap",
    deployment: "kubernetes:apps/v1:Deployment",
    service: "kubernetes:core/v1:Service",
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
} as const;

function digest(value: unknown): string {
    return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 12);
}

export function isSecretValue(value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as any)[specialSigKey] === specialSecretSig;
}

/** The value with every secret wrapper removed, for comparisons. */
export function unwrapSecrets(value: any): any {
    if (isSecretValue(value)) return unwrapSecrets(value.value);
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

/**
 * What a provider would return: inputs, plus the outputs the program reads (real PEMs, so X.509 parsing runs).
 * Like the real providers, a replaced key (new trigger) has new key material, and a CSR follows its inputs.
 */
function mockState(args: pulumi.runtime.MockResourceArgs, options: RegisteredOptions): Record<string, any> {
    switch (args.type) {
        case TYPES.privateKey: {
            const generation = options.replacementTrigger === undefined ? "" : ` (${options.replacementTrigger})`;
            return {
                ...args.inputs,
                privateKeyPem: `MOCK PRIVATE KEY ${args.name}${generation}`,
                publicKeyPem: `MOCK PUBLIC KEY ${args.name}${generation}`,
            };
        }
        case TYPES.certRequest:
            return { ...args.inputs, certRequestPem: `MOCK CSR ${args.name} ${digest(unwrapSecrets(args.inputs))}` };
        case TYPES.selfSignedCert:
            return {
                ...args.inputs,
                certPem: caCertPemFor(digest([unwrapSecrets(args.inputs), options.replacementTrigger])),
            };
        case TYPES.locallySignedCert:
            return {
                ...args.inputs,
                certPem: issueCertificate(["mock.example.com"], {
                    caName: `mock ${digest(unwrapSecrets(args.inputs))}`,
                }).certPem,
            };
        default:
            return args.inputs;
    }
}

export interface RunOptions {
    stack?: string;
    preview?: boolean;
}

/**
 * Records the options of each registration from the request the mock monitor receives (SDK internals:
 * the mocks' newResource is not given options).
 */
function recordOptions(into: Map<string, RegisteredOptions>): void {
    const monitor = (pulumi.runtime as any).getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request: any, callback: unknown) => {
        const trigger = request.getReplacementTrigger?.();
        into.set(`${request.getType()}::${request.getName()}`, {
            replacementTrigger: trigger ? trigger.toJavaScript() : undefined,
            deleteBeforeReplace: request.getDeletebeforereplace(),
            additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
            parent: request.getParent(),
        });
        return register(request, callback);
    };
}

/** The SDK's own "RPC queue drained" promise (internal, so not in its typings). */
function waitForRegistrations(): Promise<void> {
    return (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

async function settle(value: unknown): Promise<any> {
    if (!pulumi.Output.isInstance(value)) return value;
    // Output internals: unknown values (preview) never resolve through apply.
    const output = value as any;
    return (await output.isKnown) ? output.promise() : undefined;
}

interface Execution {
    resources: RegisteredResource[];
    warnings: string[];
    secretOutputs: string[];
    outputs: Record<string, any>;
    error?: Error;
}

/** Runs `program` under fresh mocks and config; returns what it registered, its resolved exports, and what it threw. */
async function execute(
    config: Record<string, unknown>,
    runOptions: RunOptions,
    program: () => object | Promise<object>,
): Promise<Execution> {
    const resources: RegisteredResource[] = [];
    const options = new Map<string, RegisteredOptions>();
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                const registered = options.get(`${args.type}::${args.name}`)!;
                resources.push({
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs,
                    provider: args.provider,
                    options: registered,
                });
                return { id: `${args.name}_id`, state: mockState(args, registered) };
            },
            call(args) {
                return args.inputs;
            },
        },
        PROJECT,
        runOptions.stack ?? "test",
        runOptions.preview ?? false,
    );
    recordOptions(options);
    const stackConfig: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) stackConfig[`${PROJECT}:${key}`] = JSON.stringify(value);
    pulumi.runtime.setAllConfig(stackConfig);

    const outputs: Record<string, any> = {};
    const secretOutputs: string[] = [];
    const warnings: string[] = [];
    const consoleWarn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(" "));
    // The SDK records a stack trace for every promise it makes (to report leaks), which through ts-node's
    // source maps is most of a run's CPU. Tests read errors' messages, not their stacks.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        for (const [key, value] of Object.entries(await program())) {
            outputs[key] = await settle(value);
            if (pulumi.Output.isInstance(value) && (await (value as any).isSecret)) secretOutputs.push(key);
        }
    } catch (error) {
        return { resources, warnings, secretOutputs, outputs, error: error as Error };
    } finally {
        await waitForRegistrations();
        console.warn = consoleWarn;
        Error.stackTraceLimit = stackTraceLimit;
    }
    return { resources, warnings, secretOutputs, outputs };
}

function programRun({ resources, warnings, secretOutputs, outputs, error }: Execution): ProgramRun {
    if (error) throw error;
    return {
        resources,
        warnings,
        secretOutputs,
        outputs,
        ofType: (type) => resources.filter((r) => r.type === type),
        named(name) {
            const found = resources.filter((r) => r.name === name);
            if (found.length !== 1) {
                throw new Error(
                    `expected one resource named ${name}, found ${found.length}: ${resources.map((r) => r.name).join(", ")}`,
                );
            }
            return found[0];
        },
    };
}

function requireProgram(): Promise<object> {
    return program();
}

/** Runs index.ts with `config` (top-level keys without the project prefix). Throws what the program throws. */
export async function runProgram(config: Record<string, unknown>, options: RunOptions = {}): Promise<ProgramRun> {
    return programRun(await execute(config, options, requireProgram));
}

/** Runs the program expecting it to reject `config`; returns the error and how many resources got registered. */
export async function programError(config: Record<string, unknown>): Promise<{ error: Error; registered: number }> {
    const { resources, error } = await execute(config, {}, requireProgram);
    if (!error)
        throw new Error(`expected the program to reject the config, but it registered ${resources.length} resources`);
    return { error, registered: resources.length };
}

/** Runs `build` (which constructs components directly) under mocks; `build` returns the values to settle. */
export async function runComponents(build: () => object, options: RunOptions = {}): Promise<ProgramRun> {
    return programRun(await execute({}, options, build));
}
