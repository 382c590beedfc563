// Runs the policy pack's rules over what a program run registered, as `pulumi preview --policy-pack` would.

import type { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { policies } from "../policy/policies";
import { type ProgramRun, unwrapSecrets } from "./harness";

/** Every violation message the pack reports for the run's resources. */
export async function policyViolations(run: ProgramRun): Promise<string[]> {
    const resources = run.resources.map((r) => ({ type: r.type, name: r.name, props: unwrapSecrets(r.inputs) }));
    const violations: string[] = [];
    const report: ReportViolation = (message) => violations.push(message);
    const asArgs = (r: (typeof resources)[number]) =>
        ({ ...r, urn: r.name, opts: {}, getConfig: () => ({}) }) as unknown as PolicyResource;
    for (const policy of policies) {
        if ("validateStack" in policy) {
            await policy.validateStack(
                { resources: resources.map(asArgs), getConfig: () => ({}) } as unknown as StackValidationArgs,
                report,
            );
        } else {
            for (const r of resources) await (policy.validateResource as any)(asArgs(r), report);
        }
    }
    return violations;
}
