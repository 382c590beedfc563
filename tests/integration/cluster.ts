// Reading a test cluster back with @kubernetes/client-node (ESM-only, hence the dynamic imports).

import { PROJECT } from "../../config/load";
import { STACK_ANNOTATION } from "../../domain/ownership";
import { importUntyped } from "../esm";

/** The fields of a Secret the suite reads. */
interface V1Secret {
    type?: string;
    data?: Record<string, string>;
}

const MANAGED = "app.kubernetes.io/part-of=istio-gateway-tls";
/** The sample apps' object types (apiVersion, kind). */
const SAMPLE_APP_TYPES = [
    ["apps/v1", "Deployment"],
    ["v1", "Service"],
    ["v1", "ConfigMap"],
    ["v1", "ServiceAccount"],
] as const;

export interface Cluster {
    /** A secret, or undefined when there is none. */
    secret(namespace: string, name: string): Promise<V1Secret | undefined>;
    /** Names of this project's managed secrets in a namespace, sorted. */
    secretNames(namespace: string): Promise<string[]>;
    /** The names of the networking.istio.io/v1 objects of a kind in a namespace, sorted. */
    istioNames(plural: string, namespace: string): Promise<string[]>;
    /** A networking.istio.io/v1 object (`gateways`, `virtualservices`), or undefined. */
    istio(plural: string, namespace: string, name: string): Promise<any | undefined>;
    /** A gateway.networking.k8s.io/v1 object (`gateways`, `httproutes`), or undefined. */
    gatewayApi(plural: string, namespace: string, name: string): Promise<any | undefined>;
    /** Whether the API server serves a CRD. */
    hasCrd(name: string): Promise<boolean>;
    ensureNamespace(name: string): Promise<void>;
    /**
     * Deletes this project's secrets, every Istio Gateway and VirtualService, and the sample apps of the
     * suite's own stacks in the given namespaces: what an interrupted run left.
     */
    deleteLeftovers(namespaces: string[]): Promise<void>;
    hasReadyNode(): Promise<boolean>;
    /** Server-side apply with dryRun=All: what `kubectl apply --dry-run=server` does. Throws what the API server says. */
    applyDryRun(manifest: any): Promise<void>;
    /** Server-side apply, as the suite's own field manager. */
    apply(manifest: any): Promise<void>;
    /** An object by apiVersion, kind, namespace and name, or undefined. */
    read(apiVersion: string, kind: string, namespace: string, name: string): Promise<any | undefined>;
    /** Deletes an object, if it is there. */
    remove(manifest: any): Promise<void>;
    /** A merge patch of a custom object's status subresource. */
    patchStatus(apiVersion: string, kind: string, namespace: string, name: string, status: any): Promise<void>;
    /** A bearer token of a ServiceAccount (TokenRequest), valid for an hour, for `audiences` if given. */
    serviceAccountToken(namespace: string, name: string, audiences?: string[]): Promise<string>;
    /** A ConfigMap's data, or undefined. */
    configMap(namespace: string, name: string): Promise<Record<string, string> | undefined>;
}

const notFound = (error: unknown) => (error as { code?: number }).code === 404;

async function orUndefined<T>(read: Promise<T>): Promise<T | undefined> {
    try {
        return await read;
    } catch (error) {
        if (notFound(error)) return undefined;
        throw error;
    }
}

