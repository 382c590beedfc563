// The configuration reference (docs/configuration.md, between its generated markers), from the model: each
// setting's path, type, default, allowed values or range, and doc. The model states every default once; this
// is where readers find it.

import { PROJECT } from "../load";
import { type Field, declaredDefault } from "./fields";
import { STACK_FILE_MODEL } from "./stack";

export const REFERENCE_START =
    "<!-- reference: generated from config/model/stack.ts by `npm run schemas`; do not edit -->";
export const REFERENCE_END = "<!-- end of reference -->";

/** The reference: one table per top-level setting, a row per field, nested fields by path. */
export function configurationReference(): string {
    const sections = Object.entries(STACK_FILE_MODEL.fields).map(([key, field]) => {
        const required = (STACK_FILE_MODEL.required as readonly string[]).includes(key) ? " (required)" : "";
        const nested = field.kind === "object" || (field.kind === "list" && field.items.kind === "object");
        // The section's heading and doc already stand for its own row.
        const rows = rowsOf(key, field, false).slice(nested ? 1 : 0);
        return [
            `### \`${PROJECT}:${key}\`${required}`,
            "",
            field.doc,
            "",
            "| setting | type | default | doc |",
            "|---|---|---|---|",
            ...rows,
            "",
        ].join("\n");
    });
    return [REFERENCE_START, "", ...sections, REFERENCE_END].join("\n");
}

function rowsOf(path: string, field: Field, required: boolean): string[] {
    const row = `| \`${path}\`${required ? " (required)" : ""} | ${typeOf(field)} | ${defaultOf(field)} | ${cell(field.doc)} |`;
    if (field.kind === "object") {
        return [
            row,
            ...Object.entries(field.fields).flatMap(([key, child]) =>
                rowsOf(`${path}.${key}`, child, field.required.includes(key)),
            ),
        ];
    }
    if (field.kind === "list" && field.items.kind === "object")
        return [row, ...rowsOf(`${path}[]`, field.items, false).slice(1)];
    return [row];
}

function typeOf(field: Field): string {
    switch (field.kind) {
        case "string":
            return field.values ? field.values.values.map((v) => `\`${v}\``).join(" \\| ") : "string";
        case "number":
            if (field.values) return field.values.values.join(" \\| ");
            return `whole number, ${field.min} to ${field.max}`;
        case "boolean":
            return "boolean";
        case "stringOrNumber":
            return "string or number";
        case "stringMap":
            return "map of strings";
        case "json":
            return "any JSON value";
        case "list":
            return field.items.kind === "object"
                ? "list of objects"
                : `list of ${field.items.kind === "string" && !field.items.values ? "strings" : typeOf(field.items)}`;
        case "object":
            return "object";
    }
}

function defaultOf(field: Field): string {
    const declared = declaredDefault(field);
    return declared === undefined ? "" : `\`${JSON.stringify(declared)}\``;
}

const cell = (text: string) => text.replace(/\|/g, "\\|");
