// The same stack on the Kubernetes Gateway API (gateway.api: gateway-api): a Gateway with one HTTPS listener
// per certificate host, one HTTPRoute per routed host, ReferenceGrants for other namespaces, redirects, and
// the same certificate lifecycle. @kubernetes-models/gateway-api is ESM-only, hence the dynamic imports.

import * as assert from "node:assert/strict";
import { importUntyped } from "./esm";
import { describeChanges, diffRuns } from "./diff";
import { devConfig, problemsOf } from "./fixtures";
import { type ProgramRun, TYPES, programError, runProgram, unwrapSecrets } from "./harness";
import { policyViolations } from "./policyCheck";

const K8S = {
    gateway: "kubernetes:gateway.networking.k8s.io/v1:Gateway",
    httpRoute: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
    referenceGrant: "kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant",
};

/** The tutorial on the Gateway API: the Istio-only gateway fields go, the rest stays. */
function gatewayApiConfig() {
    const config = devConfig();
    config.gateway = { name: "mysdsgateway", namespace: "default", api: "gateway-api" };
    return config;
}

type ModelClass = new (data: any) => { validate(): void };

async function schemaErrors(run: ProgramRun): Promise<string[]> {
    const { Gateway } = await importUntyped("@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway");
    const { HTTPRoute } = await importUntyped("@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute");
    const { ReferenceGrant } = await importUntyped(
        "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1/ReferenceGrant",
    );
    const models: Record<string, ModelClass> = {
        [K8S.gateway]: Gateway,
        [K8S.httpRoute]: HTTPRoute,
        [K8S.referenceGrant]: ReferenceGrant,
    };
    const errors: string[] = [];
    for (const resource of run.resources.filter((r) => models[r.type])) {
        const { apiVersion, kind, ...rest } = unwrapSecrets(resource.inputs);
        try {
            new models[resource.type](rest).validate();
        } catch (error) {
            errors.push(`${resource.name}: ${(error as Error).message}`);
        }
    }
    return errors;
}

