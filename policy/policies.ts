// Mandatory rules on the resources themselves (not on stack config), so they hold wherever the resources
// come from: this program, the SecureIngress component in another program, or hand-written objects.
// Self-contained on purpose: `pulumi policy publish` packs only this folder. What counts as a credential the
// stack provides, and the names the component writes, come from shared.ts: generated from the component's own
// definition (domain/credentials.ts), so the two cannot drift apart.

import type {
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import {
    DEFAULT_WORKLOAD_NAMESPACE,
    EXTERNAL_CREDENTIALS_ANNOTATION,
    PART_OF_LABEL,
    type ProvidedCredential,
    RESERVED_SECRET_PREFIXES,
    SECRET_RESOURCE_TYPE as SECRET_TYPE,
    TLS_SECRET_TYPE,
    WORKLOAD_NAMESPACE_ANNOTATION,
    providedCredentials,
} from "./shared";

const ISTIO_VERSIONS = ["v1", "v1beta1", "v1alpha3"];
const GATEWAY_TYPES = new Set(ISTIO_VERSIONS.map((v) => `kubernetes:networking.istio.io/${v}:Gateway`));
const VIRTUAL_SERVICE_TYPES = new Set(ISTIO_VERSIONS.map((v) => `kubernetes:networking.istio.io/${v}:VirtualService`));
/** TLS modes where the gateway terminates TLS with a credential of its own. */
const CREDENTIAL_MODES = new Set(["SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL"]);
const BELOW_TLS_1_2 = new Set(["TLSV1_0", "TLSV1_1"]);

type Props = Record<string, any>;

function objectName(props: Props): string {
    return `${props.metadata?.namespace ?? "default"}/${props.metadata?.name ?? "?"}`;
}

/** Names a server for messages: its port and hosts. */
function serverLabel(server: Props, index: number): string {
    return `servers[${index}] (port ${server?.port?.number ?? "?"}, hosts ${JSON.stringify(server?.hosts ?? [])})`;
}

function credentialNamesOf(server: Props): string[] {
    const tls = server?.tls;
    if (!tls || (tls.mode !== undefined && !CREDENTIAL_MODES.has(tls.mode))) return [];
    const names = [tls.credentialName, ...(Array.isArray(tls.credentialNames) ? tls.credentialNames : [])];
    // Unknown during preview (not yet a string): nothing to check yet.
    return names.filter((name): name is string => typeof name === "string");
}

/** The Secrets a Gateway's annotation lists as managed elsewhere (`external`): not the stack's to provide. */
function externalCredentialsOf(props: Props): Set<string> {
    const listed = String(props.metadata?.annotations?.[EXTERNAL_CREDENTIALS_ANNOTATION] ?? "");
    return new Set(listed.split(",").filter((name) => name !== ""));
}

/** How a provided credential is named in a message: `Secret ns/name`, or the Certificate that issues into it. */
function providerLabel(credential: ProvidedCredential): string {
    const where = `${credential.namespace}/${credential.name}`;
    return credential.by === "Secret" ? `Secret ${where}` : `Secret ${where} (issued by a cert-manager Certificate)`;
}

function isManagedTlsSecret(props: Props): boolean {
    return props.type === TLS_SECRET_TYPE || props.metadata?.labels?.[PART_OF_LABEL[0]] === PART_OF_LABEL[1];
}

function secretKeys(props: Props): string[] {
    return [...Object.keys(props.data ?? {}), ...Object.keys(props.stringData ?? {})];
}

/** Istio's host matching of a VirtualService host against a Gateway server host (`ns/` prefix allowed). */
export function gatewayHostServes(serverHost: string, host: string): boolean {
    const bare = serverHost.includes("/") ? serverHost.slice(serverHost.indexOf("/") + 1) : serverHost;
    if (bare === "*" || bare === host) return true;
    if (bare.startsWith("*.")) {
        const suffix = bare.slice(1);
        return host.endsWith(suffix) || (host.startsWith("*.") && host.slice(1).endsWith(suffix));
    }
    return false;
}

export const gatewayCredentialManaged: StackValidationPolicy = {
    name: "gateway-credential-secret-managed",
    description:
        "Every Gateway server that terminates TLS with credentialName references a kubernetes.io/tls Secret that this stack provides in the gateway workload's namespace (a Secret it manages, or a cert-manager Certificate's), or one it lists as managed elsewhere.",
    enforcementLevel: "mandatory",
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
        const provided = providedCredentials(args.resources);
        for (const gateway of args.resources.filter((r) => GATEWAY_TYPES.has(r.type))) {
            const annotations = gateway.props.metadata?.annotations ?? {};
            const workloadNamespace: string = annotations[WORKLOAD_NAMESPACE_ANNOTATION] ?? DEFAULT_WORKLOAD_NAMESPACE;
            const external = externalCredentialsOf(gateway.props);
            (gateway.props.spec?.servers ?? []).forEach((server: Props, i: number) => {
                for (const credential of credentialNamesOf(server)) {
                    if (external.has(credential)) continue;
                    const sameName = provided.filter((p) => p.name === credential);
                    const here = sameName.filter((p) => p.namespace === workloadNamespace);
                    if (here.some((p) => p.secretType === TLS_SECRET_TYPE)) continue;
                    const elsewhere = sameName.map(providerLabel).join(", ");
                    const why =
                        here.length > 0
                            ? `it has type ${JSON.stringify(here[0].secretType)}, not ${TLS_SECRET_TYPE}`
                            : elsewhere
                              ? `this stack has it only as ${elsewhere}; istiod reads credentials from the gateway workload's namespace`
                              : "this stack provides no such Secret";
                    report(
                        `Gateway ${objectName(gateway.props)} ${serverLabel(server, i)} uses credentialName "${credential}", ` +
                            `but ${why}. Manage a ${TLS_SECRET_TYPE} Secret "${credential}" in namespace "${workloadNamespace}", ` +
                            `have a cert-manager Certificate issue into it, or list it in the Gateway's ${EXTERNAL_CREDENTIALS_ANNOTATION} annotation.`,
                        gateway.urn,
                    );
                }
            });
        }
    },
};

