// The JSON Schema of a stack file (Pulumi.<stack>.yaml), generated from the model: types, enums, defaults
// and required fields from the declarations, and descriptions from their TSDoc, read from the model's
// source with the TypeScript parser (the docs exist only as comments). Editors (VS Code's YAML extension)
// validate and complete stack files with it; rules no JSON Schema can express stay in code (check-config).

import * as fs from "node:fs";
import type * as ts from "typescript";
import { PROJECT } from "../load";
import { ModelDocs as Docs, MODEL_SOURCE } from "./docs";
import type { Field, ObjectField } from "./fields";
import { STACK_MODEL } from "./stack";

export { MODEL_SOURCE };

type Schema = Record<string, unknown>;

/** A `secure:` value, as `pulumi config set --secret` writes it in place of any string. */
const SECURE: Schema = { $ref: "#/definitions/secure" };
const SECURE_DEFINITION: Schema = {
    type: "object",
    properties: { secure: { type: "string" } },
    required: ["secure"],
    additionalProperties: false,
    description: "A value encrypted by `pulumi config set --secret`.",
};

/** The stack-file schema for the model, with descriptions from the model's TSDoc. */
export function stackFileSchema(typescript: typeof ts, source = fs.readFileSync(MODEL_SOURCE, "utf8")): Schema {
    const docs = new Docs(typescript, source);
    const fields: Record<string, Field> = STACK_MODEL.fields;
    const keys = Object.keys(fields);
    const properties = Object.fromEntries(
        keys.map((key) => [`${PROJECT}:${key}`, fieldSchema(fields[key], docs.child(docs.root, key), docs)]),
    );
    return {
        $schema: "http://json-schema.org/draft-07/schema#",
        $id: "https://github.com/istio-gateway-tls/istio-gateway-tls/schemas/stack-file.schema.json",
        title: "istio-gateway-tls stack file (Pulumi.<stack>.yaml)",
        description: `Generated from config/model/stack.ts by \`npm run schemas\`; do not edit.`,
        type: "object",
        definitions: { secure: SECURE_DEFINITION },
        properties: {
            config: {
                type: "object",
                properties,
                required: STACK_MODEL.required.map((key) => `${PROJECT}:${key}`),
                patternProperties: {
                    // Any other key of this project is a mistake; other namespaces are not ours to judge.
                    [`^${PROJECT}:(?!(${keys.join("|")})$)`]: false,
                    "^kubernetes:": {
                        anyOf: [{ type: "string" }, SECURE],
                        description: "A setting of the Kubernetes provider, e.g. kubernetes:context.",
                    },
                },
            },
        },
    };
}

function fieldSchema(field: Field, node: ts.Node | undefined, docs?: Docs): Schema {
    const description = node && docs?.describe(node);
    const base = { ...(description && { description }) };
    switch (field.kind) {
        case "string": {
            const text = { type: "string", ...(field.values && { enum: [...field.values] }) };
            return { ...base, anyOf: [text, SECURE], ...("default" in field && { default: field.default }) };
        }
        case "number":
            return {
                ...base,
                type: "number",
                ...(field.values && { enum: [...field.values] }),
                ...("default" in field && { default: field.default }),
            };
        case "boolean":
            return { ...base, type: "boolean", ...("default" in field && { default: field.default }) };
        case "stringOrNumber":
            return { ...base, type: ["string", "number"] };
        case "stringMap":
            return {
                ...base,
                type: "object",
                additionalProperties: { type: "string" },
                ...("default" in field && { default: field.default }),
            };
        case "list":
            return { ...base, type: "array", items: fieldSchema(field.items, docs?.items(node), docs) };
        case "object":
            return { ...base, ...objectSchema(field, node, docs) };
    }
}

function objectSchema(field: ObjectField, node: ts.Node | undefined, docs?: Docs): Schema {
    const properties = Object.fromEntries(
        Object.entries(field.fields).map(([key, child]) => [key, fieldSchema(child, docs?.child(node, key), docs)]),
    );
    return {
        type: "object",
        properties,
        ...(field.required.length > 0 && { required: [...field.required] }),
        additionalProperties: false,
    };
}
