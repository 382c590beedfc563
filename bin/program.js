// The Pulumi program's entry (Pulumi.yaml main): index.ts as `npm run build` compiled it, so that a preview
// or an up compiles and type-checks nothing (npm ci's prepare builds; npm test builds too). It refuses to run
// a build older than its sources, naming each file and the fix. Tests run index.ts from source instead.
const path = require("node:path");
const { RunError } = require("@pulumi/pulumi/errors");
const { staleModules } = require("../scripts/buildStamp");

const root = path.join(__dirname, "..");
const fix = "run `npm run build` (or `npm test`), then run pulumi again";

let program;
try {
    program = require("../dist/index.js");
} catch (error) {
    if (error?.code !== "MODULE_NOT_FOUND") throw error;
    // No dist/ (npm ci --ignore-scripts, a fresh clone) or no node_modules: npm ci gives both.
    throw new RunError(
        `istio-gateway-tls cannot load its build (${error.message.split("\n")[0]}): run \`npm ci\`, which installs and builds, or \`npm run build\`, then run pulumi again`,
    );
}
// Every compiled module the program loaded, checked against the source it came from.
const dist = path.join(root, "dist") + path.sep;
const stale = staleModules(
    root,
    Object.keys(require.cache).filter((file) => file.startsWith(dist)),
);
if (stale.length > 0) {
    throw new RunError(`istio-gateway-tls's build is out of date:\n  ${stale.join("\n  ")}\n${fix}`);
}
module.exports = program;
