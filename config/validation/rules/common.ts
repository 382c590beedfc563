// Checks that several rule modules share: whole numbers in a range, Kubernetes names, closed sets of values.

import { toKubernetesName } from "../../../domain/hosts";
import { type Problem, didYouMean, problem } from "../problems";

/** A problem when `value` is set and not a whole number from min to max, with the nearest valid one. */
export function integerInRange(path: string, value: number | undefined, min: number, max: number, what: string) {
    if (value === undefined || (Number.isInteger(value) && value >= min && value <= max)) return [];
    const near = Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : undefined;
    const example = near !== undefined && near !== value ? `, e.g. ${near}` : "";
    return [problem(path, `is not a valid ${what}`, `use a whole number from ${min} to ${max}${example}`, value)];
}

/** A problem when `value` is set and `check` finds it is not a valid Kubernetes name. */
export function kubernetesName(path: string, value: string | undefined, check: (name: string) => string | undefined) {
    const found = value === undefined ? undefined : check(value);
    if (value === undefined || found === undefined) return [];
    return [problem(path, found, `use a lowercase name such as "${toKubernetesName(value) || "my-name"}"`, value)];
}

/** A problem when `value` is set and not one of `allowed`; the fix names the likeliest one. */
export function oneOf(
    path: string,
    value: string | undefined,
    allowed: readonly string[],
    message: string,
    fix = (guess: string | undefined) => (guess ? `use "${guess}"` : `use one of ${allowed.join(", ")}`),
): Problem[] {
    if (value === undefined || allowed.includes(value)) return [];
    return [problem(path, message, fix(didYouMean(value, allowed)), value)];
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
