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
        // typescript builds dist/ in prepare (npm ci --omit=dev too), ts-node runs the bins in a checkout.
        const loadedByName = ["ts-node", "typescript"];
        // A type package is the build's, and is used when what it types is: @types/node by `node:` imports.
        const used = (name: string) => text.includes(`"${name.replace(/^@types\//, "")}`);
        const unused = Object.keys(pkg.dependencies).filter((name) => !loadedByName.includes(name) && !used(name));
        assert.deepEqual(unused, []);
    });
});
