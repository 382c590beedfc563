// Reads the stack config under the project's namespace. Validation happens where it is used
// (SecureIngress), so stack config and component args share one set of rules and messages.

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
