// The JSON Schema of a stack file (Pulumi.<stack>.yaml), generated from the model: types, enums, defaults
// and required fields from the declarations, and descriptions from their TSDoc, read from the model's
// source with the TypeScript parser (the docs exist only as comments). Editors (VS Code's YAML extension)
// validate and complete stack files with it; rules no JSON Schema can express stay in code (check-config).

import * as fs from "node:fs";
import * as path from "node:path";
import type * as ts from "typescript";
import { PROJECT } from "../load";
import type { Field, ObjectField } from "./fields";
import { STACK_MODEL } from "./stack";

export const MODEL_SOURCE = path.join(__dirname, "stack.ts");

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

/**
 * The TSDoc of the model's declarations, found by walking the source beside the model: a property's node is
 * its assignment in an `object({...})` literal, and its children are found through the named declarations
 * (`const ca = object({...})`), `list(...)` and spreads (`...INGRESS_MODEL.fields`).
 */
class Docs {
    readonly root: ts.Node | undefined;
    private readonly declarations = new Map<string, ts.VariableDeclaration>();

    constructor(
        private readonly ts: typeof import("typescript"),
        source: string,
    ) {
        const file = ts.createSourceFile("stack.ts", source, ts.ScriptTarget.Latest, true);
        file.forEachChild((statement) => {
            if (!ts.isVariableStatement(statement)) return;
            for (const declaration of statement.declarationList.declarations) {
                if (ts.isIdentifier(declaration.name)) this.declarations.set(declaration.name.text, declaration);
            }
        });
        this.root = this.declarations.get("STACK_MODEL");
    }

    /** The property `key` of the object declared at `node`. */
    child(node: ts.Node | undefined, key: string): ts.Node | undefined {
        for (const property of this.literal(node)?.properties ?? []) {
            if (this.ts.isSpreadAssignment(property)) {
                const spread = property.expression;
                const from = this.ts.isPropertyAccessExpression(spread) ? spread.expression : spread;
                const found = this.child(from, key);
                if (found) return found;
            } else if (property.name && this.ts.isIdentifier(property.name) && property.name.text === key) {
                return property;
            }
        }
        return undefined;
    }

    /** The items of the list declared at `node`. */
    items(node: ts.Node | undefined): ts.Node | undefined {
        const call = this.call(this.value(node));
        return call?.arguments[0];
    }

    /** The TSDoc text on a property or declaration, one paragraph. */
    describe(node: ts.Node): string | undefined {
        const holder = this.ts.isVariableDeclaration(node) ? node.parent.parent : node;
        const text = holder.getFullText();
        const comments = this.ts.getLeadingCommentRanges(text, 0) ?? [];
        const doc = comments.map((range) => text.slice(range.pos, range.end)).find((c) => c.startsWith("/**"));
        if (doc !== undefined) {
            return doc
                .replace(/^\/\*\*|\*\/$/g, "")
                .split("\n")
                .map((line) => line.replace(/^\s*\*\s?/, "").trim())
                .filter(Boolean)
                .join(" ");
        }
        // A shorthand property (`gateway,`) without its own doc takes its declaration's.
        const value = this.value(node);
        return value && value !== node && this.ts.isVariableDeclaration(value) ? this.describe(value) : undefined;
    }

    /** What a node stands for: a property's initializer, an identifier's declaration. */
    private value(node: ts.Node | undefined): ts.Node | undefined {
        if (node === undefined) return undefined;
        const ts = this.ts;
        if (ts.isShorthandPropertyAssignment(node)) return this.declarations.get(node.name.text);
        if (ts.isPropertyAssignment(node)) return this.value(node.initializer);
        if (ts.isIdentifier(node)) return this.declarations.get(node.text);
        return node;
    }

    private call(node: ts.Node | undefined): ts.CallExpression | undefined {
        const value = node && this.ts.isVariableDeclaration(node) ? node.initializer : node;
        return value && this.ts.isCallExpression(value) ? value : undefined;
    }

    /** The `{...}` of the `object({...})` a node stands for. */
    private literal(node: ts.Node | undefined): ts.ObjectLiteralExpression | undefined {
        const argument = this.call(this.value(node))?.arguments[0];
        return argument && this.ts.isObjectLiteralExpression(argument) ? argument : undefined;
    }
}
