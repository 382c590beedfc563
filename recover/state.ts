// What a stack's state says, for the recovery: its pending operations, the objects it knows on each cluster,
// and how to reach each cluster. Pure: it reads `pulumi stack export` documents.

/** A resource as `pulumi stack export` writes it (the fields read here; the rest is kept as it is). */
export interface StateResource {
    urn: string;
    type: string;
    custom?: boolean;
    id?: string;
    inputs?: {
        apiVersion?: string;
        kind?: string;
        metadata?: { name?: string; namespace?: string };
        [field: string]: unknown;
    };
    outputs?: Record<string, unknown>;
    provider?: string;
    [field: string]: unknown;
}

export interface PendingOperation {
    resource: StateResource;
    /** `creating`, `updating`, `deleting`, `reading`, `importing`. */
    type: string;
}

/** A `pulumi stack export` document. */
export interface Exported {
    version: number;
    deployment: {
        resources?: StateResource[];
        pending_operations?: PendingOperation[];
        [field: string]: unknown;
    };
}

/** The cluster a provider reaches, as kubectl is told to reach it. */
export interface ClusterAccess {
    /** The provider's URN, which names the cluster in what is printed. */
    provider: string;
    /** The provider's kubeconfig: its contents, or a path; unset means kubectl's own ($KUBECONFIG). */
    kubeconfig?: string;
    context?: string;
    /** A provider with renderYamlToDirectory applies nothing. */
    rendered: boolean;
}

/** An object type: `apiVersion` and `kind`. */
export interface ObjectType {
    apiVersion: string;
    kind: string;
}

/** A Kubernetes object the state names, on its provider's cluster. */
export interface StateObject extends ObjectType {
    urn: string;
    namespace: string;
    name: string;
    cluster: ClusterAccess;
}

/** Every type of object this package creates (not the namespace it only patches). */
export const PACKAGE_TYPES: readonly ObjectType[] = [
    { apiVersion: "v1", kind: "Secret" },
    { apiVersion: "networking.istio.io/v1", kind: "Gateway" },
    { apiVersion: "networking.istio.io/v1", kind: "VirtualService" },
    { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway" },
    { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute" },
    { apiVersion: "gateway.networking.k8s.io/v1beta1", kind: "ReferenceGrant" },
    { apiVersion: "apps/v1", kind: "Deployment" },
    { apiVersion: "v1", kind: "Service" },
    { apiVersion: "v1", kind: "ConfigMap" },
    { apiVersion: "v1", kind: "ServiceAccount" },
];

/** `Kind namespace/name`, as printed. */
export function describe(object: Pick<StateObject, "kind" | "namespace" | "name">): string {
    return `${object.kind} ${object.namespace}/${object.name}`;
}

/**
 * One key per object identity, whatever the provider: two providers of a stack may reach one cluster (a
 * control plane given as the data plane's own context), and an object the state holds through either is
 * never taken for a leftover.
 */
export function objectKey(object: Omit<StateObject, "urn" | "cluster">): string {
    return `${object.apiVersion} ${object.kind} ${object.namespace}/${object.name}`;
}

const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

/** A value of `stack export --show-secrets`, with a secret's envelope opened. */
function plain(value: unknown): unknown {
    if (value && typeof value === "object" && (value as Record<string, unknown>)[SECRET_SIGNATURE] !== undefined) {
        const text = (value as { plaintext?: string }).plaintext;
        if (text === undefined) throw new Error("a secret is encrypted: export the stack with --show-secrets");
        return JSON.parse(text);
    }
    return value;
}

/** How to reach the cluster of each kubernetes provider in the state (read from the `--show-secrets` export). */
export function clusterAccess(plaintext: Exported): Map<string, ClusterAccess> {
    const access = new Map<string, ClusterAccess>();
    for (const resource of plaintext.deployment.resources ?? []) {
        if (resource.type !== "pulumi:providers:kubernetes") continue;
        const inputs = resource.inputs ?? {};
        const kubeconfig = plain(inputs.kubeconfig);
        const context = plain(inputs.context);
        const render = plain(inputs.renderYamlToDirectory);
        access.set(resource.urn, {
            provider: resource.urn,
            ...(typeof kubeconfig === "string" && kubeconfig !== "" && { kubeconfig }),
            ...(typeof context === "string" && context !== "" && { context }),
            rendered: typeof render === "string" && render !== "",
        });
    }
    return access;
}

/** The Kubernetes object a state resource stands for, on its provider's cluster; undefined for others. */
function objectOf(resource: StateResource, clusters: Map<string, ClusterAccess>): StateObject | undefined {
    if (!resource.type.startsWith("kubernetes:") || resource.type.startsWith("kubernetes:core/v1:NamespacePatch"))
        return undefined;
    const reference = resource.provider ?? "";
    // A provider reference is `<provider urn>::<provider id>`.
    const cluster = clusters.get(reference.slice(0, reference.lastIndexOf("::")));
    if (!cluster) throw new Error(`${resource.urn}: its provider ${reference} is not in the state`);
    const inputs = resource.inputs ?? {};
    return {
        urn: resource.urn,
        apiVersion: inputs.apiVersion ?? "",
        kind: inputs.kind ?? "",
        // The program names every object's namespace; "default" is the API server's own default.
        namespace: inputs.metadata?.namespace ?? "default",
        name: inputs.metadata?.name ?? "",
        cluster,
    };
}

/** What the recovery works from. */
export interface StackState {
    /** Kubernetes objects whose create was in flight when the update stopped. */
    pending: StateObject[];
    /** Other pending operations, with what becomes of them when they are cleared. */
    otherPending: { urn: string; why: string }[];
    /** Keys (objectKey) of the objects the state holds. */
    known: Set<string>;
    /** Per cluster, the namespaces the stack has objects in: where its leftovers can be. */
    namespaces: Map<ClusterAccess, Set<string>>;
}

export function stackState(exported: Exported, plaintext: Exported): StackState {
    const clusters = clusterAccess(plaintext);
    const state: StackState = { pending: [], otherPending: [], known: new Set(), namespaces: new Map() };
    const place = (object: StateObject) => {
        if (!state.namespaces.has(object.cluster)) state.namespaces.set(object.cluster, new Set());
        state.namespaces.get(object.cluster)!.add(object.namespace);
    };
    for (const resource of exported.deployment.resources ?? []) {
        const object = objectOf(resource, clusters);
        if (!object) continue;
        state.known.add(objectKey(object));
        place(object);
    }
    for (const { resource, type } of exported.deployment.pending_operations ?? []) {
        const object = type === "creating" ? objectOf(resource, clusters) : undefined;
        if (object) {
            state.pending.push(object);
            place(object);
        } else {
            state.otherPending.push({
                urn: resource.urn,
                why:
                    type !== "creating"
                        ? `${type} ${resource.type}: the refresh reads it as it is now`
                        : `${resource.type} exists only in the state: up makes it again`,
            });
        }
    }
    return state;
}
