// One way to report bad input: every problem names its config path, the bad value and the fix,
// and all of them are thrown together before any resource is registered.

import { RunError } from "@pulumi/pulumi/errors";

export interface Problem {
    /** Config path, as `pulumi config set --path` takes it: `certificates[1].hosts[0]`. */
    path: string;
    /** What is wrong. */
    message: string;
    /** What to do about it. */
    fix: string;
    /** The offending value; absent when the problem is a missing value. */
    value?: unknown;
}

/**
 * A config path from its parts, as `pulumi config set --path` takes it: names join with ".", numbers are
 * list indices. `configPath("certificates", 2, "hosts", 0)` is `certificates[2].hosts[0]`; a first part may
 * itself be a path.
 */
export function configPath(...parts: (string | number)[]): string {
    let path = "";
    for (const part of parts) {
        if (typeof part === "number") path += `[${part}]`;
        else if (part !== "") path = path === "" ? part : `${path}.${part}`;
    }
    return path;
}

/** A problem; `value` is given only when there is an offending value to quote. */
export function problem(path: string, message: string, fix: string, ...value: [unknown?]): Problem {
    return value.length === 0 ? { path, message, fix } : { path, value: value[0], message, fix };
}

/** Config paths whose values may be key material (brought certificates and keys): never quoted. */
const SECRET_PATH = /(^|\.)existing(\.|$)/;

/** The problem without its value when the value may be secret. */
function redacted(problem: Problem): Problem {
    if (!SECRET_PATH.test(problem.path) || !("value" in problem)) return problem;
    const { value, ...rest } = problem;
    return { ...rest, message: `${rest.message} (value not shown: it may be key material)` };
}

/** A RunError, so that Pulumi prints the list of problems alone, without a stack trace. */
export class ConfigError extends RunError {
    readonly problems: Problem[];

    constructor(problems: Problem[], source = "istio-gateway-tls stack config") {
        const safe = problems.map(redacted);
        super(formatProblems(safe, source));
        this.name = "ConfigError";
        this.problems = safe;
    }
}

function formatProblems(problems: Problem[], source: string): string {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = problems.map((p) => {
        const got = "value" in p ? ` (got ${describeValue(p.value)})` : "";
        return `  - ${p.path || "(root)"}: ${p.message}${got}\n    fix: ${p.fix}`;
    });
    return `${source} has ${count}; nothing was applied:\n${lines.join("\n")}`;
}

function describeValue(value: unknown): string {
    if (value === undefined) return "nothing";
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The allowed name closest to `name`, when it is close enough to be a likely typo. */
export function didYouMean(name: string, allowed: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of allowed) {
        const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    const tolerance = Math.max(2, Math.floor(name.length / 3));
    return bestDistance <= tolerance ? best : undefined;
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
        }
        previous = current;
    }
    return previous[b.length];
}
