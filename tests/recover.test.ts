// The recovery without a cluster: the state reader and the adopt-clear-refuse-delete decisions, on
// `pulumi stack export` documents recorded on a real engine (tests/recorded/README.md says how), and the
// command's flow against a fake Pulumi CLI and fake clusters.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { type Io, kubectlType, main } from "../cli/recover";
import {
    type FoundObject,
    type Listed,
    decide,
    decidePending,
    identityOf,
    listingKey,
    listings,
    repaired,
} from "../recover/decide";
import {
    type Exported,
    PACKAGE_TYPES,
    type StateObject,
    describe as describeObject,
    stackState,
} from "../recover/state";

const RECORDED = path.join(__dirname, "recorded");
const load = (file: string) => JSON.parse(fs.readFileSync(path.join(RECORDED, file), "utf8")) as Exported;
// Two kills of a real engine on two API servers: the Secret's and the VirtualServices' creates in flight,
// then the Gateway's (a Gateway waits for its Secret, so the two are never pending together).
const exported = () => load("pending-secret.json");
const plaintext = () => load("pending-secret.show-secrets.json");
const gatewayRecording = () => stackState(load("pending-gateway.json"), load("pending-gateway.show-secrets.json"));
const OURS = "istio-gateway-tls/itest-recorded";
const MARK = "istio-gateway-tls.io/stack";

const byKind = (objects: StateObject[], kind: string) => objects.find((o) => o.kind === kind)!;
const found = (
    object: StateObject,
    annotations: Record<string, string> = { [MARK]: OURS },
    managers = ["pulumi-kubernetes"],
): FoundObject => ({
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.namespace,
    name: object.name,
    annotations,
    managers,
});

/** Every listing answered from `objects`, as a cluster holding exactly them would. */
function clusters(objects: FoundObject[]): Map<string, Listed> {
    const state = stackState(exported(), plaintext());
    return new Map(
        listings(state).map((listing) => [
            listingKey(listing),
            objects.filter(
                (o) =>
                    o.apiVersion === listing.type.apiVersion &&
                    o.kind === listing.type.kind &&
                    o.namespace === listing.namespace &&
                    (o as { provider?: string }).provider === listing.cluster.provider,
            ),
        ]),
    );
}
const on = (object: StateObject, found: FoundObject) => ({ ...found, provider: object.cluster.provider });

