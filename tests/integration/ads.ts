// An ADS client that connects to istiod the way an Istio ingress gateway does: TLS on 15012 against istiod's
// root (the istio-ca-root-cert ConfigMap), a service-account token with audience istio-ca, and a router node
// in the gateway workload's namespace with the pods' labels. It reads what istiod would push to Envoy: the
// listeners (LDS), their routes (RDS) and the SDS secrets. Protos: Envoy's and xDS's, as @grpc/grpc-js-xds ships them.

import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as loader from "@grpc/proto-loader";
import * as protobuf from "protobufjs";

const DEPS = path.join(path.dirname(require.resolve("@grpc/grpc-js-xds/package.json")), "deps");
const INCLUDES = ["envoy-api", "xds", "googleapis", "protoc-gen-validate"].map((dir) => path.join(DEPS, dir));
const PROTOS = [
    "envoy/service/discovery/v3/ads.proto",
    "envoy/config/listener/v3/listener.proto",
    "envoy/extensions/transport_sockets/tls/v3/secret.proto",
    "envoy/extensions/transport_sockets/tls/v3/tls.proto",
    "envoy/config/route/v3/route.proto",
    "envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto",
];
export const TYPES = {
    listener: "type.googleapis.com/envoy.config.listener.v3.Listener",
    secret: "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret",
    route: "type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
};

/** What the gateway proxy is: its namespace, pod name and labels, its service account's token. */
export interface GatewayIdentity {
    namespace: string;
    pod: string;
    labels: Record<string, string>;
    serviceAccount: string;
    token: string;
}

/** One SDS secret as pushed: its PEMs, as Envoy would load them. */
export interface PushedSecret {
    name: string;
    certificateChain?: string;
    privateKey?: string;
    trustedCa?: string;
    /** When istiod pushed it, in ms since the epoch. */
    at: number;
}

export interface AdsSession {
    /** The latest listeners (decoded), once istiod has sent them. */
    listeners(): any[];
    /** The latest push of each SDS secret, by resource name (`kubernetes://<credentialName>`). */
    secrets(): Map<string, PushedSecret>;
    /** The latest push of each RDS route configuration, by name (decoded). */
    routes(): Map<string, any>;
    /** Ask for these RDS route configurations (what Envoy does for every one its listeners name). */
    watchRoutes(names: string[]): void;
    /** Ask for these SDS resources (what Envoy does for every secret its listeners name). */
    watchSecrets(names: string[]): void;
    /** Resolves once `ready` holds (checked on every response), or rejects after `timeoutMs`. */
    until<T>(ready: () => T | undefined, timeoutMs?: number): Promise<T>;
    /** The stream's error, if istiod closed it. */
    error(): grpc.ServiceError | undefined;
    close(): void;
}

let root: protobuf.Root | undefined;
function protoRoot(): protobuf.Root {
    if (root) return root;
    root = new protobuf.Root();
    root.resolvePath = (_origin, target) =>
        INCLUDES.map((dir) => path.join(dir, target)).find((file) => fs.existsSync(file)) ?? target;
    root.loadSync(PROTOS);
    root.resolveAll();
    return root;
}

/** A google.protobuf.Any, decoded with its type, nested Anys in transport sockets and filters included. */
export function decodeAny(any: { typeUrl?: string; type_url?: string; value: Buffer | Uint8Array | string }): any {
    const url = any.typeUrl ?? any.type_url ?? "";
    const type = protoRoot().lookupType(url.split("/").pop()!);
    const bytes = typeof any.value === "string" ? Buffer.from(any.value, "base64") : any.value;
    return type.toObject(type.decode(bytes), { longs: String, enums: String, bytes: String, oneofs: true });
}

const text = (value: unknown) => ({ stringValue: String(value) });

