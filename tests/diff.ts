// What `pulumi preview` would show between two program runs under mocks, from the resources each registered.
// It models the engine and providers only as far as these tests need, and says so where it does:
// - a resource whose replacementTrigger changed is replaced;
// - @pulumi/tls resources are replaced on any input change (terraform-provider-tls marks them ForceNew);
// - a Kubernetes object whose metadata.name or namespace changed is replaced (create-before-delete, since
//   the name differs); other changes are updates (Secrets too, under enableSecretMutable);
// - a resource only in the first run is deleted, only in the second is created.

import { type RegisteredResource, unwrapSecrets } from "./harness";

export type Change = "create" | "delete" | "replace" | "update";

export interface ResourceChange {
    name: string;
    type: string;
    change: Change;
}

const TLS_PREFIX = "tls:";

function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
    const plain = unwrapSecrets(value);
    if (Array.isArray(plain)) return plain.map(canonical);
    if (typeof plain === "object" && plain !== null) {
        return Object.fromEntries(
            Object.keys(plain)
                .sort()
                .map((k) => [k, canonical((plain as any)[k])]),
        );
    }
    return plain;
}

function classify(before: RegisteredResource, after: RegisteredResource): Change | undefined {
    const triggerChanged = !sameValue(before.options.replacementTrigger, after.options.replacementTrigger);
    const inputsChanged = !sameValue(before.inputs, after.inputs);
    if (!triggerChanged && !inputsChanged && before.type === after.type) return undefined;
    if (triggerChanged || before.type !== after.type) return "replace";
    if (after.type.startsWith(TLS_PREFIX)) return "replace";
    const identity = (r: RegisteredResource) => [r.inputs.metadata?.name, r.inputs.metadata?.namespace];
    if (after.type.startsWith("kubernetes:") && !sameValue(identity(before), identity(after))) return "replace";
    return "update";
}

/** The change set between two runs, sorted by logical name; unchanged resources are left out. */
export function diffRuns(before: RegisteredResource[], after: RegisteredResource[]): ResourceChange[] {
    const key = (r: RegisteredResource) => `${r.type}::${r.name}`;
    const old = new Map(before.map((r) => [key(r), r]));
    const next = new Map(after.map((r) => [key(r), r]));
    const changes: ResourceChange[] = [];
    for (const [k, r] of next) {
        const previous = old.get(k);
        const change = previous ? classify(previous, r) : "create";
        if (change) changes.push({ name: r.name, type: r.type, change });
    }
    for (const [k, r] of old) if (!next.has(k)) changes.push({ name: r.name, type: r.type, change: "delete" });
    return changes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.change < b.change ? -1 : 1));
}

/** `change name` lines, for assertions that read like a preview. */
export function describeChanges(changes: ResourceChange[]): string[] {
    return changes.map((c) => `${c.change} ${c.name}`);
}
