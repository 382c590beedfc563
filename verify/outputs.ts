// The stack outputs the check reads: from `pulumi stack output --json`, a file, or standard input.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import type { CredentialSummary, RouteSummary } from "../components/summaries";

/** What the check reads of a credential: the stack's CredentialSummary (mode and renewBeforeDays may be absent in older stacks). */
export type CredentialOutput = Pick<
    CredentialSummary,
    "name" | "hosts" | "notAfter" | "fingerprintSha256" | "secondaryFingerprintSha256" | "caCertPem"
> &
    Partial<Pick<CredentialSummary, "renewBeforeDays" | "mode" | "secretName" | "secretNamespace" | "source">>;

/** A client certificate and key in PEM, for MUTUAL credentials. */
export interface ClientPem {
    certPem: string;
    keyPem: string;
}

/** What the check reads of a route: the stack's RouteSummary (gatewayPort, or the older port, may be absent in older stacks). */
export type RouteOutput = Pick<RouteSummary, "host" | "path" | "credential" | "expect"> &
    Partial<Pick<RouteSummary, "gatewayPort" | "port">>;

export interface StackOutputs {
    credentials: CredentialOutput[];
    routes: RouteOutput[];
    /** Present (by credential name) when the outputs were read with --show-secrets. */
    sampleClients?: Record<string, ClientPem>;
    /** The Gateway, `<namespace>/<name>`. */
    gateway?: string;
    /** With delegations: the Gateway with its API, and the hosts delegated to each namespace. */
    delegations?: { gateway: { api: string; name: string; namespace: string }; hosts: Record<string, string[]> };
}

/** Parses and checks the outputs' shape; throws a message that says which part is missing. */
function parseOutputs(text: string, source: string): StackOutputs {
    let parsed: Partial<StackOutputs> | null;
    try {
        parsed = JSON.parse(text);
    } catch (error) {
        throw new Error(`${source} is not JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed?.credentials) || !Array.isArray(parsed?.routes)) {
        throw new Error(
            `${source} has no "credentials" and "routes" lists; is it the output of \`pulumi stack output --json\` for an istio-gateway-tls stack?`,
        );
    }
    const { credentials, routes } = parsed as StackOutputs;
    for (const route of routes) {
        if (!credentials.some((c) => c.name === route.credential)) {
            throw new Error(
                `${source}: route ${route.host}${route.path} names credential "${route.credential}", which the outputs do not list`,
            );
        }
    }
    return parsed as StackOutputs;
}

/** Reads outputs from `--outputs <file|->`, or else from `pulumi stack output --json [--stack s]`. */
export function readOutputs(from: string | undefined, stack: string | undefined): StackOutputs {
    if (from === "-") return parseOutputs(fs.readFileSync(0, "utf8"), "standard input");
    if (from !== undefined) {
        if (!fs.existsSync(from))
            throw new Error(`--outputs ${from}: no such file; write it with \`pulumi stack output --json > ${from}\``);
        return parseOutputs(fs.readFileSync(from, "utf8"), from);
    }
    const args = ["stack", "output", "--json", ...(stack ? ["--stack", stack] : [])];
    let text: string;
    try {
        text = execFileSync("pulumi", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
        throw new Error(
            `could not run \`pulumi ${args.join(" ")}\` (${(error as Error).message.split("\n")[0]}); pass --outputs <file> instead`,
        );
    }
    return parseOutputs(text, "pulumi stack output");
}
