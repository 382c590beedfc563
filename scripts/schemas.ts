// npm run schemas: writes the generated, committed schemas (schemas/), which tests compare with the code.
//   npm run schemas            rewrite them
//   npm run schemas -- --check exit 1, naming the stale file, when one differs from what the code gives

import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { stackFileSchema } from "../config/model/jsonSchema";

export const SCHEMAS_DIR = path.join(__dirname, "..", "schemas");

/** Each generated file's name and its content, as the code gives it now. */
export function generatedSchemas(): Record<string, string> {
    return { "stack-file.schema.json": `${JSON.stringify(stackFileSchema(ts), null, 2)}\n` };
}

if (require.main === module) {
    const check = process.argv.includes("--check");
    let stale = 0;
    for (const [name, text] of Object.entries(generatedSchemas())) {
        const file = path.join(SCHEMAS_DIR, name);
        const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
        if (current === text) continue;
        if (check) {
            console.error(`${path.relative(process.cwd(), file)} is stale: run npm run schemas`);
            stale++;
        } else {
            fs.writeFileSync(file, text);
            console.log(`wrote ${path.relative(process.cwd(), file)}`);
        }
    }
    process.exitCode = stale > 0 ? 1 : 0;
}
