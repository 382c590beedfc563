// What to do with each thing an interrupted `up` left, and the state to import after. Pure.
//
// Since kubernetes provider 4.29 a create no longer adopts an existing object. So an object whose create
// reached the API server while its answer was lost is unknown to the state and blocks the next `up` with
// AlreadyExists. Two cases, both seen on a real engine (CLI 3.274.1, provider 4.32.0):
// - the CLI died (SIGKILL) with the create in flight: the state keeps it as a pending create. It is adopted
//   when the object is there with this stack's mark (domain/ownership.ts), cleared when it is not there,
//   and refused (cleared, and named) when a same-named object belongs to someone else;
// - the create failed on a cut connection (the API server gone): the engine records a failed create and
//   keeps no pending operation. The object is found by its mark, in the namespaces the stack uses, and
//   deleted: nothing in the state refers to it, and the next `up` makes it again under the state's control.

import { STACK_ANNOTATION, stackIdentity, urnStack } from "../domain/ownership";
import {
    type ClusterAccess,
    type Exported,
    type ObjectType,
    PACKAGE_TYPES,
    type StackState,
    type StateObject,
    describe,
    objectKey,
} from "./state";

/** An object a cluster holds, as far as the decisions need it. */
export interface FoundObject extends ObjectType {
    namespace: string;
    name: string;
    annotations: Record<string, string>;
    /** `metadata.managedFields[].manager`. */
    managers: string[];
}

/** One list of a type in a namespace on a cluster. */
export interface Listing {
    cluster: ClusterAccess;
    type: ObjectType;
    namespace: string;
}

/** What a listing found: the objects, or that the deployer may not list them there. */
export type Listed = FoundObject[] | "forbidden";

export type Action = "adopt" | "clear" | "refuse" | "delete";

export interface Decision {
    action: Action;
    /** One line for the user: the object and why. */
    why: string;
    /** The pending operation's resource (not for `delete`). */
    urn?: string;
    /** With `adopt`: the state ID, `<namespace>/<name>`. */
    id?: string;
    /** With `adopt`: the field manager the provider created the object with, so its updates stay its own. */
    fieldManager?: string;
    /** With `delete`: the object and its cluster. */
    object?: FoundObject & { cluster: ClusterAccess };
}

/** Every list the recovery reads: each type this package makes, in each namespace the stack uses, per cluster. */
export function listings(state: StackState): Listing[] {
    return [...state.namespaces].flatMap(([cluster, namespaces]) =>
        cluster.rendered
            ? []
            : [...namespaces]
                  .sort()
                  .flatMap((namespace) => PACKAGE_TYPES.map((type) => ({ cluster, type, namespace }))),
    );
}

export const listingKey = (listing: Listing) =>
    `${listing.cluster.provider} ${listing.type.apiVersion} ${listing.type.kind} ${listing.namespace}`;

/** The stack's mark, from the URNs of its state: `<project>/<stack>`. */
export function identityOf(exported: Exported): string {
    const any = exported.deployment.resources?.[0] ?? exported.deployment.pending_operations?.[0]?.resource;
    if (!any) throw new Error("the state is empty");
    const { project, stack } = urnStack(any.urn);
    return stackIdentity(project, stack);
}

/** Adopt, clear or refuse one pending create, given what its cluster holds under that name. */
export function decidePending(object: StateObject, found: FoundObject | undefined, identity: string): Decision {
    const { urn } = object;
    if (object.cluster.rendered)
        return { urn, action: "clear", why: `${describe(object)}: render mode applies nothing` };
    if (found === undefined)
        return { urn, action: "clear", why: `${describe(object)} is not in the cluster: the create never reached it` };
    const mark = found.annotations[STACK_ANNOTATION];
    if (mark !== identity) {
        return {
            urn,
            action: "refuse",
            why:
                `${describe(object)} exists but this stack did not make it (${STACK_ANNOTATION} is ` +
                `${mark === undefined ? "absent" : `"${mark}"`}, not "${identity}"): not adopted. Delete or rename ` +
                "that object, or drop it from config; until then up fails with AlreadyExists",
        };
    }
    const made = found.managers.filter((manager) => manager.startsWith("pulumi-kubernetes"));
    return {
        urn,
        action: "adopt",
        id: `${object.namespace}/${object.name}`,
        ...(made.length === 1 && { fieldManager: made[0] }),
        why: `${describe(object)} is in the cluster with this stack's mark: adopted into the state`,
    };
}

/**
 * Every decision: each pending operation, and each object with this stack's mark that the state neither
 * holds nor has pending. A listing the deployer may not read is an error only where a pending object is.
 */
export function decide(state: StackState, listed: Map<string, Listed>, identity: string): Decision[] {
    const decisions: Decision[] = state.otherPending.map(({ urn, why }) => ({ urn, action: "clear", why }));
    const pendingKeys = new Set(state.pending.map((object) => objectKey(object)));
    for (const object of state.pending) {
        const items = listed.get(listingKey({ cluster: object.cluster, type: object, namespace: object.namespace }));
        if (items === "forbidden") throw new Error(`${describe(object)}: not allowed to list its kind there`);
        decisions.push(
            decidePending(
                object,
                items?.find((item) => item.name === object.name),
                identity,
            ),
        );
    }
    for (const listing of listings(state)) {
        const items = listed.get(listingKey(listing));
        if (items === undefined || items === "forbidden") continue;
        for (const item of items) {
            const key = objectKey(item);
            if (item.annotations[STACK_ANNOTATION] !== identity || state.known.has(key) || pendingKeys.has(key))
                continue;
            decisions.push({
                action: "delete",
                object: { ...item, cluster: listing.cluster },
                why:
                    `${describe(item)} has this stack's mark but is not in its state (its create failed after ` +
                    "reaching the API server): deleted, and up makes it again",
            });
        }
    }
    return decisions;
}

/**
 * The document to `stack import`: no pending operations, and each adopted object added as a resource with
 * the inputs its create was given. The refresh that follows reads its live state into the outputs.
 */
export function repaired(exported: Exported, decisions: Decision[]): Exported {
    const byUrn = new Map(decisions.filter((d) => d.urn !== undefined).map((d) => [d.urn!, d]));
    const adopted = (exported.deployment.pending_operations ?? []).flatMap(({ resource, type }) => {
        const decision = byUrn.get(resource.urn);
        if (type !== "creating" || decision?.action !== "adopt") return [];
        return [
            {
                ...resource,
                custom: true,
                id: decision.id,
                outputs: decision.fieldManager === undefined ? {} : { __fieldManager: decision.fieldManager },
            },
        ];
    });
    // A pending create's parent and provider are in the state already, and nothing in it depends on an
    // object whose create never finished, so appending keeps the order the engine requires.
    return {
        ...exported,
        deployment: {
            ...exported.deployment,
            resources: [...(exported.deployment.resources ?? []), ...adopted],
            pending_operations: [],
        },
    };
}
