import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedSampleApps } from "../../stacks/schema";
import { NGINX_CONF } from "./nginxConf";

export interface SampleBackendsArgs {
    /** Namespace (existing) and images of the sample backends. */
    apps: ResolvedSampleApps;
}

/** Object names from the tutorial, so its kubectl commands still find them. */
export const SAMPLE_NAMES = {
    nginx: "myexampleapp",
    nginxConfigMap: "myexample-nginx-configmap",
    httpbin: "httpbin",
} as const;

export const NGINX_PORT = 80;
export const HTTPBIN_PORT = 8000;

/**
 * The tutorial's backends: NGINX serving `/hello` from a ConfigMap (for a.aliyun.com), and httpbin
 * (for b.aliyun.com), in a namespace labelled for sidecar injection.
 */
export class SampleBackends extends pulumi.ComponentResource {
    /** Server-side-apply patch that labels the (unowned) namespace `istio-injection: enabled`. */
    readonly namespaceLabel: k8s.core.v1.NamespacePatch;
    readonly nginxConfig: k8s.core.v1.ConfigMap;
    readonly nginxDeployment: k8s.apps.v1.Deployment;
    readonly nginxService: k8s.core.v1.Service;
    readonly httpbinServiceAccount: k8s.core.v1.ServiceAccount;
    readonly httpbinDeployment: k8s.apps.v1.Deployment;
    readonly httpbinService: k8s.core.v1.Service;

    constructor(name: string, args: SampleBackendsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-gateway-tls:backends:SampleBackends", name, {}, opts);
        const namespace = args.apps.namespace;
        const child = { parent: this };

        this.namespaceLabel = new k8s.core.v1.NamespacePatch(
            `${name}-namespace-injection`,
            { metadata: { name: namespace, labels: { "istio-injection": "enabled" } } },
            child,
        );
        // Pods must start after the label, or they come up without a sidecar.
        const afterLabel = { parent: this, dependsOn: [this.namespaceLabel] };

        this.nginxConfig = new k8s.core.v1.ConfigMap(
            `${name}-nginx-config`,
            { metadata: { name: SAMPLE_NAMES.nginxConfigMap, namespace }, data: { "nginx.conf": NGINX_CONF } },
            child,
        );
        const nginxLabels = { app: SAMPLE_NAMES.nginx };
        this.nginxDeployment = new k8s.apps.v1.Deployment(
            `${name}-nginx`,
            {
                metadata: { name: SAMPLE_NAMES.nginx, namespace, labels: nginxLabels },
                spec: {
                    replicas: 1,
                    selector: { matchLabels: nginxLabels },
                    template: {
                        metadata: { labels: nginxLabels },
                        spec: {
                            containers: [
                                {
                                    name: "nginx",
                                    image: args.apps.nginxImage,
                                    ports: [{ containerPort: NGINX_PORT }],
                                    volumeMounts: [{ name: "nginx-config", mountPath: "/etc/nginx", readOnly: true }],
                                },
                            ],
                            volumes: [{ name: "nginx-config", configMap: { name: this.nginxConfig.metadata.name } }],
                        },
                    },
                },
            },
            afterLabel,
        );
        this.nginxService = new k8s.core.v1.Service(
            `${name}-nginx-service`,
            {
                metadata: { name: SAMPLE_NAMES.nginx, namespace, labels: nginxLabels },
                spec: { selector: nginxLabels, ports: [{ name: "http", port: NGINX_PORT, protocol: "TCP" }] },
            },
            child,
        );

        const httpbinLabels = { app: SAMPLE_NAMES.httpbin };
        this.httpbinServiceAccount = new k8s.core.v1.ServiceAccount(
            `${name}-httpbin-sa`,
            { metadata: { name: SAMPLE_NAMES.httpbin, namespace } },
            child,
        );
        this.httpbinDeployment = new k8s.apps.v1.Deployment(
            `${name}-httpbin`,
            {
                metadata: { name: SAMPLE_NAMES.httpbin, namespace, labels: httpbinLabels },
                spec: {
                    replicas: 1,
                    selector: { matchLabels: httpbinLabels },
                    template: {
                        metadata: { labels: httpbinLabels },
                        spec: {
                            serviceAccountName: this.httpbinServiceAccount.metadata.name,
                            containers: [{ name: "httpbin", image: args.apps.httpbinImage, ports: [{ containerPort: 80 }] }],
                        },
                    },
                },
            },
            afterLabel,
        );
        this.httpbinService = new k8s.core.v1.Service(
            `${name}-httpbin-service`,
            {
                metadata: { name: SAMPLE_NAMES.httpbin, namespace, labels: httpbinLabels },
                spec: { selector: httpbinLabels, ports: [{ name: "http", port: HTTPBIN_PORT, targetPort: 80 }] },
            },
            child,
        );
        this.registerOutputs({ namespace });
    }
}
