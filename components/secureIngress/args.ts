// SecureIngress's args, and how they become a validated config from any language. The config fields come
// from the model (types.ts is generated from it); the few leaves marked `input` may be Outputs. A component
// provider (another language's program) hands over a top-level arg that is secret or has dependencies as one
// Output: such args are settled first, then validated like plain ones, before any child is registered.

import * as pulumi from "@pulumi/pulumi";
import type { Field, ObjectField } from "../../config/model/fields";
import { COMPONENT_ARGS_MODEL } from "../../config/model/stack";
import type { ResolvedIngressConfig } from "../../config/resolved";
import { resolveIngressConfig } from "../../config/resolve";
import { UNREAD_SECRET } from "../../config/unread";
import { ConfigError, type Problem, problem } from "../../config/validation/problems";
import type { ControlPlaneConfig, DataPlaneConfig, ExistingCertificateConfig, SecureIngressConfig } from "../types";

/** SecureIngress args: the stack config's fields (components/types.ts, generated from the model), plus a clock. */
export interface SecureIngressArgs extends SecureIngressConfig {
    /**
     * The time renewal periods and brought certificates' expiry are computed from, in ISO 8601.
     * @default the current time
     */
    readonly now?: string;
    /**
     * Label the sample apps' namespace for sidecar injection with a server-side-apply patch. Turn it off when
     * the provider renders manifests (a rendered patch is a whole Namespace manifest).
     * @default true
     */
    readonly labelSampleNamespace?: boolean;
}

/** An arg as it is once settled: not an Output or a promise. */
type Plain<T> = T extends pulumi.OutputInstance<unknown> | Promise<unknown> ? never : T;
/** Args whose top level is plain (nested `input` leaves may still be Outputs). */
export type PlainArgs = { readonly [K in keyof SecureIngressArgs]: Plain<SecureIngressArgs[K]> };

/** Resource options, plus a TypeScript-only way to name the control plane. */
export interface SecureIngressOptions extends pulumi.ComponentResourceOptions {
    /**
     * The Kubernetes provider of the mesh control plane, instead of the `controlPlane` arg: the Gateway and
     * the routes are registered through it. TypeScript only; other languages pass `controlPlane`.
     */
    readonly controlPlaneProvider?: pulumi.ProviderResource;
    /**
     * The Kubernetes provider of each data plane named in `dataPlanes`, by name, instead of the providers the
     * component makes from their kubeconfig and context. TypeScript only.
     */
    readonly dataPlaneProviders?: Readonly<Record<string, pulumi.ProviderResource>>;
}

/** What the component builds from: the validated config, and the leaves that stay Inputs. */
export interface CheckedArgs {
    config: ResolvedIngressConfig;
    now: Date;
    /** The PEMs of each certificate brought with `existing`, by certificate name. */
    existing: Record<string, ExistingCertificateConfig>;
    /** The CA of each `external` certificate that gives one, by certificate name. */
    externalCas: Record<string, pulumi.Input<string>>;
    /** The given selector, whose values may be Inputs; the default's otherwise. */
    selector: Record<string, pulumi.Input<string>>;
    images: { nginxImage: pulumi.Input<string>; httpbinImage: pulumi.Input<string> };
    controlPlane?: ControlPlaneConfig;
    /** The data-plane clusters, in the order given (the first gets the sample apps by default). */
    dataPlanes?: DataPlaneConfig[];
    labelSampleNamespace?: boolean;
}

/** Whether no top-level arg is an Output or a promise, so the args can be checked before anything is registered. */
export function argsArePlain(args: object): boolean {
    return Object.values(args).every((value) => !pulumi.Output.isInstance(value) && !(value instanceof Promise));
}

/**
 * Validates args whose top level is plain: every problem at once as a ConfigError. Leaves marked `input` that
 * are Outputs (a secret PEM, an image from another resource) are checked once known, by the resources they fill.
 */
export function checkArgs(args: PlainArgs): CheckedArgs {
    const { config, now } = validated(args);
    return assemble(args, config, now);
}

function validated(args: PlainArgs): { config: ResolvedIngressConfig; now: Date } {
    const { now: givenNow, labelSampleNamespace, ...config } = args;
    const problems: Problem[] = [];
    const now = givenNow === undefined ? new Date() : new Date(givenNow);
    if (Number.isNaN(now.getTime())) {
        problems.push(
            problem("now", "is not a time", 'give an ISO 8601 time such as "2026-12-01T00:00:00Z"', givenNow),
        );
    }
    let resolved: ResolvedIngressConfig | undefined;
    try {
        // The program's stack config was validated already, before its providers were registered: the
        // resolution is then found by content, not made again.
        resolved = resolveIngressConfig(readable(COMPONENT_ARGS_MODEL, config), now, "component");
    } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        problems.push(...error.problems);
    }
    if (problems.length > 0 || resolved === undefined) throw new ConfigError(problems, "SecureIngress args");
    return { config: resolved, now };
}

