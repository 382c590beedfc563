// The guard in front of the compiled program (bin/program.js, Pulumi.yaml's main): pulumi runs dist/ only
// as `npm run build` made it from the sources as they are now, and otherwise names each file and the fix.

import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import buildStamp = require("../scripts/buildStamp");
import { ROOT } from "./harness";

describe("the build (tsconfig.build.json)", () => {
    it("compiles only what ships, with type packages that are production dependencies (npm ci --omit=dev builds)", () => {
        const build = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.build.json"), "utf8"));
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        for (const types of build.compilerOptions.types) assert.ok(pkg.dependencies[`@types/${types}`], types);
        assert.ok(pkg.dependencies.typescript);
        const included: string[] = build.include;
        assert.ok(!included.some((glob) => /^(tests|bench|scripts|policy)\//.test(glob)), included.join(", "));
        assert.match(pkg.scripts.prepare, /scripts\/build\.js/);
    });
});

describe("the build record (scripts/buildStamp.js)", () => {
    let root: string;
    const source = (rel: string) => path.join(root, rel);
    const output = (rel: string) => path.join(root, "dist", rel.replace(/\.ts$/, ".js"));
    // A built tree: two sources, their JavaScript, and the record, as scripts/build.js leaves them.
    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "igt-build-"));
        for (const rel of ["index.ts", "components/a.ts"]) {
            fs.mkdirSync(path.dirname(source(rel)), { recursive: true });
            fs.mkdirSync(path.dirname(output(rel)), { recursive: true });
            fs.writeFileSync(source(rel), `export const name = "${rel}";\n`);
            fs.writeFileSync(output(rel), `exports.name = "${rel}";\n`);
        }
        fs.mkdirSync(path.join(root, "node_modules", "x"), { recursive: true });
        fs.writeFileSync(path.join(root, "node_modules", "x", "index.ts"), "");
        buildStamp.writeStamp(root, buildStamp.hashSources(root));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
    const stale = () => buildStamp.staleModules(root, [output("index.ts"), output("components/a.ts")]);

    it("passes a build made from the sources as they are, and does not record node_modules", () => {
        assert.deepEqual(stale(), []);
        const recorded = JSON.parse(fs.readFileSync(path.join(root, "dist", buildStamp.STAMP), "utf8"));
        assert.deepEqual(Object.keys(recorded).sort(), ["components/a.ts", "index.ts"]);
    });

    it("names a source edited since the build, even when the output is newer", () => {
        fs.appendFileSync(source("components/a.ts"), "// edited\n");
        fs.utimesSync(output("components/a.ts"), new Date(), new Date(Date.now() + 60_000));
        assert.deepEqual(stale(), ["components/a.ts changed since the last build"]);
    });

    it("names output that a plain tsc rewrote, though its source matches the record", () => {
        fs.writeFileSync(output("index.ts"), 'exports.name = "something else";\n');
        assert.deepEqual(stale(), ["dist/index.js was rewritten since the last build"]);
    });

    it("names a source deleted after the build, and a module the build did not compile", () => {
        fs.rmSync(source("components/a.ts"));
        fs.writeFileSync(path.join(root, "dist", "extra.js"), "");
        fs.writeFileSync(source("extra.ts"), "");
        assert.deepEqual(buildStamp.staleModules(root, [output("components/a.ts"), output("extra.ts")]), [
            "components/a.ts no longer exists, but dist/ still has it",
            "extra.ts was not compiled by the last build",
        ]);
    });

    it("refuses everything when the record is gone, as a failed build leaves it", () => {
        buildStamp.removeStamp(root);
        assert.match(stale().join(), /no record of a successful `npm run build`/);
    });

    it("takes the digests before the build, so an edit made while tsc runs counts as stale", () => {
        const before = buildStamp.hashSources(root);
        fs.appendFileSync(source("index.ts"), "// edited while tsc ran\n");
        buildStamp.writeStamp(root, before);
        assert.deepEqual(stale(), ["index.ts changed since the last build"]);
    });
});

describe("the program's entry (bin/program.js)", () => {
    it("loads the compiled program that npm test has just built: the function Pulumi calls", () => {
        const type = execFileSync(
            process.execPath,
            ["-e", 'process.stdout.write(typeof require("./bin/program.js"))'],
            {
                cwd: ROOT,
                encoding: "utf8",
            },
        );
        assert.equal(type, "function");
    });

    it("is what Pulumi.yaml runs, with ts-node off", () => {
        const project = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
        assert.match(project, /^main: bin\/program\.js$/m);
        assert.match(project, /^\s+typescript: false$/m);
    });

    it("refuses a stale build with the file and the fix, before the program runs", () => {
        // A copy of the entry and the record against a dist/ whose index.js differs from the recorded one.
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "igt-entry-"));
        try {
            for (const dir of ["bin", "scripts", "dist"]) fs.mkdirSync(path.join(root, dir));
            for (const file of ["bin/program.js", "scripts/buildStamp.js"]) {
                fs.copyFileSync(path.join(ROOT, file), path.join(root, file));
            }
            fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(root, "node_modules"));
            fs.writeFileSync(path.join(root, "index.ts"), "export = async () => ({});\n");
            // In this process: the copy resolves @pulumi/pulumi through the link, to the instance already loaded.
            const run = () => {
                for (const file of Object.keys(require.cache)) if (file.startsWith(root)) delete require.cache[file];
                return require(path.join(root, "bin", "program.js"));
            };
            // Not built at all: the fix named is npm ci (or npm run build).
            assert.throws(run, /cannot load its build \(Cannot find module[\s\S]*run `npm ci`/);
            fs.writeFileSync(path.join(root, "dist", "index.js"), "module.exports = async () => ({});\n");
            buildStamp.writeStamp(root, buildStamp.hashSources(root));
            assert.equal(typeof run(), "function");
            fs.appendFileSync(path.join(root, "index.ts"), "// edited\n");
            assert.throws(
                run,
                /build is out of date:\n {2}index\.ts changed since the last build\nrun `npm run build`/,
            );
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});