export const tlsSecretKeys: ResourceValidationPolicy = {
    name: "tls-secret-keys",
    description: "Managed TLS secrets have tls.crt and tls.key, and no token key (ASM).",
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type !== SECRET_TYPE || !isManagedTlsSecret(args.props)) return;
        const keys = secretKeys(args.props);
        const missing = ["tls.crt", "tls.key"].filter((k) => !keys.includes(k));
        if (missing.length > 0) {
            report(
                `Secret ${objectName(args.props)} lacks ${missing.join(" and ")}; a gateway credential needs tls.crt and tls.key.`,
            );
        }
        if (keys.includes("token")) {
            report(
                `Secret ${objectName(args.props)} has a "token" key, which ASM does not allow in gateway credentials; remove it.`,
            );
        }
    },
};

export const gatewayMinTls12: ResourceValidationPolicy = {
    name: "gateway-tls-min-1-2",
    description: "Gateway servers never allow TLS below 1.2.",
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (!GATEWAY_TYPES.has(args.type)) return;
        (args.props.spec?.servers ?? []).forEach((server: Props, i: number) => {
            for (const field of ["minProtocolVersion", "maxProtocolVersion"]) {
                const version = server?.tls?.[field];
                if (BELOW_TLS_1_2.has(version)) {
                    report(
                        `Gateway ${objectName(args.props)} ${serverLabel(server, i)} sets tls.${field}: ${version}; use TLSV1_2 or TLSV1_3.`,
                    );
                }
            }
        });
    },
};

export const virtualServiceHostsServed: StackValidationPolicy = {
    name: "virtualservice-hosts-served",
    description:
        "Every VirtualService bound to a Gateway of this stack has only hosts that the Gateway serves (istioctl IST0132).",
    enforcementLevel: "mandatory",
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
        const gateways = new Map<string, PolicyResource>();
        for (const g of args.resources.filter((r) => GATEWAY_TYPES.has(r.type))) gateways.set(objectName(g.props), g);
        for (const vs of args.resources.filter((r) => VIRTUAL_SERVICE_TYPES.has(r.type))) {
            const namespace = vs.props.metadata?.namespace ?? "default";
            for (const ref of vs.props.spec?.gateways ?? []) {
                if (typeof ref !== "string" || ref === "mesh") continue;
                const gateway = gateways.get(ref.includes("/") ? ref : `${namespace}/${ref}`);
                if (!gateway) continue;
                const served: string[] = (gateway.props.spec?.servers ?? []).flatMap((s: Props) => s?.hosts ?? []);
                for (const host of vs.props.spec?.hosts ?? []) {
                    if (typeof host === "string" && !served.some((h) => gatewayHostServes(h, host))) {
                        report(
                            `VirtualService ${objectName(vs.props)} routes host "${host}" through Gateway ${objectName(gateway.props)}, ` +
                                `which serves only ${JSON.stringify(served)}; add the host to a Gateway server or remove it from the VirtualService.`,
                            vs.urn,
                        );
                    }
                }
            }
        }
    },
};

export const secretNameNotReserved: ResourceValidationPolicy = {
    name: "secret-name-not-reserved",
    description: "No Secret name starts with istio or prometheus (ASM reserves them).",
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type !== SECRET_TYPE) return;
        const name = args.props.metadata?.name;
        const prefix = typeof name === "string" ? RESERVED_SECRET_PREFIXES.find((p) => name.startsWith(p)) : undefined;
        if (prefix) report(`Secret ${objectName(args.props)} starts with "${prefix}", which ASM reserves; rename it.`);
    },
};

const K8S_GATEWAY_TYPE = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
const HTTP_ROUTE_TYPE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
const REFERENCE_GRANT_TYPES = new Set(
    ["v1", "v1beta1"].map((v) => `kubernetes:gateway.networking.k8s.io/${v}:ReferenceGrant`),
);

