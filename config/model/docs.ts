// The model's documentation and names, read from its source with the TypeScript parser: the TSDoc of each
// declaration (the docs exist only as comments), and the names its types are exported under. The JSON
// Schema (jsonSchema.ts) and the component's args types (argsTypes.ts) are generated from both.

import * as path from "node:path";
import type * as ts from "typescript";

export const MODEL_SOURCE = path.join(__dirname, "stack.ts");

/**
 * The TSDoc of the model's declarations, found by walking the source beside the model: a property's node is
 * its assignment in an `object({...})` literal, and its children are found through the named declarations
 * (`const ca = object({...})`), `list(...)` and spreads (`...INGRESS_MODEL.fields`).
 */
export class ModelDocs {
    readonly root: ts.Node | undefined;
    private readonly declarations = new Map<string, ts.VariableDeclaration>();
    /** Exported type names by the declaration they are derived from: `type CaConfig = TypeOf<typeof ca>`, `type TlsMode = (typeof TLS_MODES)[number]`. */
    private readonly typeNames = new Map<string, string>();

    constructor(
        private readonly ts: typeof import("typescript"),
        source: string,
    ) {
        const file = ts.createSourceFile("stack.ts", source, ts.ScriptTarget.Latest, true);
        file.forEachChild((statement) => {
            if (ts.isTypeAliasDeclaration(statement)) {
                const from = derivedFrom(ts, statement.type);
                if (from !== undefined && !this.typeNames.has(from)) this.typeNames.set(from, statement.name.text);
            }
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

    /** The exported type name of the declaration a property's value refers to (`ca` gives `CaConfig`). */
    typeName(node: ts.Node | undefined): string | undefined {
        const declaration = this.declarationOf(node);
        return declaration && this.ts.isIdentifier(declaration.name)
            ? this.typeNames.get(declaration.name.text)
            : undefined;
    }

    /** The exported type name of a field's `values` (`values: TLS_MODES` gives `TlsMode`). */
    valuesTypeName(node: ts.Node | undefined): string | undefined {
        const declaration = this.valuesDeclaration(node);
        return declaration && this.typeNames.get(declaration);
    }

    /** The `const` declaration a property's value refers to, or the one named `name`. */
    declarationOf(node: ts.Node | undefined): ts.VariableDeclaration | undefined {
        const value = this.value(node);
        return value && this.ts.isVariableDeclaration(value) ? value : undefined;
    }

    declarationNamed(name: string): ts.VariableDeclaration | undefined {
        return this.declarations.get(name);
    }

    /** The TSDoc of a top-level declaration, by name (`TLS_MODES`). */
    describeDeclaration(name: string): string | undefined {
        const declaration = this.declarations.get(name);
        return declaration && this.describe(declaration);
    }

    /** The declaration name of a field's `values` (`TLS_MODES`). */
    valuesDeclaration(node: ts.Node | undefined): string | undefined {
        const options = this.call(this.value(node))?.arguments[0];
        if (!options || !this.ts.isObjectLiteralExpression(options)) return undefined;
        const values = options.properties.find(
            (p) => this.ts.isPropertyAssignment(p) && this.ts.isIdentifier(p.name) && p.name.text === "values",
        );
        return values && this.ts.isPropertyAssignment(values) && this.ts.isIdentifier(values.initializer)
            ? values.initializer.text
            : undefined;
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

    /** The `{...}` of the `object({...})` a node stands for, or of a plain `const X = {...}` spread into one. */
    private literal(node: ts.Node | undefined): ts.ObjectLiteralExpression | undefined {
        const value = this.value(node);
        if (value && this.ts.isVariableDeclaration(value) && value.initializer) {
            if (this.ts.isObjectLiteralExpression(value.initializer)) return value.initializer;
        }
        const argument = this.call(value)?.arguments[0];
        return argument && this.ts.isObjectLiteralExpression(argument) ? argument : undefined;
    }
}

/** `x` in `TypeOf<typeof x>` and `X` in `(typeof X)[number]`: the declaration an exported type is derived from. */
function derivedFrom(ts: typeof import("typescript"), type: ts.TypeNode): string | undefined {
    if (ts.isTypeReferenceNode(type) && type.typeName.getText() === "TypeOf" && type.typeArguments?.length === 1) {
        const [argument] = type.typeArguments;
        if (ts.isTypeQueryNode(argument) && ts.isIdentifier(argument.exprName)) return argument.exprName.text;
    }
    if (ts.isIndexedAccessTypeNode(type)) {
        const object = ts.isParenthesizedTypeNode(type.objectType) ? type.objectType.type : type.objectType;
        if (ts.isTypeQueryNode(object) && ts.isIdentifier(object.exprName)) return object.exprName.text;
    }
    return undefined;
}