describe("recover: what the state says", () => {
    const state = stackState(exported(), plaintext());

    it("reads the pending creates of a Secret, VirtualServices and a Gateway, each on its own cluster", () => {
        assert.deepEqual(
            state.pending.map((o) => `${o.kind} ${o.name}`),
            ["Secret myexample-credential", "VirtualService a.aliyun.com", "VirtualService b.aliyun.com"],
        );
        const secret = byKind(state.pending, "Secret");
        const route = byKind(state.pending, "VirtualService");
        const [gateway] = gatewayRecording().pending;
        assert.equal(`${gateway.kind} ${gateway.namespace}/${gateway.name}`, "Gateway itest-rec-gw/recorded-gateway");
        assert.equal(secret.namespace, "itest-rec-system");
        assert.equal(route.apiVersion, "networking.istio.io/v1");
        // The Secret is on the data plane's cluster, the Istio objects on the control plane's, by their providers.
        assert.match(secret.cluster.provider, /::kubernetes$/);
        assert.match(route.cluster.provider, /::control-plane$/);
        assert.match(gateway.cluster.provider, /::control-plane$/);
        // The kubeconfigs are secrets in the state: read from the --show-secrets export only.
        assert.match(route.cluster.kubeconfig ?? "", /clusters:/);
        assert.notEqual(route.cluster.kubeconfig, secret.cluster.kubeconfig);
    });

    it("knows the objects the state holds, and where the stack has objects", () => {
        const gateway = gatewayRecording();
        assert.ok(gateway.known.has("networking.istio.io/v1 VirtualService itest-rec-gw/a.aliyun.com"));
        assert.ok(gateway.known.has("v1 Secret itest-rec-system/myexample-credential"));
        assert.ok(![...gateway.known].some((key) => key.endsWith("Gateway itest-rec-gw/recorded-gateway")));
    });

    it("clears pending operations that are not Kubernetes creates, and says why", () => {
        // The recordings have only Kubernetes creates pending: a tls create and an update are added here.
        const document = exported();
        const [key] = document.deployment.resources!.filter((r) => r.type.startsWith("tls:"));
        const [secret] = document.deployment.resources!.filter((r) => r.type === "kubernetes:core/v1:Secret");
        document.deployment.pending_operations!.push(
            { resource: key, type: "creating" },
            { resource: secret ?? key, type: "updating" },
        );
        const other = stackState(document, plaintext()).otherPending;
        assert.equal(other.length, 2);
        assert.match(other[0].why, /^tls:\S+ exists only in the state: up makes it again$/);
        assert.match(other[1].why, /^updating \S+: the refresh reads it as it is now$/);
    });

    it("looks for leftovers of every type the package makes, in each namespace the stack uses on each cluster", () => {
        const planned = listings(state);
        const controlPlane = byKind(state.pending, "VirtualService").cluster;
        const onControlPlane = planned.filter((l) => l.cluster === controlPlane);
        assert.deepEqual([...new Set(onControlPlane.map((l) => l.namespace))], ["itest-rec-gw"]);
        assert.equal(onControlPlane.length, PACKAGE_TYPES.length);
    });

    it("lists every type of object the program registers (the golden record)", () => {
        const golden = JSON.parse(fs.readFileSync(path.join(__dirname, "golden", "registered.json"), "utf8"));
        const registered = new Set<string>();
        for (const variant of Object.values(golden) as { resources: Record<string, any> }[])
            for (const [urn, inputs] of Object.entries(variant.resources)) {
                const type = urn.split("::")[2].split("$").pop()!;
                if (type.startsWith("kubernetes:") && !type.endsWith("NamespacePatch"))
                    registered.add(`${inputs.apiVersion} ${inputs.kind}`);
            }
        assert.ok(registered.size >= 8, [...registered].join(", "));
        const known = new Set(PACKAGE_TYPES.map((t) => `${t.apiVersion} ${t.kind}`));
        assert.deepEqual(
            [...registered].filter((t) => !known.has(t)),
            [],
        );
    });

    it("refuses to read a provider's kubeconfig from an export whose secrets are encrypted", () => {
        assert.throws(() => stackState(exported(), exported()), /--show-secrets/);
    });

    it("takes the stack's mark from its URNs", () => {
        assert.equal(identityOf(exported()), OURS);
    });
});

