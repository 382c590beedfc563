#!/usr/bin/env node
// Entry point of `npm run check-config` and the package's bin: runs cli/checkConfig.ts through ts-node.
const path = require("node:path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
require("../cli/checkConfig.ts").run();
