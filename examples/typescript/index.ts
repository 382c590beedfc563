// The aliyun.com tutorial as a program of your own, with istio-gateway-tls installed from npm or git
// (here from this repository: `npm install ../..`). The component's args are the stack config's fields.
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { SecureIngress } from "istio-gateway-tls";

const config = new pulumi.Config();
// enableSecretMutable: a renewed certificate updates its Secret in place, so the gateway never loses it.
const kubernetes = new Provider("kubernetes", { enableSecretMutable: true, context: config.get("context") });

const ingress = new SecureIngress(
    "ingress",
    {
        gateway: { name: "mysdsgateway", namespace: "default", workloadNamespace: "istio-system" },
        certificates: [
            {
                name: "myexample-credential",
                hosts: ["*.aliyun.com"],
                subject: { commonName: "aliyun.com", organization: "myexample organization" },
                ca: { commonName: "aliyun.com", organization: "myexample Inc.", validityDays: 365 },
                validityDays: 365,
            },
        ],
        routes: [
            {
                host: "a.aliyun.com",
                pathPrefix: "/hello",
                service: "myexampleapp",
                port: 80,
                expect: { status: 200, bodyIncludes: "Welcome to a.aliyun.com!" },
            },
            {
                host: "b.aliyun.com",
                pathPrefix: "/status",
                service: "httpbin",
                port: 8000,
                probePath: "/status/418",
                expect: { status: 418, bodyIncludes: "teapot" },
            },
        ],
        sampleApps: { enabled: config.getBoolean("sampleApps") ?? true },
    },
    { providers: { kubernetes } },
);

export const credentials = ingress.credentialSummaries;
export const routes = ingress.routeSummaries;
export const gateway = ingress.gateway;
