// The shape of stack config (and SecureIngress args), read off the model: types, unknown keys with near-miss
// suggestions, and required values. Rules about the values themselves are in rules/.

import type { Field, ObjectField } from "../model/fields";
import { COMPONENT_ARGS_MODEL, PROGRAM_ONLY_FIELDS, STACK_FILE_MODEL } from "../model/stack";
import { type Problem, configPath, didYouMean } from "./problems";

function typeName(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
    return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const EXPECTED: Record<Field["kind"], string> = {
    string: "a string",
    boolean: "true or false",
    number: "a number",
    stringOrNumber: "a string or a number",
    stringMap: "an object of string values",
    json: "any JSON value",
    list: "a list",
    object: "an object",
};

/** The concrete fix for a value of the wrong type: the corrected value where it can be derived. */
function typeFix(value: unknown, shape: Field): string {
    if (shape.kind === "list" && typeof value === "string") return `write it as a list: ["${value}"]`;
    if (shape.kind === "number" && typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
        return `write it as a number, without quotes: ${Number(value)}`;
    }
    if (shape.kind === "boolean" && (value === "true" || value === "false")) return `write it without quotes: ${value}`;
    return `set ${EXPECTED[shape.kind]}`;
}

/**
 * The value when the model allows it: one of its `values`, a whole number within its range. Otherwise a
 * problem naming the likeliest valid value, and undefined, so that no rule judges it again.
 */
function allowed(
    value: string | number,
    shape: Extract<Field, { kind: "string" | "number" }>,
    path: string,
    problems: Problem[],
): string | number | undefined {
    const refuse = (message: string, fix: string) => {
        problems.push({ path, value, message, fix });
        return undefined;
    };
    if (shape.values !== undefined) {
        const values: readonly (string | number)[] = shape.values.values;
        if (values.includes(value)) return value;
        const guess =
            typeof value === "string"
                ? (didYouMean(value, values as string[]) ?? didYouMean(value.toUpperCase(), values as string[]))
                : undefined;
        const listed = values.join(", ");
        return refuse(
            `is not a ${shape.values.noun}`,
            guess ? `did you mean "${guess}"? Use one of ${listed}` : `use one of ${listed}`,
        );
    }
    if (shape.kind === "number") {
        const { min = -Infinity, max = Infinity, noun = "number" } = shape;
        const number = value as number;
        if (Number.isInteger(number) && number >= min && number <= max) return value;
        const near = Number.isFinite(number) ? Math.min(max, Math.max(min, Math.round(number))) : undefined;
        const example = near !== undefined && near !== number ? `, e.g. ${near}` : "";
        return refuse(`is not a valid ${noun}`, `use a whole number from ${min} to ${max}${example}`);
    }
    return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks `value` against `shape`, adding a problem per mistake, and returns what of it can be read: the value
 * with wrongly typed parts left out (undefined), so that the rules still check everything else in one run.
 * A misspelled key whose intended field is absent is read as that field ("hots" as "hosts"), so that one typo
 * is one problem, not a cascade of "required" and coverage problems.
 */
function readShape(value: unknown, shape: Field, path: string, problems: Problem[]): unknown {
    const wrongType = (): undefined => {
        problems.push({
            path,
            value,
            message: `must be ${EXPECTED[shape.kind]}, not ${typeName(value)}`,
            fix: typeFix(value, shape),
        });
        return undefined;
    };
    switch (shape.kind) {
        case "boolean":
            return typeof value === shape.kind ? value : wrongType();
        case "string":
        case "number":
            if (typeof value !== shape.kind) return wrongType();
            return allowed(value as string | number, shape, path, problems);
        case "stringOrNumber":
            return typeof value === "string" || typeof value === "number" ? value : wrongType();
        case "json":
            return value;
        case "stringMap": {
            if (!isRecord(value)) return wrongType();
            const map: Record<string, string> = {};
            for (const [key, item] of Object.entries(value)) {
                if (typeof item === "string") map[key] = item;
                else
                    problems.push({
                        path: `${path}.${key}`,
                        value: item,
                        message: `must be a string, not ${typeName(item)}`,
                        fix: `quote the value: "${String(item)}"`,
                    });
            }
            return map;
        }
        case "list":
            if (!Array.isArray(value)) {
                wrongType();
                // A lone string where a list of strings belongs is still read, so its own rules run too.
                return shape.items.kind === "string" && typeof value === "string" ? [value] : undefined;
            }
            return value.map((item, i) =>
                item === undefined || item === null
                    ? undefined
                    : readShape(item, shape.items, configPath(path, i), problems),
            );
        case "object":
            return isRecord(value) ? readObject(value, shape, path, problems) : wrongType();
    }
}

function readObject(
    record: Record<string, unknown>,
    shape: ObjectField,
    path: string,
    problems: Problem[],
): Record<string, unknown> {
    const allowed = Object.keys(shape.fields);
    const read: Record<string, unknown> = {};
    const misspelled: [key: string, intended: string][] = [];
    for (const [key, item] of Object.entries(record)) {
        const fieldShape = shape.fields[key];
        if (fieldShape === undefined) {
            const guess = didYouMean(key, allowed);
            problems.push(unknownKey(configPath(path, key), key, allowed, guess));
            if (guess !== undefined && record[guess] === undefined) misspelled.push([key, guess]);
        } else if (item !== undefined && item !== null) {
            read[key] = readShape(item, fieldShape, configPath(path, key), problems);
        }
    }
    for (const [key, intended] of misspelled) {
        // Read quietly: its problem is already the unknown key.
        read[intended] ??= readShape(record[key], shape.fields[intended], configPath(path, intended), []);
    }
    for (const key of shape.required) {
        if (record[key] === undefined || record[key] === null) {
            if (misspelled.some(([, intended]) => intended === key)) continue;
            const { example } = shape.fields[key];
            problems.push({
                path: configPath(path, key),
                message: "is required",
                fix: example ? `set it, e.g. ${example(path)}` : `set ${configPath(path, key)}`,
            });
        }
    }
    return read;
}

function unknownKey(path: string, key: string, allowed: readonly string[], guess = didYouMean(key, allowed)): Problem {
    return {
        path,
        value: key,
        message: "is not a known setting",
        fix: guess
            ? `did you mean "${guess}"? Rename it to ${guess} (known here: ${allowed.join(", ")})`
            : `remove it; known here: ${allowed.join(", ")}`,
    };
}

/** Keys that only the program reads (index.ts), not the SecureIngress component. */
const PROGRAM_KEYS: readonly string[] = Object.keys(PROGRAM_ONLY_FIELDS);

/** What of a config could be read: every part whose shape is right; wrongly typed parts are undefined. */
export interface ShapeResult {
    problems: Problem[];
    /** The readable part of the config, for the rules. */
    readable: Record<string, unknown>;
}

/**
 * Checks the shape of raw config: types, unknown keys (with near-miss suggestions) and required values, and
 * returns what can be read. `scope` is "stack" for stack config, "component" for SecureIngress args, which
 * take no program keys.
 */
export function checkConfigShape(raw: Record<string, unknown>, scope: "stack" | "component" = "stack"): ShapeResult {
    const problems: Problem[] = [];
    const model: ObjectField = scope === "component" ? COMPONENT_ARGS_MODEL : STACK_FILE_MODEL;
    const component: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
        if (scope === "component" && PROGRAM_KEYS.includes(key)) {
            problems.push({
                path: key,
                value,
                message: "is a setting of the istio-gateway-tls program, not of the SecureIngress component",
                fix: "remove it; to render manifests, pass a Kubernetes provider created with renderYamlToDirectory",
            });
        } else {
            component[key] = value;
        }
    }
    // The top level's required key is checked below, with a message of its own.
    const readable = readObject(component, { ...model, required: [] }, "", problems);
    const example = model.fields.certificates.example!("");
    // Present (possibly under a misspelled key, possibly broken) is a key of readable; absent is not.
    if (!("certificates" in readable)) {
        problems.push({
            path: "certificates",
            message: "is required: the gateway needs at least one credential",
            fix: `set it, e.g. ${example}`,
        });
    } else if (Array.isArray(readable.certificates) && readable.certificates.length === 0) {
        problems.push({
            path: "certificates",
            value: [],
            message: "is empty: the gateway needs at least one credential",
            fix: `add one, e.g. ${example}`,
        });
    }
    return { problems, readable };
}
