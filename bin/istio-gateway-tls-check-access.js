#!/usr/bin/env node
// Entry point of `npm run check-access` and the package's bin: in a checkout, cli/checkAccess.ts through
// ts-node (never a stale build); in an installed package, which ships no sources, dist/cli/checkAccess.js.
const fs = require("node:fs");
const path = require("node:path");
const root = path.join(__dirname, "..");
if (fs.existsSync(path.join(root, "cli", "checkAccess.ts"))) {
    require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
    require("../cli/checkAccess.ts").run();
} else {
    require("../dist/cli/checkAccess.js").run();
}
