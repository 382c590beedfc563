// The shape of stack config (and SecureIngress args): types, unknown keys with near-miss suggestions, and
// required values. Rules about the values themselves are in rules.ts.

import { CONFIG_KEYS } from "./schema";
import { Problem, didYouMean } from "./problems";

type Shape =
    | { kind: "string" | "boolean" | "number" | "stringOrNumber" }
    | { kind: "stringMap" }
    | { kind: "list"; items: Shape }
    | { kind: "object"; fields: Record<string, Shape>; required?: string[] };

const str: Shape = { kind: "string" };
const num: Shape = { kind: "number" };
const bool: Shape = { kind: "boolean" };
const stringOrNumber: Shape = { kind: "stringOrNumber" };
const subject: Shape = { kind: "object", fields: { commonName: str, organization: str } };

export const SHAPES: Record<(typeof CONFIG_KEYS)[number], Shape> = {
    gateway: {
        kind: "object",
        fields: { name: str, namespace: str, selector: { kind: "stringMap" }, workloadNamespace: str, port: num },
    },
    certificates: {
        kind: "list",
        items: {
            kind: "object",
            required: ["name", "hosts"],
            fields: {
                name: str,
                hosts: { kind: "list", items: str },
                subject,
                ca: { kind: "object", fields: { commonName: str, organization: str, validityDays: num } },
                validityDays: num,
                keyAlgorithm: str,
                rsaBits: num,
                ecdsaCurve: str,
                rotation: stringOrNumber,
                renewBeforeDays: num,
                existing: { kind: "object", required: ["certPem", "keyPem"], fields: { certPem: str, keyPem: str, caCertPem: str } },
                mode: str,
                clientCa: {
                    kind: "object",
                    fields: { generate: bool, certPem: str, commonName: str, validityDays: num, sampleClient: bool },
                },
                subjectAltNames: { kind: "list", items: str },
                httpsRedirect: bool,
                minProtocolVersion: str,
                maxProtocolVersion: str,
                cipherSuites: { kind: "list", items: str },
                dualStack: bool,
            },
        },
    },
    routes: {
        kind: "list",
        items: {
            kind: "object",
            required: ["host", "service", "port"],
            fields: {
                host: str,
                pathPrefix: str,
                service: str,
                port: num,
                namespace: str,
                probePath: str,
                expect: { kind: "object", fields: { status: num, bodyIncludes: str } },
            },
        },
    },
    sampleApps: {
        kind: "object",
        fields: { enabled: bool, namespace: str, nginxImage: str, httpbinImage: str },
    },
    renderDir: str,
};

const EXAMPLES: Record<string, string> = {
    certificates:
        "pulumi config set --path 'certificates[0].name' my-credential && " +
        "pulumi config set --path 'certificates[0].hosts[0]' '*.example.com'",
    "certificates[].name": "pulumi config set --path 'certificates[N].name' my-credential",
    "certificates[].hosts": "pulumi config set --path 'certificates[N].hosts[0]' '*.example.com'",
    "routes[].host": "pulumi config set --path 'routes[N].host' a.example.com",
    "routes[].service": "pulumi config set --path 'routes[N].service' my-service",
    "routes[].port": "pulumi config set --path 'routes[N].port' 80",
    "certificates[].existing.certPem": "pulumi config set --secret --path 'certificates[N].existing.certPem' < server.crt",
    "certificates[].existing.keyPem": "pulumi config set --secret --path 'certificates[N].existing.keyPem' < server.key",
};

