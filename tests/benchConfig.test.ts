// The benchmark's config generator makes config the program accepts. (No timing is asserted anywhere.)

import * as assert from "node:assert/strict";
import * as path from "node:path";
import { benchBuildArgs } from "../bench/build";
import { certificateCount, generateConfig } from "../bench/generate";
import { resolveIngressConfig } from "../config/resolve";

describe("benchmark config generator", () => {
    for (const hosts of [10, 100, 1000]) {
        it(`makes valid config for ${hosts} hosts, each route covered by one of ${certificateCount(hosts)} wildcard certificates`, () => {
            const resolved = resolveIngressConfig(generateConfig(hosts));
            assert.equal(resolved.routes.length, hosts);
            assert.equal(resolved.certificates.length, Math.max(1, hosts / 50));
            assert.equal(new Set(resolved.routes.map((r) => r.host)).size, hosts);
            const counts = new Map<string, number>();
            for (const route of resolved.routes)
                counts.set(route.certificateName, (counts.get(route.certificateName) ?? 0) + 1);
            assert.equal(counts.size, resolved.certificates.length, "a certificate covers no route");
        });
    }
});

describe("benchmark build", () => {
    it("compiles apart from the type-check's incremental build info, so `npm run bench` runs again after its first run", () => {
        const ts: typeof import("typescript") = require("typescript");
        const root = path.resolve(__dirname, "..");
        const [, , project, ...flags] = benchBuildArgs("tsc", path.join(root, "bench", ".build"));
        const overrides = ts.parseCommandLine(flags).options;
        const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, project), overrides, {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(String(d.messageText)),
        });
        assert.ok(parsed);
        assert.deepEqual(parsed.errors, []);
        assert.equal(parsed.options.noEmit, false);
        // The type-check writes node_modules/.cache/tsconfig.tsbuildinfo; the bench must neither read nor write it.
        assert.equal(ts.getTsBuildInfoEmitOutputFilePath(parsed.options), undefined);
    });
});
