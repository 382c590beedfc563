// Reads the stack config under the project's namespace, and the program's clock. Validation is
// config/validation's, shared by stack config and component args, so both get one set of rules and messages.

import { RunError } from "@pulumi/pulumi/errors";
import { allConfig } from "@pulumi/pulumi/runtime/config";

export const PROJECT = "istio-gateway-tls";

/**
 * Every `istio-gateway-tls:*` key of the stack, parsed. A value that is not JSON stays a string, so that
 * `pulumi config set certificates foo` is reported as a wrong type rather than a parse failure.
 */
export function readProjectConfig(all: Record<string, string> = allConfig()): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [fullKey, text] of Object.entries(all)) {
        const [namespace, key] = fullKey.split(":", 2);
        if (namespace !== PROJECT || key === undefined) continue;
        raw[key] = parseConfigValue(text);
    }
    return raw;
}

function parseConfigValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/** The environment variable that sets the program's clock, for tests that move time (renewal). */
export const CLOCK_VARIABLE = "ISTIO_GATEWAY_TLS_NOW";

/**
 * The time the program computes renewal and expiry from: now, or the ISO 8601 instant in
 * ISTIO_GATEWAY_TLS_NOW, so that an integration test can run `pulumi up` as of a later date.
 */
export function programClock(env: NodeJS.ProcessEnv = process.env): Date {
    const value = env[CLOCK_VARIABLE];
    if (value === undefined || value === "") return new Date();
    const now = new Date(value);
    if (Number.isNaN(now.getTime())) {
        throw new RunError(
            `${CLOCK_VARIABLE}=${JSON.stringify(value)} is not an ISO 8601 time; unset it, or write e.g. 2027-01-31T00:00:00Z`,
        );
    }
    return now;
}