describe("Gateway API (gateway.api: gateway-api)", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram(gatewayApiConfig());
    });

    it("registers a gateway.networking.k8s.io Gateway and HTTPRoutes instead of Istio's objects", () => {
        assert.equal(run.ofType(K8S.gateway).length, 1);
        assert.equal(run.ofType(TYPES.gateway).length, 0);
        assert.equal(run.ofType(TYPES.virtualService).length, 0);
        assert.deepEqual(
            run
                .ofType(K8S.httpRoute)
                .map((r) => r.inputs.metadata.name)
                .sort(),
            ["a.aliyun.com", "b.aliyun.com"],
        );
    });

    it("gives each certificate host an HTTPS listener that terminates TLS with that certificate's Secret", () => {
        const [gateway] = run.ofType(K8S.gateway);
        assert.deepEqual(gateway.inputs.metadata, {
            name: "mysdsgateway",
            namespace: "default",
            annotations: { "istio-gateway-tls.io/stack": "istio-gateway-tls/test" },
        });
        assert.equal(gateway.inputs.spec.gatewayClassName, "istio");
        assert.deepEqual(gateway.inputs.spec.listeners, [
            {
                name: "https-wildcard.aliyun.com",
                hostname: "*.aliyun.com",
                port: 443,
                protocol: "HTTPS",
                tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: "myexample-credential" }] },
            },
        ]);
    });

    it("keeps the Secret in the Gateway's namespace, where Istio runs the gateway, and says so in the outputs", () => {
        const secret = run.named("ingress-myexample-credential-secret");
        assert.equal(secret.inputs.metadata.namespace, "default");
        assert.equal(run.outputs.credentials[0].secretNamespace, "default");
        assert.match(
            run.outputs.routes[0].curl,
            /--resolve 'a\.aliyun\.com:443:'"\$INGRESS_HOST" https:\/\/a\.aliyun\.com\/hello/,
        );
    });

    it("attaches each HTTPRoute to the listener of the covering certificate host, with PathPrefix matches and the Service", () => {
        const route = run.named("ingress-httproute-b.aliyun.com");
        assert.deepEqual(route.inputs.spec, {
            parentRefs: [{ name: "mysdsgateway", namespace: "default", sectionName: "https-wildcard.aliyun.com" }],
            hostnames: ["b.aliyun.com"],
            rules: [
                {
                    matches: [{ path: { type: "PathPrefix", value: "/status" } }],
                    backendRefs: [{ name: "httpbin", namespace: "default", port: 8000 }],
                },
            ],
        });
    });

    it("orders a host's rules longest prefix first", async () => {
        const config = gatewayApiConfig();
        config.routes.push({ host: "b.aliyun.com", pathPrefix: "/status/418", service: "teapot", port: 80 });
        const rules = (await runProgram(config)).named("ingress-httproute-b.aliyun.com").inputs.spec.rules;
        assert.deepEqual(
            rules.map((r: any) => r.matches[0].path.value),
            ["/status/418", "/status"],
        );
    });

    it("grants routes to Services in other namespaces with a ReferenceGrant there, and only there", async () => {
        assert.equal(run.ofType(K8S.referenceGrant).length, 0);
        const config = gatewayApiConfig();
        config.routes.push({ host: "c.aliyun.com", service: "shop", namespace: "shop", port: 8080 });
        const grants = (await runProgram(config)).ofType(K8S.referenceGrant);
        assert.equal(grants.length, 1);
        assert.deepEqual(grants[0].inputs.metadata, {
            name: "mysdsgateway-httproutes",
            namespace: "shop",
            annotations: { "istio-gateway-tls.io/stack": "istio-gateway-tls/test" },
        });
        assert.deepEqual(grants[0].inputs.spec, {
            from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "default" }],
            to: [{ group: "", kind: "Service" }],
        });
    });

    it("redirects HTTP to HTTPS with a port-80 listener and a RequestRedirect route (301)", async () => {
        const config = gatewayApiConfig();
        config.certificates[0].httpsRedirect = true;
        const redirected = await runProgram(config);
        const listeners = redirected.ofType(K8S.gateway)[0].inputs.spec.listeners;
        assert.deepEqual(
            listeners.map((l: any) => l.name),
            ["https-wildcard.aliyun.com", "http-wildcard.aliyun.com"],
        );
        assert.deepEqual(listeners[1], {
            name: "http-wildcard.aliyun.com",
            hostname: "*.aliyun.com",
            port: 80,
            protocol: "HTTP",
        });
        const route = redirected.named("ingress-httproute-https-redirect-wildcard.aliyun.com");
        assert.deepEqual(route.inputs.spec.rules, [
            { filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] },
        ]);
        assert.equal(route.inputs.spec.parentRefs[0].sectionName, "http-wildcard.aliyun.com");
    });

    it("names listeners from hosts, so reordering certificates and hosts changes nothing", async () => {
        const config = gatewayApiConfig();
        config.certificates.push({ name: "shop-credential", hosts: ["shop.example.com", "api.example.com"] });
        const reordered = structuredClone(config);
        reordered.certificates.reverse();
        assert.deepEqual(
            describeChanges(diffRuns((await runProgram(config)).resources, (await runProgram(reordered)).resources)),
            [],
        );
        // Host order changes the certificate's SAN order (a new CSR), but not the listeners.
        const hostsReversed = structuredClone(config);
        hostsReversed.certificates[1].hosts.reverse();
        const listeners = async (c: any) => (await runProgram(c)).ofType(K8S.gateway)[0].inputs.spec.listeners;
        assert.deepEqual(await listeners(hostsReversed), await listeners(config));
    });

    it("passes the Gateway API schemas (@kubernetes-models/gateway-api)", async () => {
        const config = gatewayApiConfig();
        config.certificates[0].httpsRedirect = true;
        config.routes.push({ host: "c.aliyun.com", service: "shop", namespace: "shop", port: 8080 });
        assert.deepEqual(await schemaErrors(await runProgram(config)), []);
    });

    it("passes the policy pack", async () => {
        assert.deepEqual(await policyViolations(run), []);
    });

    describe("certificate lifecycle, as with Istio's API", () => {
        it("rotation: a new Secret, the listener's certificateRefs switched, nothing else", async () => {
            const rotated = gatewayApiConfig();
            rotated.certificates[0].rotation = "2026-11";
            const after = await runProgram(rotated);
            assert.deepEqual(describeChanges(diffRuns(run.resources, after.resources)).sort(), [
                "replace ingress-myexample-credential-cert",
                "replace ingress-myexample-credential-csr",
                "replace ingress-myexample-credential-key",
                "replace ingress-myexample-credential-secret",
                "update ingress-gateway",
            ]);
            // The Gateway is an update (the Secret's new name reaches it as an output), so nothing deletes before replacing.
            for (const r of after.resources) assert.equal(r.options.deleteBeforeReplace, false, r.name);
            const listener = after.ofType(K8S.gateway)[0].inputs.spec.listeners[0];
            assert.equal(listener.tls.certificateRefs[0].name, "myexample-credential-2026-11");
        });

        it("renewal: the Secret updated in place under the same name, the Gateway untouched", async () => {
            const renewAfter = Date.parse(run.outputs.credentials[0].renewAfter);
            process.env.ISTIO_GATEWAY_TLS_NOW = new Date(renewAfter + 86_400_000).toISOString();
            try {
                const renewed = await runProgram(gatewayApiConfig());
                const changes = describeChanges(diffRuns(run.resources, renewed.resources));
                assert.ok(changes.includes("update ingress-myexample-credential-secret"), changes.join("\n"));
                assert.equal(
                    changes.some((c) => / ingress-gateway$/.test(c)),
                    false,
                    changes.join("\n"),
                );
            } finally {
                delete process.env.ISTIO_GATEWAY_TLS_NOW;
            }
        });

        it("adding a route under the wildcard is one HTTPRoute", async () => {
            const config = gatewayApiConfig();
            config.routes.push({ host: "c.aliyun.com", service: "myexampleapp", port: 80 });
            assert.deepEqual(describeChanges(diffRuns(run.resources, (await runProgram(config)).resources)), [
                "create ingress-httproute-c.aliyun.com",
            ]);
        });
    });

    describe("what the Gateway API cannot express is rejected up front, naming the option and the API", () => {
        type Case = [label: string, edit: (c: any) => void, path: string];
        const cases: Case[] = [
            [
                "mutual TLS",
                (c) => Object.assign(c.certificates[0], { mode: "MUTUAL", clientCa: { generate: true } }),
                "certificates[0].mode",
            ],
            [
                "a TLS 1.3 floor",
                (c) => (c.certificates[0].minProtocolVersion = "TLSV1_3"),
                "certificates[0].minProtocolVersion",
            ],
            [
                "cipher suites",
                (c) => (c.certificates[0].cipherSuites = ["ECDHE-RSA-AES128-GCM-SHA256"]),
                "certificates[0].cipherSuites",
            ],
            ["dualStack", (c) => (c.certificates[0].dualStack = true), "certificates[0].dualStack"],
            [
                "a workload namespace",
                (c) => (c.gateway.workloadNamespace = "istio-system"),
                "gateway.workloadNamespace",
            ],
            ["a selector", (c) => (c.gateway.selector = { istio: "ingressgateway" }), "gateway.selector"],
            [
                "a destination host name",
                (c) => (c.routes[0].service = "myexampleapp.default.svc.cluster.local"),
                "routes[0].service",
            ],
        ];
        for (const [label, edit, path] of cases) {
            it(label, () => {
                const config = gatewayApiConfig();
                edit(config);
                const problems = problemsOf(config);
                assert.deepEqual(
                    problems.map((p) => p.path),
                    [path],
                    JSON.stringify(problems, null, 2),
                );
                assert.match(`${problems[0].message} ${problems[0].fix}`, /Gateway API|gateway\.api/);
            });
        }

        it("accepts TLSV1_2 as the floor, which is Istio's default there anyway", () => {
            const config = gatewayApiConfig();
            config.certificates[0].minProtocolVersion = "TLSV1_2";
            assert.deepEqual(problemsOf(config), []);
        });

        it("registers nothing when it rejects", async () => {
            const config = gatewayApiConfig();
            config.certificates[0].dualStack = true;
            assert.equal((await programError(config)).registered, 0);
        });

        it("rejects an unknown API with the nearest one, and className without the Gateway API", () => {
            const config = devConfig();
            config.gateway.api = "gateway_api";
            assert.match(problemsOf(config)[0].fix, /did you mean "gateway-api"\?/);
            const istio = devConfig();
            istio.gateway.className = "istio";
            assert.deepEqual(
                problemsOf(istio).map((p) => p.path),
                ["gateway.className"],
            );
        });
    });
});

describe("policy pack on Gateway API objects", () => {
    it("flags a listener whose certificateRef names no managed Secret in the Gateway's namespace", async () => {
        const run = await runProgram(gatewayApiConfig());
        run.ofType(K8S.gateway)[0].inputs.spec.listeners[0].tls.certificateRefs[0].name = "someone-elses-secret";
        const violations = await policyViolations(run);
        assert.ok(
            violations.some((v) =>
                /listener "https-wildcard\.aliyun\.com" references Secret default\/someone-elses-secret/.test(v),
            ),
            violations.join("\n"),
        );
    });

    it("flags an HTTPRoute hostname that its parent listener does not serve", async () => {
        const run = await runProgram(gatewayApiConfig());
        run.named("ingress-httproute-a.aliyun.com").inputs.spec.hostnames = ["a.example.org"];
        const violations = await policyViolations(run);
        assert.ok(
            violations.some((v) => /HTTPRoute default\/a\.aliyun\.com routes hostname "a\.example\.org"/.test(v)),
            violations.join("\n"),
        );
    });
});
