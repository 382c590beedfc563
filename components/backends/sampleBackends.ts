import { Deployment } from "@pulumi/kubernetes/apps/v1/deployment";
import { ConfigMap } from "@pulumi/kubernetes/core/v1/configMap";
import { NamespacePatch } from "@pulumi/kubernetes/core/v1/namespacePatch";
import { Service } from "@pulumi/kubernetes/core/v1/service";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1/serviceAccount";
import type * as inputs from "@pulumi/kubernetes/types/input";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedSampleApps } from "../../config/resolved";
import { NGINX_CONF } from "./nginxConf";
import { stackAnnotation } from "../ownership";

export interface SampleBackendsArgs {
    /** Namespace (existing) and images of the sample backends; the images may be outputs. */
    apps: Omit<ResolvedSampleApps, "nginxImage" | "httpbinImage"> & {
        nginxImage: pulumi.Input<string>;
        httpbinImage: pulumi.Input<string>;
    };
    /**
     * Label the namespace `istio-injection: enabled` with a server-side-apply patch. Default true. Turn it off
     * when rendering manifests: a rendered patch is a whole Namespace manifest, which a GitOps tool would
     * then own (and could prune).
     */
    labelNamespace?: boolean;
}

/** Object names from the tutorial, so its kubectl commands still find them. */
const NAMES = { nginx: "myexampleapp", nginxConfigMap: "myexample-nginx-configmap", httpbin: "httpbin" } as const;

interface ServiceDeploymentArgs {
    /** Object name of the Deployment and the Service, and the `app` label. */
    app: string;
    namespace: string;
    /** The pod's single container. */
    container: inputs.core.v1.Container;
    /** The Service's one port. */
    servicePort: inputs.core.v1.ServicePort;
    podSpec?: Omit<inputs.core.v1.PodSpec, "containers">;
}

/**
 * A Deployment of one container and the Service in front of it, as the guestbook example's ServiceDeployment,
 * but registered under `parent` with the names `<name>` and `<name>-service` so existing stacks keep their URNs.
 */
function serviceDeployment(
    name: string,
    args: ServiceDeploymentArgs,
    opts: pulumi.CustomResourceOptions & { parent: pulumi.Resource },
) {
    const labels = { app: args.app };
    // Istio's telemetry (and `istioctl analyze`) expect app and version labels on the pods.
    const podLabels = { ...labels, version: "v1" };
    const deployment = new Deployment(
        name,
        {
            metadata: { name: args.app, namespace: args.namespace, labels, annotations: stackAnnotation() },
            spec: {
                replicas: 1,
                selector: { matchLabels: labels },
                template: { metadata: { labels: podLabels }, spec: { ...args.podSpec, containers: [args.container] } },
            },
        },
        opts,
    );
    const service = new Service(
        `${name}-service`,
        {
            metadata: { name: args.app, namespace: args.namespace, labels, annotations: stackAnnotation() },
            spec: { selector: labels, ports: [args.servicePort] },
        },
        { parent: opts.parent },
    );
    return { deployment, service };
}

/**
 * The tutorial's backends: NGINX serving `/hello` from a ConfigMap (for a.aliyun.com), and httpbin
 * (for b.aliyun.com), in a namespace labelled for sidecar injection.
 */
export class SampleBackends extends pulumi.ComponentResource {
    /** Server-side-apply patch that labels the (unowned) namespace `istio-injection: enabled`, unless turned off. */
    readonly namespaceLabel?: NamespacePatch;
    readonly nginxConfig: ConfigMap;
    readonly nginxDeployment: Deployment;
    readonly nginxService: Service;
    readonly httpbinServiceAccount: ServiceAccount;
    readonly httpbinDeployment: Deployment;
    readonly httpbinService: Service;

    constructor(name: string, args: SampleBackendsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-gateway-tls:backends:SampleBackends", name, {}, opts);
        const { namespace, nginxImage, httpbinImage } = args.apps;
        const child = { parent: this };
        if (args.labelNamespace ?? true) {
            this.namespaceLabel = new NamespacePatch(
                `${name}-namespace-injection`,
                { metadata: { name: namespace, labels: { "istio-injection": "enabled" } } },
                child,
            );
        }
        // Pods must start after the label, or they come up without a sidecar.
        const workload = { parent: this, ...(this.namespaceLabel && { dependsOn: [this.namespaceLabel] }) };

        this.nginxConfig = new ConfigMap(
            `${name}-nginx-config`,
            {
                metadata: { name: NAMES.nginxConfigMap, namespace, annotations: stackAnnotation() },
                data: { "nginx.conf": NGINX_CONF },
            },
            child,
        );
        const nginx = serviceDeployment(
            `${name}-nginx`,
            {
                app: NAMES.nginx,
                namespace,
                servicePort: { name: "http", port: 80, protocol: "TCP" },
                container: {
                    name: "nginx",
                    image: nginxImage,
                    ports: [{ containerPort: 80 }],
                    volumeMounts: [{ name: "nginx-config", mountPath: "/etc/nginx", readOnly: true }],
                },
                podSpec: { volumes: [{ name: "nginx-config", configMap: { name: this.nginxConfig.metadata.name } }] },
            },
            workload,
        );
        this.nginxDeployment = nginx.deployment;
        this.nginxService = nginx.service;

        this.httpbinServiceAccount = new ServiceAccount(
            `${name}-httpbin-sa`,
            { metadata: { name: NAMES.httpbin, namespace, annotations: stackAnnotation() } },
            child,
        );
        const httpbin = serviceDeployment(
            `${name}-httpbin`,
            {
                app: NAMES.httpbin,
                namespace,
                servicePort: { name: "http", port: 8000, targetPort: 80 },
                container: { name: "httpbin", image: httpbinImage, ports: [{ containerPort: 80 }] },
                podSpec: { serviceAccountName: this.httpbinServiceAccount.metadata.name },
            },
            workload,
        );
        this.httpbinDeployment = httpbin.deployment;
        this.httpbinService = httpbin.service;
        this.registerOutputs({ namespace });
    }
}
