// The TypeScript source of SecureIngress's named args types (components/types.ts), generated from the model.
// Pulumi's component analyzer reads named interfaces and `as const` enums, not the model's derived types,
// to build the package schema that every language's SDK is generated from; generating them keeps one
// declaration per field behind both. Names and docs are the model's (`name`, `doc`).

import { type Enumeration, type Field, type ObjectField, declaredDefault } from "./fields";
import { COMPONENT_ARGS_MODEL } from "./stack";

/** Object models emitted a second time with every defaulted field present and no inputs: how outputs report them. */
const SUMMARIES: Record<string, string> = { GatewayConfig: "GatewaySummary" };

export function argsTypesSource(): string {
    const emitter = new Emitter();
    emitter.object(COMPONENT_ARGS_MODEL, false, true);
    return [
        "// Generated from config/model/stack.ts by `npm run schemas`; do not edit.",
        "// SecureIngress's args types as Pulumi's component analyzer reads them (named interfaces, `as const`",
        "// enums): the package schema, and so every language's SDK, is generated from these.",
        "",
        'import type * as pulumi from "@pulumi/pulumi";',
        "",
        ...emitter.blocks,
    ].join("\n");
}

class Emitter {
    readonly blocks: string[] = [];
    private readonly done = new Set<string>();

    /**
     * Emits the interface of an object model (then what it refers to) once, and returns its name. `top`: the
     * component's own args, each a `pulumi.Input`, as Pulumi components take them (an SDK may hand one over
     * as an Output; the component settles it before validating).
     */
    object(field: ObjectField, resolved = false, top = false): string {
        if (field.name === undefined) throw new Error(`the model's object "${field.doc}" needs a name`);
        const name = resolved ? (SUMMARIES[field.name] ?? field.name) : field.name;
        if (this.done.has(name)) return name;
        this.done.add(name);
        const index = this.blocks.push("") - 1;
        const lines = Object.entries(field.fields).map(([key, child]) => {
            const optional = !field.required.includes(key) && !(resolved && hasDefault(child));
            const comment = comments(child.doc, declaredDefault(child), "    ");
            const type = this.type(child, resolved);
            return `${comment}    readonly ${key}${optional ? "?" : ""}: ${top ? `pulumi.Input<${type}>` : type};`;
        });
        this.blocks[index] =
            `${comments(field.doc, undefined, "")}export interface ${name} {\n${lines.join("\n")}\n}\n`;
        if (SUMMARIES[field.name] !== undefined && !resolved) this.object(field, true);
        return name;
    }

    private type(field: Field, resolved: boolean): string {
        const input = (type: string) => (field.input && !resolved ? `pulumi.Input<${type}>` : type);
        switch (field.kind) {
            case "string":
                return field.values?.name ? this.enumeration(field.values as Enumeration<string>) : input("string");
            case "number":
                return "number";
            case "boolean":
                return "boolean";
            case "stringOrNumber":
                // The analyzer takes no unions; a number in stack config is read as its decimal string.
                return "string";
            case "stringMap":
                return `Record<string, ${input("string")}>`;
            case "json":
                // The analyzer's Any (pulumi.json#/Any); it takes no `unknown`.
                return "any";
            case "list":
                return `${this.type(field.items, resolved)}[]`;
            case "object":
                return this.object(field, resolved);
        }
    }

    /** A named closed set of strings: an `as const` object and its type. */
    private enumeration(values: Enumeration<string>): string {
        const name = values.name!;
        if (!this.done.has(name)) {
            this.done.add(name);
            const members = values.values
                .map((value) => `    ${memberName(value)}: ${JSON.stringify(value)},`)
                .join("\n");
            this.blocks.push(
                `${comments(values.doc, undefined, "")}` +
                    `export const ${name} = {\n${members}\n} as const;\n` +
                    `export type ${name} = (typeof ${name})[keyof typeof ${name}];\n`,
            );
        }
        return name;
    }
}

function hasDefault(field: Field): boolean {
    return field.kind === "object" ? field.filled === true : declaredDefault(field) !== undefined;
}

/**
 * An enum member's key, which each SDK turns into its own spelling: one upper-case word or a versioned one
 * as it is (`RSA`, `TLSV1_2`), words in PascalCase (`gateway-api`: `GatewayApi`, `OPTIONAL_MUTUAL`:
 * `OptionalMutual`, which Python spells `OPTIONAL_MUTUAL`; given as it is, Python's SDK says `OPTIONA_L_MUTUAL`).
 */
export function memberName(value: string): string {
    if (/^[A-Z][A-Z0-9]*$/.test(value) || /\d_\d/.test(value)) return value;
    const words = value.split(/[^A-Za-z0-9]+/).filter(Boolean);
    return words
        .map((word) => word[0].toUpperCase() + (/^[A-Z]+$/.test(word) ? word.slice(1).toLowerCase() : word.slice(1)))
        .join("");
}

/** A TSDoc block (the description, then `@default`), indented; empty when there is nothing to say. */
function comments(text: string | undefined, fallback: unknown, indent: string): string {
    const lines = [
        ...(text ? [text] : []),
        ...(fallback !== undefined ? [`@default ${JSON.stringify(fallback)}`] : []),
    ];
    if (lines.length === 0) return "";
    return `${indent}/**\n${lines.map((line) => `${indent} * ${line}`).join("\n")}\n${indent} */\n`;
}