export async function connect(kubeconfigFile: string): Promise<Cluster> {
    const k8s = await importUntyped("@kubernetes/client-node");
    const kubeconfig = new k8s.KubeConfig();
    kubeconfig.loadFromFile(kubeconfigFile);
    const core = kubeconfig.makeApiClient(k8s.CoreV1Api);
    const custom = kubeconfig.makeApiClient(k8s.CustomObjectsApi);
    const extensions = kubeconfig.makeApiClient(k8s.ApiextensionsV1Api);
    const objects = k8s.KubernetesObjectApi.makeApiClient(kubeconfig);
    const istioNames = async (plural: string, namespace: string): Promise<string[]> => {
        const list = (await custom.listNamespacedCustomObject({
            group: "networking.istio.io",
            version: "v1",
            namespace,
            plural,
        })) as { items: { metadata: { name: string } }[] };
        return list.items.map((item) => item.metadata.name).sort();
    };
    /** Server-side apply as the suite's own field manager; dryRun "All" is `kubectl apply --dry-run=server`. */
    const serverSideApply = async (manifest: any, dryRun?: "All") => {
        await objects.patch(
            manifest,
            undefined,
            dryRun,
            "istio-gateway-tls-itest",
            true,
            k8s.PatchStrategy.ServerSideApply,
        );
    };
    return {
        secret: (namespace, name) => orUndefined(core.readNamespacedSecret({ namespace, name })),
        async secretNames(namespace) {
            const list = await core.listNamespacedSecret({ namespace, labelSelector: MANAGED });
            return list.items.map((s: { metadata: { name: string } }) => s.metadata.name).sort();
        },
        istioNames,
        istio: (plural, namespace, name) =>
            orUndefined(
                custom.getNamespacedCustomObject({
                    group: "networking.istio.io",
                    version: "v1",
                    namespace,
                    plural,
                    name,
                }),
            ),
        gatewayApi: (plural, namespace, name) =>
            orUndefined(
                custom.getNamespacedCustomObject({
                    group: "gateway.networking.k8s.io",
                    version: "v1",
                    namespace,
                    plural,
                    name,
                }),
            ),
        async hasCrd(name) {
            return (await orUndefined(extensions.readCustomResourceDefinition({ name }))) !== undefined;
        },
        async ensureNamespace(name) {
            if (!(await orUndefined(core.readNamespace({ name }))))
                await core.createNamespace({ body: { metadata: { name } } });
        },
        async deleteLeftovers(namespaces) {
            for (const namespace of namespaces) {
                // A killed run's sample apps: what carries the mark of one of the suite's own stacks (itest*).
                for (const [apiVersion, kind] of SAMPLE_APP_TYPES) {
                    for (const item of (await objects.list(apiVersion, kind, namespace)).items as any[]) {
                        if (item.metadata.annotations?.[STACK_ANNOTATION]?.startsWith(`${PROJECT}/itest`))
                            await objects.delete({
                                apiVersion,
                                kind,
                                metadata: { namespace, name: item.metadata.name },
                            });
                    }
                }
                await core.deleteCollectionNamespacedSecret({ namespace, labelSelector: MANAGED });
                for (const plural of ["gateways", "virtualservices"]) {
                    for (const name of await istioNames(plural, namespace)) {
                        await custom.deleteNamespacedCustomObject({
                            group: "networking.istio.io",
                            version: "v1",
                            namespace,
                            plural,
                            name,
                        });
                    }
                }
            }
        },
        async hasReadyNode() {
            const nodes = await core.listNode();
            type Condition = { type: string; status: string };
            return nodes.items.some((node: { status?: { conditions?: Condition[] } }) =>
                node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
            );
        },
        apply: (manifest) => serverSideApply(manifest),
        read: (apiVersion, kind, namespace, name) =>
            orUndefined(objects.read({ apiVersion, kind, metadata: { namespace, name } })),
        async remove(manifest) {
            await orUndefined(objects.delete(manifest));
        },
        async patchStatus(apiVersion, kind, namespace, name, status) {
            const [group, version] = apiVersion.split("/");
            await custom.patchNamespacedCustomObjectStatus(
                { group, version, namespace, plural: `${kind.toLowerCase()}s`, name, body: { status } },
                k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
            );
        },
        async serviceAccountToken(namespace, name, audiences) {
            const request = await core.createNamespacedServiceAccountToken({
                namespace,
                name,
                body: { spec: { expirationSeconds: 3600, ...(audiences && { audiences }) } },
            });
            return request.status.token;
        },
        async configMap(namespace, name) {
            return (
                (await orUndefined(core.readNamespacedConfigMap({ namespace, name }))) as
                    | { data?: Record<string, string> }
                    | undefined
            )?.data;
        },
        applyDryRun: (manifest) => serverSideApply(manifest, "All"),
    };
}
