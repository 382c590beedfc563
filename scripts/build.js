#!/usr/bin/env node
// npm run build (and prepare, so npm ci and a git install build): tsc on what ships (tsconfig.build.json), then the record that bin/program.js
// checks. The sources are hashed before tsc reads them, so an edit made during the build counts as stale.
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { hashSources, writeStamp, removeStamp } = require("./buildStamp");

const root = path.join(__dirname, "..");
const before = hashSources(root);
const tsc = spawnSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")],
    { stdio: "inherit" },
);
if (tsc.status === 0) {
    writeStamp(root, before);
} else {
    // tsc emits even when it reports errors: no record, so that nothing of that output is run.
    removeStamp(root);
    process.exitCode = tsc.status ?? 1;
}
