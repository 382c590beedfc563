#!/usr/bin/env node
// Entry point of `npm run verify` and the package's bin: runs cli/verify.ts through ts-node.
const path = require("node:path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
require("../cli/verify.ts").run();
