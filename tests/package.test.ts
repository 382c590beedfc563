// The npm package as another program gets it: `npm pack`, the tarball installed into a fresh TypeScript
// consumer (examples/typescript/index.ts), type-checked against the package's own .d.ts, and run under
// mocks from its compiled JavaScript. npm test builds dist/ (tsc) just before mocha runs this.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { SecureIngress } from "../components";
import { devConfig } from "./fixtures";
import { type ProgramRun, ROOT, runComponents, unwrapSecrets } from "./harness";
import buildStamp = require("../scripts/buildStamp");
import { type Packed, installPacked } from "./packed";

const LIBRARY_DIRS = ["components", "config", "domain", "cli", "verify"];

/** What makes the compiled library in dist/ differ from its sources (scripts/buildStamp.js's check). */
function staleBuild(): string[] {
    const compiled = LIBRARY_DIRS.flatMap((dir) =>
        fs
            .readdirSync(path.join(ROOT, "dist", dir), { recursive: true, encoding: "utf8" })
            .filter((file) => file.endsWith(".js"))
            .map((file) => path.join(ROOT, "dist", dir, file)),
    );
    return buildStamp.staleModules(ROOT, compiled);
}

describe("the npm package, installed from its tarball", () => {
    let consumer: Packed;
    before(() => {
        const stale = staleBuild();
        if (stale.length > 0)
            assert.fail(`dist/ is out of date: ${stale.join("; ")}: run npm run build (npm test builds it)`);
        consumer = installPacked("igt-consumer-");
        fs.copyFileSync(path.join(ROOT, "examples", "typescript", "index.ts"), path.join(consumer.dir, "index.ts"));
        // The team's program (AppRoutes) is type-checked against the same .d.ts.
        fs.copyFileSync(
            path.join(ROOT, "examples", "team", "typescript", "index.ts"),
            path.join(consumer.dir, "team.ts"),
        );
    });
    after(() => consumer && fs.rmSync(consumer.dir, { recursive: true, force: true }));

    it("ships compiled JavaScript, declarations and the schemas, not the TypeScript sources or tests", () => {
        const files = consumer.files;
        for (const expected of ["dist/components/index.js", "dist/components/index.d.ts", "PulumiPlugin.yaml"]) {
            assert.ok(files.includes(expected), `${expected} is not in the tarball`);
        }
        assert.ok(files.includes("schemas/package.schema.json"));
        // check-access reads the permissions it checks from rbac/.
        assert.ok(files.includes("rbac/data-plane.yaml"));
        const leaked = files.filter((file) => /^(components|config|tests|dist\/tests)\//.test(file));
        assert.deepEqual(leaked, []);
    });

    it("type-checks a consumer against the package's .d.ts alone", () => {
        const program = ts.createProgram([path.join(consumer.dir, "index.ts"), path.join(consumer.dir, "team.ts")], {
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            target: ts.ScriptTarget.ES2022,
            module: ts.ModuleKind.NodeNext,
            moduleResolution: ts.ModuleResolutionKind.NodeNext,
            // No DOM declarations, no @types: what the package's own .d.ts need, and nothing else to parse.
            lib: ["lib.es2022.d.ts"],
            types: [],
        });
        const errors = ts
            .getPreEmitDiagnostics(program)
            .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        assert.deepEqual(errors, []);
        const ours = program
            .getSourceFiles()
            .map((file) => fs.realpathSync(file.fileName))
            .filter((file) => LIBRARY_DIRS.some((dir) => file.startsWith(path.join(ROOT, dir) + path.sep)));
        assert.deepEqual(ours, [], "the consumer read this repository's sources");
    });

    it("runs the consumer from the compiled package under mocks: the tutorial's resources", async () => {
        const source = fs.readFileSync(path.join(consumer.dir, "index.ts"), "utf8");
        const compiled = ts.transpileModule(source, {
            compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
        }).outputText;
        fs.writeFileSync(path.join(consumer.dir, "index.js"), compiled);
        // Neither run passes the harness's instrumentation: the consumer cannot, so both see the same mock state.
        const packaged = await runComponents(() => require(path.join(consumer.dir, "index.js")));
        const fromSource = await runComponents(() => {
            const ingress = new SecureIngress("ingress", devConfig() as never);
            return { credentials: ingress.credentialSummaries, routes: ingress.routeSummaries };
        });
        assert.deepEqual(objects(packaged), objects(fromSource));
        assert.ok(
            require.resolve("istio-gateway-tls", { paths: [consumer.dir] }).includes(`${path.sep}dist${path.sep}`),
        );
    });
});

/** The Kubernetes objects and keys registered, without providers: the example brings its own. */
function objects(run: ProgramRun) {
    return run.resources
        .filter((r) => !r.type.startsWith("pulumi:providers:"))
        .map((r) => ({ type: r.type, name: r.name, inputs: unwrapSecrets(r.inputs) }))
        .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
}
