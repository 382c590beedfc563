// Runs the program (index.ts) under Pulumi's mocks with a given stack config, and returns what it registered.
// index.ts exports the program as a function, so each run resets the mock monitor and config and calls it
// again: runs are independent without reloading modules or starting a process per config variation.

import { createHash } from "node:crypto";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, type Problem, SecureIngress, type SecureIngressArgs } from "../components";
import { caCertPemFor, issueCertificate } from "./pki";
import program = require("../index");

import { PROJECT } from "../config/load";

export { PROJECT };
export const ROOT = path.resolve(__dirname, "..");

export interface RegisteredResource {
    type: string;
    name: string;
    /** The URN the SDK gave the resource. */
    urn: string;
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
    retainOnDelete?: boolean;
    /** The resources given in dependsOn, as objects. */
    dependsOn?: unknown;
    additionalSecretOutputs: string[];
    parent: string;
}

/** A resource's URN, as the SDK derived it (from the stack, the parent's type chain, the type and the name). */
export function urnOf(resource: RegisteredResource): string {
    return resource.urn;
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

/** Whether a value reached the engine (and so the mocks' newResource) as a secret, in the SDK's RPC form. */
export function isSecretValue(value: unknown): boolean {
    return pulumi.runtime.isRpcSecret(value);
}

/** The value with every secret wrapper removed, for comparisons. */
export function unwrapSecrets(value: any): any {
    if (isSecretValue(value)) return unwrapSecrets(pulumi.runtime.unwrapRpcSecret(value));
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
    /** Awaited before the mocks answer each registration, as the engine answers once its step is done. */
    answer?: (type: string) => Promise<void>;
}

/** What a test program gets to pass on to the resources it creates, so that the harness sees their options. */
export interface Instrumentation {
    transformations: pulumi.ResourceTransformation[];
}

/**
 * Records each resource's options as it is constructed, through a resource transformation (the mocks'
 * newResource is not given options), and counts them, so that the run can wait for every registration.
 */
function optionsRecorder() {
    const recorded = new Map<
        string,
        { options: Omit<RegisteredOptions, "parent">; parent?: pulumi.Resource; resource: pulumi.Resource }
    >();
    const record: pulumi.ResourceTransformation = ({ resource, type, name, opts }) => {
        const custom = opts as pulumi.CustomResourceOptions;
        recorded.set(`${type}::${name}`, {
            options: {
                replacementTrigger: opts.replacementTrigger,
                deleteBeforeReplace: custom.deleteBeforeReplace ?? false,
                additionalSecretOutputs: custom.additionalSecretOutputs ?? [],
                ...(opts.retainOnDelete !== undefined && { retainOnDelete: opts.retainOnDelete }),
                ...(opts.dependsOn !== undefined && { dependsOn: opts.dependsOn }),
            },
            parent: opts.parent,
            resource,
        });
        return undefined;
    };
    return { recorded, instrumentation: { transformations: [record] } as Instrumentation };
}

/** An output's value once known, through the public apply. */
function knownValue<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => pulumi.unsecret(output).apply(resolve));
}

async function settle(value: unknown): Promise<any> {
    return pulumi.Output.isInstance(value) ? knownValue(value) : value;
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
    program: (instrumentation: Instrumentation) => object | Promise<object>,
): Promise<Execution> {
    const registered: (Omit<RegisteredResource, "urn"> & {
        parentResource?: pulumi.Resource;
        self?: pulumi.Resource;
    })[] = [];
    const { recorded, instrumentation } = optionsRecorder();
    // Resolved by newResource once every resource the program constructed has reached the mocks.
    let onAllRegistered = () => {};
    const allRegistered = new Promise<void>((resolve) => {
        onAllRegistered = resolve;
    });
    await pulumi.runtime.setMocks(
        {
            async newResource(args) {
                const { options, parent, resource } = recorded.get(`${args.type}::${args.name}`) ?? {
                    options: { deleteBeforeReplace: false, additionalSecretOutputs: [] },
                };
                registered.push({
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs,
                    provider: args.provider,
                    options: { ...options, parent: "" },
                    parentResource: parent,
                    self: resource,
                });
                if (registered.length >= recorded.size) onAllRegistered();
                await runOptions.answer?.(args.type);
                return { id: `${args.name}_id`, state: mockState(args, { ...options, parent: "" }) };
            },
            call(args) {
                return args.inputs;
            },
        },
        PROJECT,
        runOptions.stack ?? "test",
        false,
    );
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
    let error: Error | undefined;
    try {
        for (const [key, value] of Object.entries(await program(instrumentation))) {
            outputs[key] = await settle(value);
            if (pulumi.Output.isInstance(value) && (await pulumi.isSecret(value))) secretOutputs.push(key);
        }
    } catch (thrown) {
        error = thrown as Error;
    } finally {
        console.warn = consoleWarn;
    }
    // Every resource the program constructed was recorded; wait until the mocks have seen each one (a test
    // whose resource never registers fails by mocha's timeout).
    if (registered.length < recorded.size) await allRegistered;
    Error.stackTraceLimit = stackTraceLimit;
    const resources = await Promise.all(
        registered.map(async ({ parentResource, self, ...resource }) => ({
            ...resource,
            urn: self ? await knownValue(self.urn) : "",
            options: { ...resource.options, parent: parentResource ? await knownValue(parentResource.urn) : "" },
        })),
    );
    return { resources, warnings, secretOutputs, outputs, ...(error && { error }) };
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

function instrumentedProgram(instrumentation: Instrumentation): Promise<object> {
    return program(instrumentation);
}

/** Runs index.ts with `config` (top-level keys without the project prefix). Throws what the program throws. */
export async function runProgram(config: Record<string, unknown>, options: RunOptions = {}): Promise<ProgramRun> {
    return programRun(await execute(config, options, instrumentedProgram));
}

/** Runs the program expecting it to reject `config`; returns the error and how many resources got registered. */
export async function programError(config: Record<string, unknown>): Promise<{ error: Error; registered: number }> {
    const { resources, error } = await execute(config, {}, instrumentedProgram);
    if (!error)
        throw new Error(`expected the program to reject the config, but it registered ${resources.length} resources`);
    return { error, registered: resources.length };
}

/** The problems of a config the program refuses with a ConfigError before registering any resource. */
export async function refusedProblems(config: Record<string, unknown>): Promise<Problem[]> {
    const { error, registered } = await programError(config);
    if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${error}`);
    if (registered !== 0) throw new Error(`${registered} resources were registered before the config was refused`);
    return error.problems;
}

/**
 * Runs `build` (which constructs components directly) under mocks; `build` passes the instrumentation's
 * transformations to what it constructs, and returns the values to settle.
 */
export async function runComponents(
    build: (instrumentation: Instrumentation) => object,
    options: RunOptions = {},
): Promise<ProgramRun> {
    return programRun(await execute({}, options, build));
}

/**
 * Constructs SecureIngress with `args` under mocks, expecting it to reject them: the ConfigError's problems,
 * and how many resources got registered (none, when validation runs first).
 */
export async function componentProblems(
    args: unknown,
): Promise<{ paths: string[]; problems: Problem[]; registered: number }> {
    let error: unknown;
    const run = await runComponents((instrumentation) => {
        try {
            new SecureIngress("edge", args as SecureIngressArgs, instrumentation);
        } catch (thrown) {
            error = thrown;
        }
        return {};
    });
    if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${error}`);
    return { paths: error.problems.map((p) => p.path), problems: error.problems, registered: run.resources.length };
}