/** Opens an ADS stream to istiod at `address` (host:port of its 15012), as the gateway `identity`. */
export function connectAsGateway(address: string, rootCertPem: string, identity: GatewayIdentity): AdsSession {
    const definition = loader.loadSync(PROTOS, { includeDirs: INCLUDES, longs: String, enums: String, oneofs: true });
    const ads = (grpc.loadPackageDefinition(definition) as any).envoy.service.discovery.v3;
    const credentials = grpc.credentials.combineChannelCredentials(
        grpc.credentials.createSsl(Buffer.from(rootCertPem)),
        grpc.credentials.createFromMetadataGenerator((_context, callback) => {
            const metadata = new grpc.Metadata();
            metadata.add("authorization", `Bearer ${identity.token}`);
            callback(null, metadata);
        }),
    );
    // istiod's serving certificate names istiod.istio-system.svc, not the loopback address we dial.
    const client = new ads.AggregatedDiscoveryService(address, credentials, {
        "grpc.ssl_target_name_override": "istiod.istio-system.svc",
        "grpc.default_authority": "istiod.istio-system.svc",
    });
    const { namespace, pod, labels, serviceAccount } = identity;
    const node = {
        id: `router~10.88.0.1~${pod}.${namespace}~${namespace}.svc.cluster.local`,
        cluster: `${serviceAccount}.${namespace}`,
        metadata: {
            fields: {
                NAMESPACE: text(namespace),
                NAME: text(pod),
                CLUSTER_ID: text("Kubernetes"),
                SERVICE_ACCOUNT: text(serviceAccount),
                ISTIO_VERSION: text("1.28.0"),
                LABELS: {
                    structValue: { fields: Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, text(v)])) },
                },
            },
        },
    };
    const stream = client.StreamAggregatedResources();
    let listeners: any[] = [];
    const secrets = new Map<string, PushedSecret>();
    let secretNames: string[] = [];
    const routes = new Map<string, any>();
    let routeNames: string[] = [];
    let failure: grpc.ServiceError | undefined;
    const waiters = new Set<() => void>();
    const notify = () => {
        for (const waiter of waiters) waiter();
    };
    stream.on("data", (response: any) => {
        const decoded = response.resources.map(decodeAny);
        if (response.typeUrl === TYPES.listener) listeners = decoded;
        if (response.typeUrl === TYPES.route) for (const route of decoded) routes.set(route.name, route);
        if (response.typeUrl === TYPES.secret) {
            for (const secret of decoded) {
                const certificate = secret.tlsCertificate;
                const pem = (source: any) =>
                    source?.inlineBytes ? Buffer.from(source.inlineBytes, "base64").toString("utf8") : undefined;
                secrets.set(secret.name, {
                    name: secret.name,
                    certificateChain: pem(certificate?.certificateChain),
                    privateKey: pem(certificate?.privateKey),
                    trustedCa: pem(secret.validationContext?.trustedCa),
                    at: Date.now(),
                });
            }
        }
        // ACK, and keep asking for the secrets we want, as Envoy does.
        stream.write({
            node,
            typeUrl: response.typeUrl,
            versionInfo: response.versionInfo,
            responseNonce: response.nonce,
            resourceNames:
                response.typeUrl === TYPES.secret ? secretNames : response.typeUrl === TYPES.route ? routeNames : [],
        });
        notify();
    });
    stream.on("error", (error: grpc.ServiceError) => {
        failure = error;
        notify();
    });
    stream.write({ node, typeUrl: TYPES.listener, resourceNames: [] });
    return {
        listeners: () => listeners,
        secrets: () => secrets,
        routes: () => routes,
        watchRoutes(names) {
            routeNames = [...new Set([...routeNames, ...names])];
            stream.write({ node, typeUrl: TYPES.route, resourceNames: routeNames });
        },
        watchSecrets(names) {
            secretNames = [...new Set([...secretNames, ...names])];
            stream.write({ node, typeUrl: TYPES.secret, resourceNames: secretNames });
        },
        until(ready, timeoutMs = 15_000) {
            return new Promise((resolve, reject) => {
                const check = () => {
                    const value = ready();
                    if (value !== undefined && value !== false) {
                        waiters.delete(check);
                        clearTimeout(timer);
                        resolve(value);
                    }
                };
                const timer = setTimeout(() => {
                    waiters.delete(check);
                    reject(
                        new Error(
                            `istiod did not push it within ${timeoutMs} ms${failure ? `: ${failure.details}` : ""}`,
                        ),
                    );
                }, timeoutMs);
                waiters.add(check);
                check();
            });
        },
        error: () => failure,
        close() {
            stream.cancel();
            client.close();
        },
    };
}

/** The HTTPS filter chains of the gateway's listeners: server names and the SDS secrets each names. */
export function httpsChains(
    listeners: any[],
): { listener: string; serverNames: string[]; sds: string[]; validation: string[]; rds?: string }[] {
    return listeners.flatMap((listener) =>
        (listener.filterChains ?? []).flatMap((chain: any) => {
            const socket = chain.transportSocket?.typedConfig;
            if (!socket) return [];
            const tls = decodeAny(socket).commonTlsContext ?? {};
            const validation = tls.combinedValidationContext?.validationContextSdsSecretConfig?.name;
            const manager = (chain.filters ?? []).find(
                (f: any) => f.name === "envoy.filters.network.http_connection_manager",
            );
            const rds = manager?.typedConfig ? decodeAny(manager.typedConfig).rds?.routeConfigName : undefined;
            return [
                {
                    listener: listener.name,
                    serverNames: chain.filterChainMatch?.serverNames ?? [],
                    sds: (tls.tlsCertificateSdsSecretConfigs ?? []).map((config: any) => config.name),
                    validation: validation ? [validation] : [],
                    ...(rds && { rds }),
                },
            ];
        }),
    );
}