/** Whether a ReferenceGrant in `namespace` lets Gateways in `from` reference Secrets there. */
function secretGranted(resources: PolicyResource[], namespace: string, from: string): boolean {
    return resources.some(
        (r) =>
            REFERENCE_GRANT_TYPES.has(r.type) &&
            (r.props.metadata?.namespace ?? "default") === namespace &&
            (r.props.spec?.from ?? []).some((f: Props) => f?.kind === "Gateway" && f?.namespace === from) &&
            (r.props.spec?.to ?? []).some((t: Props) => t?.kind === "Secret" && (t?.group ?? "") === ""),
    );
}

export const gatewayApiCertificateRefsManaged: StackValidationPolicy = {
    name: "gateway-api-certificate-refs-managed",
    description:
        "Every HTTPS listener of a Gateway API Gateway references kubernetes.io/tls Secrets that this stack provides (a managed Secret, or a cert-manager Certificate's) and that the Gateway may read: in its own namespace, or granted by a ReferenceGrant.",
    enforcementLevel: "mandatory",
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
        const managedSecrets = args.resources.filter((r) => r.type !== SECRET_TYPE || isManagedTlsSecret(r.props));
        const provided = providedCredentials(managedSecrets).filter((p) => p.secretType === TLS_SECRET_TYPE);
        for (const gateway of args.resources.filter((r) => r.type === K8S_GATEWAY_TYPE)) {
            const gatewayNamespace = gateway.props.metadata?.namespace ?? "default";
            const external = externalCredentialsOf(gateway.props);
            for (const listener of gateway.props.spec?.listeners ?? []) {
                if (listener?.protocol !== "HTTPS") continue;
                for (const ref of listener?.tls?.certificateRefs ?? []) {
                    // Unknown during preview (not yet a string): nothing to check yet.
                    if (typeof ref?.name !== "string" || (ref.kind ?? "Secret") !== "Secret") continue;
                    const namespace = ref.namespace ?? gatewayNamespace;
                    if (namespace === gatewayNamespace && external.has(ref.name)) continue;
                    const managed = provided.some((p) => p.name === ref.name && p.namespace === namespace);
                    const readable =
                        namespace === gatewayNamespace || secretGranted(args.resources, namespace, gatewayNamespace);
                    if (!managed || !readable) {
                        const why = !managed
                            ? "this stack provides no such kubernetes.io/tls Secret"
                            : "no ReferenceGrant there lets the Gateway read it";
                        report(
                            `Gateway ${objectName(gateway.props)} listener "${listener.name}" references Secret ${namespace}/${ref.name}, but ${why}. ` +
                                `Manage the Secret in namespace "${gatewayNamespace}", or have a cert-manager Certificate there issue into it.`,
                            gateway.urn,
                        );
                    }
                }
            }
        }
    },
};

/** Gateway API hostname matching: a listener hostname (exact or `*.` wildcard) against a route hostname. */
function listenerHostServes(listenerHost: string | undefined, host: string): boolean {
    if (listenerHost === undefined || listenerHost === host) return true;
    return (
        listenerHost.startsWith("*.") && host.endsWith(listenerHost.slice(1)) && host.length > listenerHost.length - 1
    );
}

export const httpRouteHostnamesServed: StackValidationPolicy = {
    name: "httproute-hostnames-served",
    description:
        "Every HTTPRoute hostname is served by the listener (sectionName) of its parent Gateway in this stack.",
    enforcementLevel: "mandatory",
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
        const gateways = new Map(
            args.resources.filter((r) => r.type === K8S_GATEWAY_TYPE).map((g) => [objectName(g.props), g]),
        );
        for (const route of args.resources.filter((r) => r.type === HTTP_ROUTE_TYPE)) {
            const routeNamespace = route.props.metadata?.namespace ?? "default";
            for (const parent of route.props.spec?.parentRefs ?? []) {
                const gateway = gateways.get(`${parent?.namespace ?? routeNamespace}/${parent?.name}`);
                if (!gateway) continue;
                const listeners: Props[] = (gateway.props.spec?.listeners ?? []).filter(
                    (l: Props) => parent.sectionName === undefined || l?.name === parent.sectionName,
                );
                for (const host of route.props.spec?.hostnames ?? []) {
                    if (typeof host === "string" && !listeners.some((l) => listenerHostServes(l?.hostname, host))) {
                        report(
                            `HTTPRoute ${objectName(route.props)} routes hostname "${host}" through Gateway ${objectName(gateway.props)}` +
                                `${parent.sectionName ? ` listener "${parent.sectionName}"` : ""}, which does not serve it; attach it to a listener whose hostname covers it.`,
                            route.urn,
                        );
                    }
                }
            }
        }
    },
};

export const policies = [
    gatewayCredentialManaged,
    tlsSecretKeys,
    gatewayMinTls12,
    virtualServiceHostsServed,
    secretNameNotReserved,
    gatewayApiCertificateRefsManaged,
    httpRouteHostnamesServed,
];
