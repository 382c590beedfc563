// The JSON Schema of a stack file (Pulumi.<stack>.yaml), generated from the model: types, ranges, allowed
// values, defaults, required fields and descriptions. Editors (VS Code's YAML extension) validate and
// complete stack files with it; rules across fields stay in code (check-config).

import { PROJECT } from "../load";
import { type Field, type ObjectField, declaredDefault } from "./fields";
import { STACK_FILE_MODEL } from "./stack";

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

/** The stack-file schema for the model. */
export function stackFileSchema(): Schema {
    const fields: Record<string, Field> = STACK_FILE_MODEL.fields;
    const keys = Object.keys(fields);
    const properties = Object.fromEntries(keys.map((key) => [`${PROJECT}:${key}`, fieldSchema(fields[key])]));
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
                required: STACK_FILE_MODEL.required.map((key) => `${PROJECT}:${key}`),
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

function fieldSchema(field: Field): Schema {
    const declared = declaredDefault(field);
    const base = { description: field.doc, ...(declared !== undefined && { default: declared }) };
    switch (field.kind) {
        case "string": {
            const text = { type: "string", ...(field.values && { enum: [...field.values.values] }) };
            return { ...base, anyOf: [text, SECURE] };
        }
        case "number":
            return {
                ...base,
                type: "integer",
                ...(field.values && { enum: [...field.values.values] }),
                ...(field.min !== undefined && { minimum: field.min }),
                ...(field.max !== undefined && { maximum: field.max }),
            };
        case "boolean":
            return { ...base, type: "boolean" };
        case "stringOrNumber":
            return { ...base, type: ["string", "number"] };
        case "stringMap":
            return { ...base, type: "object", additionalProperties: { type: "string" } };
        case "json":
            return base;
        case "list":
            return { ...base, type: "array", items: fieldSchema(field.items) };
        case "object":
            return { ...base, ...objectSchema(field) };
    }
}

function objectSchema(field: ObjectField): Schema {
    const properties = Object.fromEntries(
        Object.entries(field.fields).map(([key, child]) => [key, fieldSchema(child)]),
    );
    return {
        type: "object",
        properties,
        ...(field.required.length > 0 && { required: [...field.required] }),
        additionalProperties: false,
    };
}