function typeName(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
    return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const EXPECTED: Record<Shape["kind"], string> = {
    string: "a string",
    boolean: "true or false",
    number: "a number",
    stringOrNumber: "a string or a number",
    stringMap: "an object of string values",
    list: "a list",
    object: "an object",
};

function checkShape(value: unknown, shape: Shape, path: string, problems: Problem[], examplePath: string): void {
    const wrongType = (): void => {
        const fix = shape.kind === "list" && typeof value === "string" ? `write it as a list: ["${value}"]` : `set ${EXPECTED[shape.kind]}`;
        problems.push({ path, value, message: `must be ${EXPECTED[shape.kind]}, not ${typeName(value)}`, fix });
    };
    switch (shape.kind) {
        case "string":
        case "boolean":
        case "number":
            if (typeof value !== shape.kind) wrongType();
            return;
        case "stringOrNumber":
            if (typeof value !== "string" && typeof value !== "number") wrongType();
            return;
        case "stringMap":
            if (typeof value !== "object" || value === null || Array.isArray(value)) return wrongType();
            for (const [key, item] of Object.entries(value)) {
                if (typeof item !== "string") {
                    problems.push({ path: `${path}.${key}`, value: item, message: `must be a string, not ${typeName(item)}`, fix: "quote the value" });
                }
            }
            return;
        case "list":
            if (!Array.isArray(value)) return wrongType();
            value.forEach((item, i) => checkShape(item, shape.items, `${path}[${i}]`, problems, `${examplePath}[]`));
            return;
        case "object": {
            if (typeof value !== "object" || value === null || Array.isArray(value)) return wrongType();
            const record = value as Record<string, unknown>;
            const allowed = Object.keys(shape.fields);
            for (const [key, item] of Object.entries(record)) {
                const fieldShape = shape.fields[key];
                if (fieldShape === undefined) {
                    problems.push(unknownKey(path ? `${path}.${key}` : key, key, allowed));
                } else if (item !== undefined && item !== null) {
                    checkShape(item, fieldShape, path ? `${path}.${key}` : key, problems, `${examplePath}.${key}`);
                }
            }
            for (const key of shape.required ?? []) {
                if (record[key] === undefined || record[key] === null) {
                    const example = EXAMPLES[`${examplePath}.${key}`];
                    problems.push({
                        path: `${path}.${key}`,
                        message: "is required",
                        fix: example ? `set it, e.g. ${example}` : `set ${path}.${key}`,
                    });
                }
            }
            return;
        }
    }
}

function unknownKey(path: string, key: string, allowed: readonly string[]): Problem {
    const guess = didYouMean(key, allowed);
    return {
        path,
        value: key,
        message: "is not a known setting",
        fix: guess ? `did you mean "${guess}"? Known here: ${allowed.join(", ")}` : `remove it; known here: ${allowed.join(", ")}`,
    };
}

/** Keys that only the program reads (index.ts), not the SecureIngress component. */
export const PROGRAM_KEYS: readonly string[] = ["renderDir"];

/**
 * Checks the shape of raw config: types, unknown keys (with near-miss suggestions) and required values.
 * `scope` is "stack" for stack config, "component" for SecureIngress args, which take no program keys.
 */
export function checkConfigShape(raw: Record<string, unknown>, scope: "stack" | "component" = "stack"): Problem[] {
    const problems: Problem[] = [];
    for (const [key, value] of Object.entries(raw)) {
        const shape = SHAPES[key as keyof typeof SHAPES];
        if (shape === undefined) {
            problems.push(unknownKey(key, key, CONFIG_KEYS));
        } else if (scope === "component" && PROGRAM_KEYS.includes(key)) {
            problems.push({
                path: key,
                value,
                message: "is a setting of the istio-gateway-tls program, not of the SecureIngress component",
                fix: "remove it; to render manifests, pass a Kubernetes provider created with renderYamlToDirectory",
            });
        } else if (value !== undefined && value !== null) {
            checkShape(value, shape, key, problems, key);
        }
    }
    if (raw.certificates === undefined || raw.certificates === null) {
        problems.push({ path: "certificates", message: "is required: the gateway needs at least one credential", fix: `set it, e.g. ${EXAMPLES.certificates}` });
    } else if (Array.isArray(raw.certificates) && raw.certificates.length === 0) {
        problems.push({ path: "certificates", value: [], message: "is empty: the gateway needs at least one credential", fix: `add one, e.g. ${EXAMPLES.certificates}` });
    }
    return problems;
}

/** Parts of a config whose shape is wrong, which the rules must not read. */
export interface ShapeGaps {
    gateway: boolean;
    sampleApps: boolean;
    /** Indices of broken certificates, or "all" when the list itself is broken. */
    certificates: Set<number> | "all";
    routes: Set<number> | "all";
}

export const NO_GAPS: ShapeGaps = { gateway: false, sampleApps: false, certificates: new Set(), routes: new Set() };

/** Which parts the shape problems touch, so the rules can still check everything else in the same run. */
export function shapeGaps(problems: Problem[]): ShapeGaps {
    const gaps: ShapeGaps = { gateway: false, sampleApps: false, certificates: new Set(), routes: new Set() };
    for (const { path } of problems) {
        const match = /^(certificates|routes)(?:\[(\d+)\])?/.exec(path);
        if (match) {
            const key = match[1] as "certificates" | "routes";
            const current = gaps[key];
            if (match[2] === undefined) gaps[key] = "all";
            else if (current !== "all") current.add(Number(match[2]));
        } else if (path.startsWith("gateway")) {
            gaps.gateway = true;
        } else if (path.startsWith("sampleApps")) {
            gaps.sampleApps = true;
        }
    }
    return gaps;
}

export function isGap(gap: Set<number> | "all", index: number): boolean {
    return gap === "all" || gap.has(index);
}
