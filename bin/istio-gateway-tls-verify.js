#!/usr/bin/env node
// Entry point of `npm run verify` and the package's bin: in a checkout, cli/verify.ts through ts-node (never
// a stale build); in an installed package, which ships no sources, the compiled dist/cli/verify.js.
const fs = require("node:fs");
const path = require("node:path");
const root = path.join(__dirname, "..");
if (fs.existsSync(path.join(root, "cli", "verify.ts"))) {
    require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
    require("../cli/verify.ts").run();
} else {
    require("../dist/cli/verify.js").run();
}