/** The validated config with the given leaves that stay Inputs. */
function assemble(args: PlainArgs, config: ResolvedIngressConfig, now: Date): CheckedArgs {
    const existing = Object.fromEntries(
        args.certificates.flatMap((cert) => (cert.existing ? [[cert.name, cert.existing]] : [])),
    );
    const externalCas = Object.fromEntries(
        args.certificates.flatMap((cert) =>
            cert.external && cert.caCertPem !== undefined ? [[cert.name, cert.caCertPem]] : [],
        ),
    );
    const apps = args.sampleApps ?? {};
    return {
        config,
        now,
        existing,
        externalCas,
        selector: args.gateway?.selector ?? config.gateway.selector,
        images: {
            nginxImage: apps.nginxImage ?? config.sampleApps.nginxImage,
            httpbinImage: apps.httpbinImage ?? config.sampleApps.httpbinImage,
        },
        ...(args.controlPlane !== undefined && { controlPlane: args.controlPlane }),
        ...(args.dataPlanes !== undefined && { dataPlanes: args.dataPlanes }),
        ...(args.labelSampleNamespace !== undefined && { labelSampleNamespace: args.labelSampleNamespace }),
    };
}

/**
 * Args with every top-level Output settled, then checked. Fields that decide which resources exist must be
 * known: an unknown one (in a preview, before the resource it comes from exists) is a ConfigError, not a hang.
 * The `input` leaves of a settled arg stay Outputs of it, so they keep its secrecy and dependencies.
 */
export async function settleArgs(args: SecureIngressArgs): Promise<CheckedArgs> {
    const entries = Object.entries(args) as [keyof SecureIngressArgs & string, unknown][];
    const problems: Problem[] = [];
    const checked: Record<string, unknown> = {};
    const used: Record<string, unknown> = {};
    for (const [key, value] of entries) {
        if (!pulumi.Output.isInstance(value) && !(value instanceof Promise)) {
            checked[key] = used[key] = value;
            continue;
        }
        const arg = pulumi.Output.isInstance(value) ? value : pulumi.output(value);
        const settled = await settledTopLevel(arg);
        if (settled === UNKNOWN) {
            problems.push(
                problem(
                    key,
                    NOT_KNOWN_YET,
                    "pass it as plain values: certificate names and hosts, routes and the gateway decide which resources exist; only PEMs, images, selector values and kubeconfig may be outputs",
                ),
            );
            continue;
        }
        checked[key] = settled;
        const field = (COMPONENT_ARGS_MODEL.fields as Record<string, Field>)[key];
        used[key] = field
            ? withInputLeaves(field, settled, (_, path) => arg.apply((whole) => at(whole, path)))
            : settled;
    }
    if (problems.length > 0) throw new ConfigError(problems, "SecureIngress args");
    const { config, now } = validated(checked as PlainArgs);
    return assemble(used as PlainArgs, config, now);
}

/**
 * An Output's value once it settles, or `UNKNOWN` when it settles unknown (in a preview, before the resource it
 * comes from exists), with public API only: `apply` skips its callback for an unknown value, and `isSecret`
 * settles with the value either way, so a callback that has not run once the macrotask queue turns means
 * unknown. A value known with unknowns inside is returned as it is (containsUnknowns finds them).
 */
async function settledValue(output: pulumi.Output<unknown>): Promise<unknown> {
    let seen: { value: unknown } | undefined;
    output.apply((value) => {
        seen = { value };
        return value;
    });
    await pulumi.isSecret(output);
    await new Promise((resolve) => setImmediate(resolve));
    return seen === undefined ? UNKNOWN : seen.value;
}

/** What settledValue gives for an Output that settled unknown. */
export const UNKNOWN = Symbol("unknown");

/** The problem of a top-level arg that is still unknown when the component must decide what to register. */
export const NOT_KNOWN_YET = "is not known yet (it comes from a resource that does not exist before this update)";

/**
 * A top-level arg as a component can check it: a plain value as it is, an Output or promise once settled, or
 * `UNKNOWN` when it settles unknown or with unknowns inside (a preview).
 */
export async function settledTopLevel(value: unknown): Promise<unknown> {
    if (!pulumi.Output.isInstance(value) && !(value instanceof Promise)) return value;
    const settled = await settledValue(pulumi.Output.isInstance(value) ? value : pulumi.output(value));
    return settled === UNKNOWN || pulumi.containsUnknowns(settled) ? UNKNOWN : settled;
}

function at(value: unknown, path: (string | number)[]): unknown {
    return path.reduce<unknown>((node, part) => (node as Record<string | number, unknown> | undefined)?.[part], value);
}

/**
 * The value with each `input` leaf the model names replaced by `leaf(value, path)`, a map's values one by one;
 * everything else as it is. Parts whose shape is wrong are left for the shape check to report.
 */
function withInputLeaves(
    field: Field,
    value: unknown,
    leaf: (value: unknown, path: (string | number)[]) => unknown,
    path: (string | number)[] = [],
): unknown {
    if (value === undefined || value === null) return value;
    const isRecord = typeof value === "object" && !Array.isArray(value);
    if (field.kind === "list") {
        return Array.isArray(value)
            ? value.map((item, index) => withInputLeaves(field.items, item, leaf, [...path, index]))
            : value;
    }
    if (field.kind === "object") {
        if (!isRecord) return value;
        return Object.fromEntries(
            Object.entries(value).map(([key, child]) => {
                const spec = (field as ObjectField).fields[key];
                return [key, spec ? withInputLeaves(spec, child, leaf, [...path, key]) : child];
            }),
        );
    }
    if (!field.input) return value;
    if (field.kind === "stringMap") {
        if (!isRecord) return value;
        return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, leaf(child, [...path, key])]));
    }
    return leaf(value, path);
}

/** The config as validation reads it: an `input` leaf that is not a plain string is present but unread. */
function readable(field: Field, value: unknown): unknown {
    return withInputLeaves(field, value, (leaf) =>
        leaf === undefined || typeof leaf === "string" ? leaf : UNREAD_SECRET,
    );
}
