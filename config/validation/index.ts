// Validation of stack config and of SecureIngress args, which share one model: the shape first (shape.ts),
// then the rules (rules/) on everything whose shape is right. Every problem is collected and thrown
// together; only a config with none comes back.

import type { PlainIngressConfig, PlainProgramConfig } from "../model/stack";
import { ConfigError } from "./problems";
import { checkConfigRules } from "./rules";
import { checkConfigShape } from "./shape";

/** Where a config comes from: stack config, or the args of a SecureIngress in someone's program. */
export type ConfigScope = "stack" | "component";

/**
 * The config, valid, or a ConfigError listing every problem. `now` is the time brought certificates'
 * expiry is checked against.
 */
export function validateConfig(
    raw: unknown,
    now: Date = new Date(),
    scope: ConfigScope = "stack",
): PlainIngressConfig & PlainProgramConfig {
    const source = scope === "stack" ? "istio-gateway-tls stack config" : "SecureIngress args";
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        const fix = "pass { gateway, certificates, routes, sampleApps }";
        throw new ConfigError([{ path: "", value: raw, message: "must be an object", fix }], source);
    }
    const shape = checkConfigShape(raw as Record<string, unknown>, scope);
    const problems = [...shape.problems, ...checkConfigRules(shape.readable, now)];
    if (problems.length > 0) throw new ConfigError(problems, source);
    // No problems: the readable part is the whole config, with every required field.
    return shape.readable as unknown as PlainIngressConfig & PlainProgramConfig;
}
