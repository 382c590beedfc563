// Checks that several rule modules share: Kubernetes names, repeated keys. Ranges and closed sets of values
// are the model's, checked with the shape (validation/shape.ts).

import { toKubernetesName } from "../../../domain/hosts";
import { problem } from "../problems";

/** A problem when `value` is set and `check` finds it is not a valid Kubernetes name. */
export function kubernetesName(path: string, value: string | undefined, check: (name: string) => string | undefined) {
    const found = value === undefined ? undefined : check(value);
    if (value === undefined || found === undefined) return [];
    return [problem(path, found, `use a lowercase name such as "${toKubernetesName(value) || "my-name"}"`, value)];
}

/** Calls onRepeat for every key seen before; undefined keys (unreadable entries) are passed over. */
export function repeats<T>(keys: (string | undefined)[], onRepeat: (first: number, repeat: number, key: string) => T) {
    const seen = new Map<string, number>();
    const found: T[] = [];
    keys.forEach((key, j) => {
        if (key === undefined) return;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, j);
        else found.push(onRepeat(first, j, key));
    });
    return found;
}
