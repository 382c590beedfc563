// istio-gateway-tls-recover: settles what an interrupted `up` (API server gone, SIGINT, SIGKILL) left, so that
// the next `up` converges with no orphan, no duplicate and no takeover (recover/decide.ts says how).
//   npm run recover -- --stack <name> [--dry-run]

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    type Decision,
    type FoundObject,
    type Listed,
    type Listing,
    decide,
    identityOf,
    listingKey,
    listings,
    repaired,
} from "../recover/decide";
import { type ClusterAccess, type Exported, stackState } from "../recover/state";
import { type CommandIo, parseCommandLine } from "./commandLine";

export const USAGE = `usage: istio-gateway-tls-recover --stack <name> [--dry-run]

  --stack <name>  the stack whose interrupted up to finish (its backend and passphrase as for pulumi)
  --dry-run       say what would be adopted, cleared, refused or deleted, and change nothing

It reads the stack's state (pulumi stack export) and, with kubectl, the objects of the kinds this package
makes in the namespaces the stack uses, on each of its clusters. Then run pulumi up.
Exit 0 when everything was settled, 1 when an object was refused, 2 when a cluster could not be read
(nothing is changed then).`;

/** The Pulumi CLI and the clusters, as the command reaches them; tests pass their own. */
export interface Io extends CommandIo {
    pulumi(args: string[]): string;
    /** The objects of a type in a namespace; [] when the cluster does not serve the type; throws when unreachable. */
    list(listing: Listing): Listed;
    /** Deletes an object (a leftover of this stack's). */
    remove(object: FoundObject & { cluster: ClusterAccess }): void;
}

/** `kind.version.group` as kubectl names a resource type unambiguously (`Secret` for the core group). */
export function kubectlType(apiVersion: string, kind: string): string {
    const slash = apiVersion.indexOf("/");
    return slash < 0 ? kind : `${kind}.${apiVersion.slice(slash + 1)}.${apiVersion.slice(0, slash)}`;
}