describe("recover: adopt, clear, refuse or delete", () => {
    const state = stackState(exported(), plaintext());
    const route = byKind(state.pending, "VirtualService");

    it("adopts a pending object that is there with this stack's mark, under namespace/name, with its field manager", () => {
        const decision = decidePending(route, found(route, undefined, ["pulumi-kubernetes"]), OURS);
        assert.equal(decision.action, "adopt");
        assert.equal(decision.id, `${route.namespace}/${route.name}`);
        assert.equal(decision.fieldManager, "pulumi-kubernetes");
    });

    it("clears a pending create that never reached the cluster", () => {
        const decision = decidePending(route, undefined, OURS);
        assert.equal(decision.action, "clear");
        assert.match(decision.why, /not in the cluster/);
    });

    it("refuses a same-named object made by kubectl, naming it, and says up fails with AlreadyExists", () => {
        const decision = decidePending(route, found(route, {}, ["kubectl-create"]), OURS);
        assert.equal(decision.action, "refuse");
        assert.ok(decision.why.startsWith(describeObject(route)), decision.why);
        assert.match(decision.why, /is absent/);
        assert.match(decision.why, /AlreadyExists/);
    });

    it("refuses an object marked by another stack of the same project", () => {
        const decision = decidePending(route, found(route, { [MARK]: "istio-gateway-tls/prod" }), OURS);
        assert.equal(decision.action, "refuse");
        assert.match(decision.why, /"istio-gateway-tls\/prod", not "istio-gateway-tls\/itest-recorded"/);
    });

    it("leaves the field manager out when none or several are the provider's", () => {
        assert.equal(decidePending(route, found(route, undefined, ["kubectl-edit"]), OURS).fieldManager, undefined);
        assert.equal(
            decidePending(route, found(route, undefined, ["pulumi-kubernetes-a", "pulumi-kubernetes-b"]), OURS)
                .fieldManager,
            undefined,
        );
    });

    it("clears a create of a render-mode provider: nothing was applied", () => {
        const rendered = { ...route, cluster: { ...route.cluster, rendered: true } };
        assert.equal(decidePending(rendered, found(route), OURS).action, "clear");
    });

    it("deletes an object with this stack's mark that the state neither holds nor has pending (a failed create)", () => {
        const leftover = { ...found(route), name: "lost.aliyun.com" };
        const decisions = decide(state, clusters([on(route, leftover), on(route, found(route))]), OURS);
        const deleted = decisions.filter((d) => d.action === "delete");
        assert.deepEqual(
            deleted.map((d) => d.object!.name),
            ["lost.aliyun.com"],
        );
        assert.match(deleted[0].why, /has this stack's mark but is not in its state/);
    });

    it("never deletes what another stack or kubectl made, nor what the state holds", () => {
        const held = state.pending.length === 0 ? [] : [on(route, found(route))];
        const others = [
            on(route, { ...found(route, {}, ["kubectl-create"]), name: "theirs.aliyun.com" }),
            on(route, { ...found(route, { [MARK]: "istio-gateway-tls/prod" }), name: "prod.aliyun.com" }),
        ];
        const decisions = decide(state, clusters([...held, ...others]), OURS);
        assert.deepEqual(
            decisions.filter((d) => d.action === "delete"),
            [],
        );
    });

    it("never deletes an object the state holds through another provider reaching the same cluster", () => {
        // As if the data plane's provider also used the Gateway's namespace, on the control plane's cluster:
        // it lists the VirtualService the state holds through the control plane's provider, and one leftover.
        const later = gatewayRecording();
        const secret = [...later.namespaces.keys()].find((c) => c.provider.endsWith("::kubernetes"))!;
        later.namespaces.get(secret)!.add("itest-rec-gw");
        const route = (name: string): FoundObject => ({
            apiVersion: "networking.istio.io/v1",
            kind: "VirtualService",
            namespace: "itest-rec-gw",
            name,
            annotations: { [MARK]: OURS },
            managers: ["pulumi-kubernetes"],
        });
        const listed = new Map<string, Listed>(listings(later).map((l) => [listingKey(l), []]));
        const type = { apiVersion: "networking.istio.io/v1", kind: "VirtualService" };
        listed.set(listingKey({ cluster: secret, type, namespace: "itest-rec-gw" }), [
            route("a.aliyun.com"),
            route("lost.aliyun.com"),
        ]);
        const deleted = decide(later, listed, OURS).filter((d) => d.action === "delete");
        assert.deepEqual(
            deleted.map((d) => d.object!.name),
            ["lost.aliyun.com"],
        );
    });

    it("stops when the objects a pending create could be are not readable", () => {
        const listed = clusters([]);
        for (const key of listed.keys()) listed.set(key, "forbidden");
        assert.throws(() => decide(state, listed, OURS), /not allowed to list/);
    });
});

describe("recover: the repaired state", () => {
    const state = stackState(exported(), plaintext());
    const secret = byKind(state.pending, "Secret");
    const route = byKind(state.pending, "VirtualService");
    const decisions = decide(
        state,
        clusters([on(secret, found(secret)), on(route, found(route, {}, ["kubectl-create"]))]),
        OURS,
    );
    const before = exported();
    const after = repaired(before, decisions);

    it("has no pending operations", () => {
        assert.deepEqual(after.deployment.pending_operations, []);
    });

    it("adds only the adopted object, with its ID, its create's inputs, parent and provider", () => {
        const added = after.deployment.resources!.slice(before.deployment.resources!.length);
        assert.deepEqual(
            added.map((r) => r.type),
            ["kubernetes:core/v1:Secret"],
        );
        const pending = before.deployment.pending_operations!.find(
            (op) => op.resource.type === added[0].type,
        )!.resource;
        assert.equal(added[0].id, `${pending.inputs!.metadata!.namespace}/${pending.inputs!.metadata!.name}`);
        assert.deepEqual(added[0].inputs, pending.inputs);
        assert.equal(added[0].parent, pending.parent);
        assert.equal(added[0].provider, pending.provider);
        assert.deepEqual(added[0].outputs, { __fieldManager: "pulumi-kubernetes" });
        // Its key material stays as the engine encrypted it.
        assert.doesNotMatch(JSON.stringify(added[0].inputs), /PRIVATE KEY/);
    });

    it("keeps every resource that was there, in order", () => {
        assert.deepEqual(
            after.deployment.resources!.slice(0, before.deployment.resources!.length),
            before.deployment.resources,
        );
    });
});

describe("recover: the command", () => {
    const state = stackState(exported(), plaintext());
    function fake(objects: FoundObject[], fail?: (kind: string) => boolean) {
        const calls: string[][] = [];
        const removed: string[] = [];
        let out = "";
        const answers = clusters(objects);
        const io: Io = {
            stdout: (text) => (out += text),
            stderr: (text) => (out += text),
            pulumi: (args) => {
                calls.push(args);
                if (args[0] === "stack" && args[1] === "export")
                    return JSON.stringify(args.includes("--show-secrets") ? plaintext() : exported());
                return "";
            },
            list: (listing) => {
                if (fail?.(listing.type.kind)) throw Object.assign(new Error("x"), { stderr: "connection refused\n" });
                return answers.get(listingKey(listing)) ?? [];
            },
            remove: (object) => removed.push(object.name),
        };
        return { io, calls, removed, out: () => out };
    }
    const secret = byKind(state.pending, "Secret");
    const [first, second] = state.pending.filter((o) => o.kind === "VirtualService");
    const scene = [
        on(secret, found(secret)),
        on(first, found(first)),
        on(second, found(second, {}, ["kubectl-create"])),
        on(first, { ...found(first), name: "lost.aliyun.com" }),
    ];

    it("imports the repaired state, deletes leftovers, refreshes only the adopted; a refusal exits 1, naming it", () => {
        const { io, calls, removed, out } = fake(scene);
        assert.equal(main(["--stack", "itest-recorded"], io), 1);
        assert.ok(
            calls.some((c) => c[1] === "import"),
            "no stack import",
        );
        assert.deepEqual(removed, ["lost.aliyun.com"]);
        const refresh = calls.find((c) => c[0] === "refresh")!;
        const targets = refresh.filter((_, i) => refresh[i - 1] === "--target");
        assert.deepEqual(targets.sort(), [first.urn, secret.urn].sort());
        assert.match(
            out(),
            /REFUSED: VirtualService itest-rec-gw\/b\.aliyun\.com exists but this stack did not make it/,
        );
        assert.match(out(), /2 adopted, \d+ cleared, 1 deleted, 1 refused; now: pulumi up --stack itest-recorded/);
    });

    it("with --dry-run says what it would do and changes nothing", () => {
        const { io, calls, removed, out } = fake(scene);
        assert.equal(main(["--stack", "itest-recorded", "--dry-run"], io), 1);
        assert.deepEqual(
            calls.map((c) => c.slice(0, 2).join(" ")),
            ["stack export", "stack export"],
        );
        assert.deepEqual(removed, []);
        assert.match(out(), /adopted: Secret/);
        assert.match(out(), /dry run: nothing was changed/);
    });

    it("changes nothing when a cluster cannot be read, and names it", () => {
        const { io, calls, removed, out } = fake(scene, (kind) => kind === "VirtualService");
        assert.equal(main(["--stack", "itest-recorded"], io), 2);
        assert.ok(!calls.some((c) => c[1] === "import" || c[0] === "refresh"));
        assert.deepEqual(removed, []);
        assert.match(out(), /^cannot read what the recovery needs; nothing was changed:$/m);
        assert.match(out(), /^ {2}VirtualService in itest-rec-gw \(\S+::control-plane\): connection refused$/m);
    });

    it("says there is nothing to recover when nothing is pending or left over", () => {
        const settled = exported();
        settled.deployment.pending_operations = [];
        let out = "";
        const code = main(["--stack", "s"], {
            stdout: (t) => (out += t),
            stderr: (t) => (out += t),
            pulumi: (args) =>
                JSON.stringify(
                    args.includes("--show-secrets")
                        ? { ...plaintext(), deployment: { ...plaintext().deployment, pending_operations: [] } }
                        : settled,
                ),
            list: () => [],
            remove: () => assert.fail("removed"),
        });
        assert.equal(code, 0);
        assert.match(out, /nothing to recover/);
    });

    it("names resource types as kubectl takes them unambiguously", () => {
        assert.equal(kubectlType("v1", "Secret"), "Secret");
        assert.equal(kubectlType("networking.istio.io/v1", "VirtualService"), "VirtualService.v1.networking.istio.io");
    });
});
