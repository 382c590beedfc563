// Stack configs for tests: the committed stack files, read as the Pulumi CLI would hand them to the program.

import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { PROJECT, ROOT } from "./harness";

/** The project's config of a committed stack file, as top-level keys without the `istio-gateway-tls:` prefix. */
export function stackConfig(file: string): Record<string, any> {
    const document = yaml.load(fs.readFileSync(path.join(ROOT, file), "utf8")) as { config?: Record<string, unknown> };
    const config: Record<string, any> = {};
    for (const [key, value] of Object.entries(document.config ?? {})) {
        if (key.startsWith(`${PROJECT}:`)) config[key.slice(PROJECT.length + 1)] = value;
    }
    return config;
}

/** The dev stack's config, deep-copied so a test may change it. */
export function devConfig(): Record<string, any> {
    return structuredClone(stackConfig("Pulumi.dev.yaml"));
}
