// Hosts delegated to application teams' namespaces: which namespace a host belongs to, the Istio server hosts
// that let only that namespace bind it, and the API server's admission policy (CEL) that refuses a route bound
// to the gateway for a host not delegated to its namespace. Pure: the component, the rules, AppRoutes and the
// tests share these.

import { hostCovers } from "./hosts";

/** The hosts one namespace may route on the platform's gateway. */
export interface Delegation {
    readonly namespace: string;
    readonly hosts: readonly string[];
}

/** The namespace a host is delegated to (a delegated host equal to it, or a wildcard over it), if any. */
export function delegateOf(host: string, delegations: readonly Delegation[]): string | undefined {
    return delegations.find((d) => d.hosts.some((delegated) => hostCovers(delegated, host)))?.namespace;
}

/** The namespace a certificate host is itself delegated to (listed as it is), if any. */
export function listedDelegate(host: string, delegations: readonly Delegation[]): string | undefined {
    return delegations.find((d) => d.hosts.includes(host))?.namespace;
}

/**
 * The delegated hosts a server's hosts cover without listing them (`shop.example.com` under `*.example.com`):
 * each needs a server host, or a listener, of its own for its delegate.
 */
export function coveredDelegations(hosts: readonly string[], delegations: readonly Delegation[]) {
    return delegations.flatMap((d) =>
        d.hosts
            .filter((host) => !hosts.includes(host) && hosts.some((certHost) => hostCovers(certHost, host)))
            .map((host) => ({ namespace: d.namespace, host })),
    );
}

/**
 * An Istio Gateway server's hosts as `namespace/host`: each certificate host for the platform's own namespace
 * (or, when it is itself delegated, for its delegate only), then each delegated host it covers for its delegate.
 * A VirtualService in any other namespace cannot bind to the server for those hosts.
 */
export function serverHosts(hosts: readonly string[], platformNamespace: string, delegations: readonly Delegation[]) {
    const own = hosts.map((host) => `${listedDelegate(host, delegations) ?? platformNamespace}/${host}`);
    const delegated = coveredDelegations(hosts, delegations).map(({ namespace, host }) => `${namespace}/${host}`);
    return [...own, ...delegated];
}

/** The label every namespace carries with its own name: what a listener's allowedRoutes selects on. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** A Gateway API listener's allowedRoutes for one delegate's namespace. */
export function allowedRoutes(namespace: string) {
    return {
        namespaces: {
            from: "Selector",
            selector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: "In", values: [namespace] }] },
        },
    };
}

const literal = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** CEL: whether host `h` is covered by delegated host `d` (equal, or `*.` spanning exactly one label). */
const COVERS =
    "(h == d || (d.startsWith('*.') && !h.startsWith('*.') && h.endsWith(d.substring(1)) && " +
    "size(h) > size(d) - 1 && !h.substring(0, size(h) - size(d) + 1).contains('.')))";

export interface AdmissionTarget {
    /** The Gateway the routes bind to. */
    readonly gateway: { readonly name: string; readonly namespace: string };
    readonly delegations: readonly Delegation[];
}

/**
 * The ValidatingAdmissionPolicy's CEL: variables, the condition that a VirtualService or HTTPRoute binds to
 * this Gateway, and the validation with a message naming each refused host and the namespace it belongs to.
 */
export function admissionCel({ gateway, delegations }: AdmissionTarget) {
    const map = `{${delegations.map((d) => `${literal(d.namespace)}: [${d.hosts.map(literal).join(", ")}]`).join(", ")}}`;
    const full = literal(`${gateway.namespace}/${gateway.name}`);
    const variables = [
        { name: "delegations", expression: map },
        {
            name: "hosts",
            expression:
                "object.kind == 'VirtualService' ? (has(object.spec.hosts) ? object.spec.hosts : []) : " +
                "(has(object.spec.hostnames) ? object.spec.hostnames : [])",
        },
        {
            name: "mine",
            expression: `request.namespace in variables.delegations ? variables.delegations[request.namespace] : []`,
        },
        {
            name: "refused",
            expression: `variables.hosts.filter(h, !variables.mine.exists(d, ${COVERS}))`,
        },
    ];
    const bound =
        "object.kind == 'VirtualService' ? " +
        `(has(object.spec.gateways) && object.spec.gateways.exists(g, g == ${full} || (g == ${literal(gateway.name)} && request.namespace == ${literal(gateway.namespace)}))) : ` +
        `(has(object.spec.parentRefs) && object.spec.parentRefs.exists(p, p.name == ${literal(gateway.name)} && ` +
        `(has(p.namespace) ? p.namespace : request.namespace) == ${literal(gateway.namespace)} && (!has(p.kind) || p.kind == 'Gateway')))`;
    const owner = `variables.delegations.filter(ns, variables.delegations[ns].exists(d, ${COVERS}))`;
    return {
        variables,
        matchCondition: bound,
        validation: {
            expression: "size(variables.refused) == 0",
            messageExpression:
                `variables.refused.map(h, 'host ' + h + ' is ' + (size(${owner}) > 0 ? 'delegated to namespace ' + ${owner}[0] : 'delegated to no namespace') + ', not to ' + request.namespace).join('; ') + ` +
                `' (gateway ${gateway.namespace}/${gateway.name}; ask its platform stack to delegate the host)'`,
        },
    };
}

/** The policy's and its binding's name: cluster-scoped, so it carries the Gateway's namespace and name. */
export const policyName = (gateway: AdmissionTarget["gateway"]) =>
    `istio-gateway-tls.${gateway.namespace}.${gateway.name}.hosts`;

/**
 * The ValidatingAdmissionPolicy and its binding (admissionregistration.k8s.io/v1): VirtualServices and
 * HTTPRoutes created or updated outside the Gateway's namespace and bound to it are refused unless each of
 * their hosts is delegated to their namespace.
 */
export function admissionObjects(target: AdmissionTarget) {
    const cel = admissionCel(target);
    const name = policyName(target.gateway);
    const rule = (group: string, resource: string) => ({
        apiGroups: [group],
        apiVersions: ["*"],
        operations: ["CREATE", "UPDATE"],
        resources: [resource],
    });
    return {
        policy: {
            metadata: { name },
            spec: {
                failurePolicy: "Fail",
                matchConstraints: {
                    resourceRules: [
                        rule("networking.istio.io", "virtualservices"),
                        rule("gateway.networking.k8s.io", "httproutes"),
                    ],
                },
                matchConditions: [{ name: "bound-to-gateway", expression: cel.matchCondition }],
                variables: cel.variables,
                validations: [{ ...cel.validation, reason: "Forbidden" }],
            },
        },
        binding: {
            metadata: { name },
            spec: {
                policyName: name,
                validationActions: ["Deny"],
                matchResources: {
                    namespaceSelector: {
                        matchExpressions: [
                            { key: NAMESPACE_NAME_LABEL, operator: "NotIn", values: [target.gateway.namespace] },
                        ],
                    },
                },
            },
        },
    };
}
