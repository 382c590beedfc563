// The build's record of what it compiled, so that `pulumi up` never runs a dist/ older than its sources. Per
// compiled module: the SHA-256 of its TypeScript source as it was when the build started, and of the
// JavaScript tsc wrote from it. Both are checked, so that neither an edit nor a plain `tsc` (which writes
// dist/ without this record) can pass for a build.
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const STAMP = ".build-stamp.json";

/** @param {string} file */
const digest = (file) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Every TypeScript source under root (relative, `/`-separated), outside node_modules, dist and dot folders. */
function sources(root, dir = "") {
    const found = [];
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
        if (entry.isDirectory()) {
            if (entry.name !== "node_modules" && entry.name !== "dist" && !entry.name.startsWith(".")) {
                found.push(...sources(root, rel));
            }
        } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
            found.push(rel);
        }
    }
    return found;
}

/** The sources' digests, taken before tsc reads them. */
function hashSources(root) {
    return Object.fromEntries(sources(root).map((rel) => [rel, digest(path.join(root, rel))]));
}

/** After a successful tsc: the record of each source that has its JavaScript in dist/. */
function writeStamp(root, sourceDigests) {
    const modules = {};
    for (const [rel, source] of Object.entries(sourceDigests)) {
        const output = path.join(root, "dist", rel.replace(/\.ts$/, ".js"));
        if (fs.existsSync(output)) modules[rel] = { source, output: digest(output) };
    }
    fs.writeFileSync(path.join(root, "dist", STAMP), `${JSON.stringify(modules, null, 1)}\n`);
}

function removeStamp(root) {
    fs.rmSync(path.join(root, "dist", STAMP), { force: true });
}

/**
 * What makes the given compiled modules (absolute paths under root/dist) unfit to run, one line each; empty
 * when each is what `npm run build` made from the source as it is now.
 */
function staleModules(root, loaded) {
    let stamp;
    try {
        stamp = JSON.parse(fs.readFileSync(path.join(root, "dist", STAMP), "utf8"));
    } catch {
        return [
            "dist/ has no record of a successful `npm run build` (a plain tsc, or a build that failed, leaves none)",
        ];
    }
    const problems = [];
    for (const file of loaded) {
        const rel = path.relative(path.join(root, "dist"), file).split(path.sep).join("/").replace(/\.js$/, ".ts");
        const entry = stamp[rel];
        if (!fs.existsSync(path.join(root, rel))) problems.push(`${rel} no longer exists, but dist/ still has it`);
        else if (entry === undefined) problems.push(`${rel} was not compiled by the last build`);
        else if (digest(path.join(root, rel)) !== entry.source) problems.push(`${rel} changed since the last build`);
        else if (digest(file) !== entry.output)
            problems.push(`dist/${rel.replace(/\.ts$/, ".js")} was rewritten since the last build`);
    }
    return problems;
}

module.exports = { hashSources, writeStamp, removeStamp, staleModules, STAMP };
