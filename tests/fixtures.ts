// The tests' own stack configs, under tests/config/. The committed Pulumi.<stack>.yaml files are the users'
// to edit: tests read them only to check that they are valid (stackFiles.test.ts), never for their content.

import * as path from "node:path";
import { readStackFile } from "../config/stackFile";
import { ROOT } from "./harness";

/** The project's config in tests/config/<name>.yaml, as top-level keys without the `istio-gateway-tls:` prefix. */
export function fixtureConfig(name: string): Record<string, any> {
    return readStackFile(path.join(ROOT, "tests", "config", `${name}.yaml`)).config;
}

/** The aliyun.com tutorial's config (what Pulumi.dev.yaml first held), fresh for each call so a test may change it. */
export function devConfig(): Record<string, any> {
    return fixtureConfig("tutorial");
}
