#!/usr/bin/env node
// Entry point of `npm run check-config` and the package's bin: in a checkout, cli/checkConfig.ts through
// ts-node (never a stale build); in an installed package, which ships no sources, dist/cli/checkConfig.js.
const fs = require("node:fs");
const path = require("node:path");
const root = path.join(__dirname, "..");
if (fs.existsSync(path.join(root, "cli", "checkConfig.ts"))) {
    require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
    require("../cli/checkConfig.ts").run();
} else {
    require("../dist/cli/checkConfig.js").run();
}
