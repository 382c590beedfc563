// Host routes from the gateway to Kubernetes services, and the tutorial's sample backends.

import { PORT, boolean, list, number, object, string } from "./fields";

const expect = object(
    {
        status: number({ doc: "HTTP status code.", min: 100, max: 599, noun: "HTTP status" }),
        bodyIncludes: string({ doc: "Text the response body must contain." }),
    },
    { name: "RouteExpectation", doc: "What `npm run verify` expects from probePath, so the check has teeth." },
);

export const route = object(
    {
        host: string({
            doc: "Host the client asks for (SNI and Host header). Must be covered by exactly one certificate.",
            example: (at: string) => `pulumi config set --path '${at}.host' a.example.com`,
        }),
        pathPrefix: string({ doc: "Path prefix to match, starting with `/`.", default: "/" }),
        service: string({
            doc: "Destination service: a short name in `namespace`, or a fully qualified host.",
            example: (at: string) => `pulumi config set --path '${at}.service' my-service`,
        }),
        port: number({
            doc: "Destination service port.",
            example: (at: string) => `pulumi config set --path '${at}.port' 80`,
            ...PORT,
        }),
        namespace: string({ doc: "Namespace of the destination service.", default: "default" }),
        probePath: string({ doc: "Path the printed curl check and `npm run verify` request. Unset: the path prefix." }),
        expect,
    },
    {
        name: "RouteConfig",
        doc: "One host and path prefix routed from the gateway to a Kubernetes service.",
        required: ["host", "service", "port"],
    },
);

export const sampleApps = object(
    {
        enabled: boolean({ doc: "Deploy the sample backends.", default: false }),
        namespace: string({
            doc: "Existing namespace to deploy into; it gets the label `istio-injection: enabled`.",
            default: "default",
        }),
        nginxImage: string({ doc: "NGINX image.", default: "nginx:1.27", input: true }),
        httpbinImage: string({
            doc: "httpbin image, listening on port 80.",
            default: "docker.io/kennethreitz/httpbin",
            input: true,
        }),
        dataPlanes: list(string({ doc: "A data plane's name." }), {
            doc: "With `dataPlanes`: the names of the clusters that get the sample backends. Unset: the first.",
        }),
    },
    { name: "SampleAppsConfig", doc: "The tutorial's sample backends: NGINX and httpbin.", filled: true },
);

export const clusterDomain = string({
    doc:
        "DNS domain of the clusters' Services (kubelet's `--cluster-domain`): a route's short service name becomes " +
        "`<service>.<namespace>.svc.<clusterDomain>`.",
    default: "cluster.local",
    example: () => "pulumi config set clusterDomain cluster.example",
});
