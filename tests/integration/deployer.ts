// A least-privilege deployer: rbac/'s files moved to a suite's namespaces and bound to its service account,
// and a kubeconfig that authenticates as that account only (F4, C9).

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { ROOT, currentCluster } from "./stacks";

/** The service account a suite's deployer runs as. */
export interface Account {
    namespace: string;
    name: string;
}

/** rbac/<file>, with its namespaces and subject moved to this suite's. */
export function rbac(account: Account, file: string, namespaceOf: (original: string) => string): any[] {
    const documents = yaml.loadAll(fs.readFileSync(path.join(ROOT, "rbac", file), "utf8")) as any[];
    return documents.map((document) => {
        const moved = structuredClone(document);
        if (moved.metadata.namespace) moved.metadata.namespace = namespaceOf(moved.metadata.namespace);
        for (const subject of moved.subjects ?? []) Object.assign(subject, account);
        for (const rule of moved.rules ?? []) {
            if (rule.resourceNames) rule.resourceNames = rule.resourceNames.map(namespaceOf);
        }
        if (moved.kind.startsWith("Cluster")) moved.metadata.name = `${moved.metadata.name}-itest`;
        if (moved.roleRef?.kind === "ClusterRole") moved.roleRef.name = `${moved.roleRef.name}-itest`;
        return moved;
    });
}

/** A kubeconfig for the same API server that authenticates with `token` only. */
export function tokenKubeconfig(adminFile: string, token: string): string {
    const admin = yaml.load(fs.readFileSync(adminFile, "utf8")) as any;
    const cluster = currentCluster(admin);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "igt-itest-sa-")), "kubeconfig");
    fs.writeFileSync(
        file,
        yaml.dump({
            apiVersion: "v1",
            kind: "Config",
            clusters: [cluster],
            users: [{ name: "deployer", user: { token } }],
            contexts: [{ name: "deployer", context: { cluster: cluster.name, user: "deployer" } }],
            "current-context": "deployer",
        }),
    );
    return file;
}