/** kubectl reaching the clusters as their providers do; a kubeconfig given as contents goes to a file only we read. */
export function kubectl(temporary: string): Pick<Io, "list" | "remove"> {
    const files = new Map<string, string>();
    const target = (cluster: ClusterAccess): string[] => {
        const flags: string[] = [];
        if (cluster.kubeconfig !== undefined) {
            // The provider takes a path or the contents; contents name their clusters.
            let file = cluster.kubeconfig;
            if (/\bclusters\s*:/.test(cluster.kubeconfig)) {
                file = files.get(cluster.provider) ?? path.join(temporary, `${files.size}.kubeconfig`);
                if (!files.has(cluster.provider)) fs.writeFileSync(file, cluster.kubeconfig, { mode: 0o600 });
                files.set(cluster.provider, file);
            }
            flags.push("--kubeconfig", file);
        }
        if (cluster.context !== undefined) flags.push("--context", cluster.context);
        return flags;
    };
    const run = (cluster: ClusterAccess, args: string[]) =>
        execFileSync("kubectl", [...target(cluster), ...args], {
            encoding: "utf8",
            maxBuffer: 1 << 30,
            stdio: ["ignore", "pipe", "pipe"],
        });
    return {
        list({ cluster, type, namespace }) {
            let out: string;
            try {
                // Managed fields are shown: they name the field manager the provider created an object with.
                out = run(cluster, [
                    "get",
                    kubectlType(type.apiVersion, type.kind),
                    "--namespace",
                    namespace,
                    "--show-managed-fields",
                    "-o",
                    "json",
                ]);
            } catch (error) {
                const said = (error as { stderr?: string }).stderr ?? "";
                if (/doesn't have a resource type|the server could not find the requested resource/.test(said))
                    return [];
                if (/forbidden/i.test(said)) return "forbidden";
                throw error;
            }
            type Item = {
                metadata: { name: string; annotations?: Record<string, string>; managedFields?: { manager: string }[] };
            };
            return (JSON.parse(out) as { items: Item[] }).items.map((item) => ({
                apiVersion: type.apiVersion,
                kind: type.kind,
                namespace,
                name: item.metadata.name,
                annotations: item.metadata.annotations ?? {},
                managers: (item.metadata.managedFields ?? []).map((entry) => entry.manager),
            }));
        },
        remove(object) {
            run(object.cluster, [
                "delete",
                kubectlType(object.apiVersion, object.kind),
                object.name,
                "--namespace",
                object.namespace,
                "--ignore-not-found",
            ]);
        },
    };
}

const LABELS: Record<Decision["action"], string> = {
    adopt: "adopted",
    clear: "cleared",
    refuse: "REFUSED",
    delete: "deleted",
};

export function main(argv: string[], io: Io): number {
    const values = parseCommandLine(argv, { stack: { type: "string" }, "dry-run": { type: "boolean" } }, USAGE, io);
    if (typeof values === "number") return values;
    if (values.stack === undefined) {
        io.stderr(`give --stack\n${USAGE}\n`);
        return 2;
    }
    const stack = ["--stack", values.stack];
    const exported = JSON.parse(io.pulumi(["stack", "export", ...stack])) as Exported;
    if ((exported.deployment.resources ?? []).length === 0 && !exported.deployment.pending_operations?.length) {
        io.stdout(`stack ${values.stack} is empty: nothing to recover\n`);
        return 0;
    }
    // Provider kubeconfigs are secrets: read in the clear only to reach the clusters, never written back.
    const state = stackState(exported, JSON.parse(io.pulumi(["stack", "export", "--show-secrets", ...stack])));

    // Every cluster is read before anything changes: one that cannot be read stops the whole recovery.
    const listed = new Map<string, Listed>();
    const unreadable: string[] = [];
    for (const listing of listings(state)) {
        try {
            listed.set(listingKey(listing), io.list(listing));
        } catch (error) {
            const said = ((error as { stderr?: string }).stderr || (error as Error).message).trim().split("\n")[0];
            unreadable.push(`${listing.type.kind} in ${listing.namespace} (${listing.cluster.provider}): ${said}`);
        }
    }
    let decisions: Decision[] = [];
    try {
        if (unreadable.length === 0) decisions = decide(state, listed, identityOf(exported));
    } catch (error) {
        unreadable.push((error as Error).message);
    }
    if (unreadable.length > 0) {
        io.stderr(
            `cannot read what the recovery needs; nothing was changed:\n  ${[...new Set(unreadable)].join("\n  ")}\n`,
        );
        return 2;
    }
    if (decisions.length === 0) {
        io.stdout(`stack ${values.stack}: nothing pending and no leftover with its mark: nothing to recover\n`);
        return 0;
    }
    for (const decision of decisions) io.stdout(`${LABELS[decision.action]}: ${decision.why}\n`);
    const count = (action: Decision["action"]) => decisions.filter((d) => d.action === action).length;
    if (values["dry-run"]) {
        io.stdout("(dry run: nothing was changed)\n");
        return count("refuse") === 0 ? 0 : 1;
    }

    if (exported.deployment.pending_operations?.length) {
        const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "igt-recover-"));
        try {
            const file = path.join(temporary, "state.json");
            fs.writeFileSync(file, JSON.stringify(repaired(exported, decisions)), { mode: 0o600 });
            io.pulumi(["stack", "import", "--file", file, ...stack]);
        } finally {
            fs.rmSync(temporary, { recursive: true, force: true });
        }
    }
    for (const decision of decisions) if (decision.action === "delete") io.remove(decision.object!);
    const adopted = decisions.filter((decision) => decision.action === "adopt");
    if (adopted.length > 0) {
        // The adopted objects' outputs are read from their clusters, as after any create.
        io.pulumi(["refresh", "--yes", ...stack, ...adopted.flatMap((decision) => ["--target", decision.urn!])]);
    }
    io.stdout(
        `${count("adopt")} adopted, ${count("clear")} cleared, ${count("delete")} deleted, ${count("refuse")} refused; ` +
            `now: pulumi up --stack ${values.stack}\n`,
    );
    return count("refuse") === 0 ? 0 : 1;
}

/** The Pulumi CLI; its error (a locked stack, say) is passed on with the fix README gives. */
function pulumiCli(args: string[]): string {
    try {
        return execFileSync("pulumi", args, {
            encoding: "utf8",
            maxBuffer: 1 << 30,
            stdio: ["ignore", "pipe", "pipe"],
        });
    } catch (error) {
        const said = ((error as { stderr?: string }).stderr ?? "").trim();
        const hint = /locked|currently being updated/i.test(said)
            ? "\n(the stack is still locked by the killed update: run pulumi cancel, then this again)"
            : "";
        throw new Error(`pulumi ${args.slice(0, 2).join(" ")} failed: ${said}${hint}`);
    }
}

export function run(): void {
    const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "igt-recover-kube-"));
    try {
        process.exitCode = main(process.argv.slice(2), {
            stdout: (text) => process.stdout.write(text),
            stderr: (text) => process.stderr.write(text),
            pulumi: pulumiCli,
            ...kubectl(temporary),
        });
    } catch (error) {
        process.stderr.write(`${(error as Error).message}\n`);
        process.exitCode = 2;
    } finally {
        fs.rmSync(temporary, { recursive: true, force: true });
    }
}
