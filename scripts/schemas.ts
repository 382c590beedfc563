// npm run schemas: writes the generated, committed files, which tests compare with the code:
//   - schemas/stack-file.schema.json, the JSON Schema of stack files, from the config model;
//   - components/types.ts, SecureIngress's named args types, from the config model;
//   - the configuration reference in docs/configuration.md (between its markers), from the config model;
//   - schemas/package.schema.json, the Pulumi package schema, which Pulumi's analyzer infers from those types
//     (what `pulumi package get-schema` prints, and what every language's SDK is generated from).
//   npm run schemas            rewrite them
//   npm run schemas -- --check exit 1, naming the stale file, when one differs from what the code gives

import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { argsTypesSource } from "../config/model/argsTypes";
import { stackFileSchema } from "../config/model/jsonSchema";
import { REFERENCE_END, REFERENCE_START, configurationReference } from "../config/model/reference";
import { SecureIngress } from "../provider";

export const ROOT = path.join(__dirname, "..");

/** The files generated from the config model, relative to the repository, as the code gives them now. */
export function generatedSchemas(): Record<string, string> {
    return {
        "schemas/stack-file.schema.json": `${JSON.stringify(stackFileSchema(), null, 2)}\n`,
        "components/types.ts": argsTypesSource(),
        [CONFIGURATION_DOC]: withReference(fs.readFileSync(path.join(ROOT, CONFIGURATION_DOC), "utf8")),
    };
}

export const CONFIGURATION_DOC = "docs/configuration.md";

/** The page with its generated reference replaced by the model's. */
function withReference(page: string): string {
    const start = page.indexOf(REFERENCE_START);
    const end = page.indexOf(REFERENCE_END);
    if (start < 0 || end < start) throw new Error(`${CONFIGURATION_DOC} needs the reference's two markers`);
    return page.slice(0, start) + configurationReference() + page.slice(end + REFERENCE_END.length);
}

/**
 * The sources Pulumi's analyzer reads to infer the package schema: the plugin's entry, the component class,
 * its args (and the generated types they use), and its output types. A comment elsewhere changes nothing.
 */
export const ANALYZED_SOURCES = [
    "provider.ts",
    "components/secureIngress/index.ts",
    "components/secureIngress/args.ts",
    "components/types.ts",
    "components/summaries.ts",
];

/**
 * A digest of what the package schema is inferred from: the analyzed sources, the package's name, version
 * and description, and the analyzer's version. Committed beside the schema, it lets npm test tell the schema
 * is current without running the analyzer (about 3 s of CPU).
 */
export function packageSchemaInputs(): string {
    const hash = createHash("sha256");
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const sdk = JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8"));
    hash.update(JSON.stringify([manifest.name, manifest.version, manifest.description, sdk.version]));
    for (const source of ANALYZED_SOURCES) {
        hash.update(`${source}\0${fs.readFileSync(path.join(ROOT, source), "utf8")}\0`);
    }
    return `${hash.digest("hex")}\n`;
}

/** The package schema, as the component provider serves it (read from the sources on disk). */
export async function packageSchema(): Promise<string> {
    const provider = new ComponentProvider({ components: [SecureIngress], name: "istio-gateway-tls", dirname: ROOT });
    return `${JSON.stringify(JSON.parse(await provider.getSchema()), null, 2)}\n`;
}

async function main(check: boolean): Promise<number> {
    const files = generatedSchemas();
    // The package schema is read from components/types.ts: write that first.
    let stale = update(files, check);
    const inputs = "schemas/package.schema.inputs";
    if (!check || fs.readFileSync(path.join(ROOT, inputs), "utf8") !== packageSchemaInputs()) {
        stale += update({ "schemas/package.schema.json": await packageSchema() }, check);
    }
    if (!check) update({ [inputs]: packageSchemaInputs() }, false);
    return stale > 0 ? 1 : 0;
}

function update(files: Record<string, string>, check: boolean): number {
    let stale = 0;
    for (const [name, text] of Object.entries(files)) {
        const file = path.join(ROOT, name);
        const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
        if (current === text) continue;
        if (check) {
            console.error(`${name} is stale: run npm run schemas`);
            stale++;
        } else {
            fs.writeFileSync(file, text);
            console.log(`wrote ${name}`);
        }
    }
    return stale;
}

if (require.main === module) {
    main(process.argv.includes("--check")).then((code) => {
        process.exitCode = code;
    });
}
