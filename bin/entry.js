// What each bin does: in a checkout, run cli/<name>.ts through ts-node (never a stale build); in an installed
// package, which ships no sources, the compiled dist/cli/<name>.js.
const fs = require("node:fs");
const path = require("node:path");

module.exports = function run(name) {
    const root = path.join(__dirname, "..");
    if (fs.existsSync(path.join(root, "cli", `${name}.ts`))) {
        require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
        require(`../cli/${name}.ts`).run();
    } else {
        require(`../dist/cli/${name}.js`).run();
    }
};
