// Every production dependency is used: an unused provider SDK still makes every `pulumi up` load its plugin.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./harness";

/** The project's own source files (not tests), as text. */
function sources(dir: string): string[] {
    return fs
        .readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
        .flatMap((entry) =>
            entry.isFile() && /\.(ts|js)$/.test(entry.name)
                ? [fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8")]
                : [],
        );
}

describe("dependencies", () => {
    it("are each imported by the program, the components, the config code or a bin", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        const text = [
            fs.readFileSync(path.join(ROOT, "index.ts"), "utf8"),
            ...sources("components"),
            ...sources("config"),
            ...sources("verify"),
            ...sources("bin"),
        ].join("\n");
        // ts-node and typescript are loaded by name at run time (Pulumi's TypeScript runtime and the bins).
        const loadedByName = ["ts-node", "typescript"];
        const unused = Object.keys(pkg.dependencies).filter(
            (name) => !loadedByName.includes(name) && !text.includes(`"${name}`),
        );
        assert.deepEqual(unused, []);
    });
});
