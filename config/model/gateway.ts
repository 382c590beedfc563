// The Gateway object and the ingress workload it configures: one declaration per field (fields.ts says what
// each gives).

import { PORT, enumeration, number, object, string, stringMap } from "./fields";

export const GATEWAY_API = enumeration({
    name: "GatewayApi",
    doc: "The gateway APIs this tool manages: Istio's own, or the Kubernetes Gateway API.",
    noun: "gateway API this tool manages",
    values: ["istio", "gateway-api"],
});

export const gateway = object(
    {
        api: string({
            doc:
                "`istio`: a `networking.istio.io/v1` Gateway and VirtualServices. `gateway-api`: a " +
                "`gateway.networking.k8s.io/v1` Gateway, HTTPRoutes and ReferenceGrants; Istio deploys the gateway " +
                "workload in the Gateway's namespace, and the credential secrets go there.",
            values: GATEWAY_API,
            default: "istio",
        }),
        className: string({ doc: "With `api: gateway-api`: the GatewayClass.", default: "istio" }),
        name: string({ doc: "Name of the Gateway object.", default: "mysdsgateway" }),
        namespace: string({ doc: "Namespace of the Gateway object and of the VirtualServices.", default: "default" }),
        selector: stringMap({
            doc: "Labels that select the ingress gateway pods (`api: istio` only).",
            default: { istio: "ingressgateway" },
            input: true,
        }),
        workloadNamespace: string({
            doc: "Namespace of the gateway workload (its pods); credential secrets must live here (`api: istio` only).",
            default: "istio-system",
        }),
        port: number({ doc: "HTTPS port of the gateway servers.", default: 443, ...PORT }),
    },
    {
        name: "GatewayConfig",
        doc: "Where the Gateway object lives and which ingress workload it configures.",
        filled: true,
    },
);
