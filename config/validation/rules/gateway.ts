// Rules on the Gateway object: its names, port and selector, and with the Gateway API, what its listeners
// cannot express (rejected up front rather than dropped).

import { labelProblem, subdomainProblem } from "../../../domain/hosts";
import { fieldsTagged, withDefaults } from "../../model/fields";
import { MODELS, type PlainGatewayConfig } from "../../model/stack";
import { type Problem, configPath, problem } from "../problems";
import { kubernetesName } from "./common";
import type { Readable, ReadableConfig } from "../readable";

/** Per-certificate settings that a Gateway API listener (standard channel) cannot express. */
const ISTIO_ONLY_FIELDS = fieldsTagged(MODELS.certificate, "istioOnly");

export function gatewayProblems(gateway: Readable<PlainGatewayConfig>): Problem[] {
    return [
        ...kubernetesName("gateway.name", gateway.name, subdomainProblem),
        ...kubernetesName("gateway.namespace", gateway.namespace, labelProblem),
        ...kubernetesName("gateway.workloadNamespace", gateway.workloadNamespace, labelProblem),
        ...(gateway.selector !== undefined && Object.keys(gateway.selector).length === 0
            ? [
                  problem(
                      "gateway.selector",
                      "is empty, so it would select every workload",
                      "select the ingress pods, e.g. { istio: ingressgateway }",
                      {},
                  ),
              ]
            : []),
    ];
}

/**
 * What the Gateway API cannot say: client-certificate modes, TLS versions, ciphers, client SANs and two
 * certificates per listener, the Istio-only gateway fields, and destinations that are not a Service name.
 */
export function gatewayApiProblems(config: ReadableConfig): Problem[] {
    const gateway = config.gateway ?? {};
    const { api } = withDefaults(MODELS.gateway, gateway);
    const problems = [
        ...(gateway.className !== undefined && api === "istio"
            ? [
                  problem(
                      "gateway.className",
                      "applies only with gateway.api: gateway-api",
                      "remove it, or set gateway.api: gateway-api",
                      gateway.className,
                  ),
              ]
            : []),
        ...kubernetesName("gateway.className", gateway.className, subdomainProblem),
    ];
    if (api !== "gateway-api") return problems;
    for (const field of ["selector", "workloadNamespace"] as const) {
        if (gateway[field] === undefined) continue;
        problems.push(
            problem(
                `gateway.${field}`,
                "has no effect with the Gateway API: Istio deploys the gateway workload in the Gateway's namespace, and the credential secrets go there",
                `remove gateway.${field}; set gateway.namespace to where the gateway should run`,
                gateway[field],
            ),
        );
    }
    config.certificates?.forEach((cert, i) => {
        if (!cert) return;
        const at = configPath("certificates", i);
        if (cert.mode !== undefined && cert.mode !== "SIMPLE") {
            problems.push(
                problem(
                    configPath(at, "mode"),
                    "needs client-certificate validation, which Gateway API listeners do not express in the standard channel",
                    "use mode SIMPLE, or keep gateway.api: istio for mutual TLS",
                    cert.mode,
                ),
            );
        }
        for (const field of ISTIO_ONLY_FIELDS) {
            // TLS 1.2 is Istio's floor anyway, so saying so is not a loss.
            const value = cert[field];
            if (value === undefined || value === false || (field === "minProtocolVersion" && value === "TLSV1_2"))
                continue;
            const why =
                field === "dualStack"
                    ? "Istio serves one certificate per listener there"
                    : "Istio's TLS defaults apply: TLS 1.2 and up";
            problems.push(
                problem(
                    configPath(at, field),
                    `cannot be expressed by a Gateway API listener (${why})`,
                    "remove it, or keep gateway.api: istio, whose Gateway can",
                    value,
                ),
            );
        }
    });
    config.routes?.forEach((route, i) => {
        if (!route?.service?.includes(".")) return;
        problems.push(
            problem(
                configPath("routes", i, "service"),
                "is a host name; a Gateway API backendRef names a Service",
                `name the Service, and its namespace in routes[${i}].namespace (e.g. "${route.service.split(".")[0]}")`,
                route.service,
            ),
        );
    });
    return problems;
}
