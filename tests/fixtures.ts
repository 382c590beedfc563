// The tests' own stack configs, under tests/config/. The committed Pulumi.<stack>.yaml files are the users'
// to edit: tests read them only to check that they are valid (stackFiles.test.ts), never for their content.

import * as assert from "node:assert/strict";
import * as path from "node:path";
import { ConfigError, type Problem } from "../config/validation/problems";
import { readStackFile } from "../config/stackFile";
import { resolveIngressConfig } from "../config/resolve";
import { ROOT } from "./harness";

/** The project's config in tests/config/<name>.yaml, as top-level keys without the `istio-gateway-tls:` prefix. */
export function fixtureConfig(name: string): Record<string, any> {
    return readStackFile(path.join(ROOT, "tests", "config", `${name}.yaml`)).config;
}

/** The aliyun.com tutorial's config (what Pulumi.dev.yaml first held), fresh for each call so a test may change it. */
export function devConfig(): Record<string, any> {
    return fixtureConfig("tutorial");
}

/** Every problem validation reports for `config` as of `now`; none when it is valid. */
export function problemsOf(config: unknown, now = new Date()): Problem[] {
    try {
        resolveIngressConfig(config, now);
        return [];
    } catch (error) {
        assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
        return error.problems;
    }
}
