// Reads a stack file (Pulumi.<stack>.yaml) offline, as the Pulumi CLI hands its config to the program.
// `secure:` values cannot be decrypted without the stack's passphrase or key, so each stands in as
// UNREAD_SECRET: a present string whose content is unknown. Shape checks pass it; checks that need the
// content (brought PEMs) skip it, and `pulumi preview` runs them with the real value.

import * as fs from "node:fs";
import * as yaml from "js-yaml";
import { PROJECT } from "./load";
import { UNREAD_SECRET } from "./unread";

export interface StackFileConfig {
    /** The project's keys, without the `istio-gateway-tls:` prefix; secure values are UNREAD_SECRET. */
    config: Record<string, unknown>;
    /** Config paths (`certificates[1].existing.keyPem`) of the secure values, whose content was not checked. */
    securePaths: string[];
}

function isSecure(value: unknown): value is { secure: string } {
    return (
        typeof value === "object" &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length === 1 &&
        typeof (value as { secure?: unknown }).secure === "string"
    );
}

function replaceSecure(value: unknown, path: string, securePaths: string[]): unknown {
    if (isSecure(value)) {
        securePaths.push(path);
        return UNREAD_SECRET;
    }
    if (Array.isArray(value)) return value.map((item, i) => replaceSecure(item, `${path}[${i}]`, securePaths));
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.entries(value).map(([key, item]) => [key, replaceSecure(item, `${path}.${key}`, securePaths)]),
        );
    }
    return value;
}

/** The project's config in a stack file's text. */
export function parseStackFile(text: string): StackFileConfig {
    const document = yaml.load(text) as { config?: Record<string, unknown> } | undefined;
    const config: Record<string, unknown> = {};
    const securePaths: string[] = [];
    for (const [key, value] of Object.entries(document?.config ?? {})) {
        if (key.startsWith(`${PROJECT}:`)) {
            const name = key.slice(PROJECT.length + 1);
            config[name] = replaceSecure(value, name, securePaths);
        }
    }
    return { config, securePaths };
}

export function readStackFile(file: string): StackFileConfig {
    return parseStackFile(fs.readFileSync(file, "utf8"));
}

/** The values the engine would hand the program: strings as they are, anything else as JSON. */
export function asEngineConfig(config: Record<string, unknown>): Record<string, string> {
    return Object.fromEntries(
        Object.entries(config).map(([key, value]) => [
            `${PROJECT}:${key}`,
            typeof value === "string" ? value : JSON.stringify(value),
        ]),
    );
}
