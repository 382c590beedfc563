// The cert-manager source (certificates[].certManager) and issuers from config, under mocks: what the stack
// declares (a Certificate that the Gateway waits for, its Secret's owner reference, the issuer), that it
// never holds a key, and what it refuses before anything is registered.

import * as assert from "node:assert/strict";
import { devConfig } from "./fixtures";
import { type ProgramRun, TYPES, runProgram, refusedProblems } from "./harness";

const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";
const CLUSTER_ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";
const SECRET_PATCH = "kubernetes:core/v1:SecretPatch";

/** The tutorial with its credential issued by Let's Encrypt staging through an RFC2136 DNS-01 solver. */
function acmeConfig(): Record<string, any> {
    const config = devConfig();
    const [cert] = config.certificates;
    delete cert.subject;
    delete cert.ca;
    cert.certManager = { issuer: "letsencrypt" };
    config.issuers = [
        {
            name: "letsencrypt",
            acme: {
                server: "letsencrypt-staging",
                email: "ops@example.com",
                solvers: [
                    {
                        dns01: {
                            rfc2136: { nameserver: "ns1.example.com:53", tsigKeyName: "acme", tsigSecretName: "tsig" },
                        },
                    },
                ],
            },
        },
    ];
    return config;
}

const problemsOf = refusedProblems;

describe("cert-manager as a certificate's source (certManager, issuers)", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram(acmeConfig());
    });

    it("declares a Certificate in the workload namespace whose Secret is the credential, and waits until Ready", () => {
        const [certificate] = run.ofType(CERTIFICATE);
        const { metadata, spec } = certificate.inputs;
        assert.equal(metadata.namespace, "istio-system");
        assert.equal(metadata.annotations["pulumi.com/waitFor"], "condition=Ready");
        assert.equal(metadata.annotations["pulumi.com/timeoutSeconds"], "600");
        assert.equal(spec.secretName, "myexample-credential");
        assert.deepEqual(spec.dnsNames, ["*.aliyun.com"]);
        assert.deepEqual(spec.issuerRef, { name: "letsencrypt", kind: "ClusterIssuer", group: "cert-manager.io" });
        assert.deepEqual(spec.privateKey, { algorithm: "RSA", size: 2048, rotationPolicy: "Always" });
        assert.equal(spec.renewBefore, "720h");
    });

    it("makes no key, no certificate and no Secret of its own: the key is never in the state", () => {
        for (const type of [
            TYPES.privateKey,
            TYPES.certRequest,
            TYPES.locallySignedCert,
            TYPES.selfSignedCert,
            TYPES.secret,
        ]) {
            assert.deepEqual(run.ofType(type), [], type);
        }
        assert.equal(run.outputs.credentials[0].source, "cert-manager");
        assert.equal(run.outputs.credentials[0].fingerprintSha256, undefined);
    });

    it("never reads or patches the Secret cert-manager writes, which carries the managed labels but not the stack's mark", () => {
        assert.deepEqual(run.ofType(SECRET_PATCH), []);
        const [certificate] = run.ofType(CERTIFICATE);
        assert.equal(certificate.inputs.spec.secretTemplate.labels["app.kubernetes.io/part-of"], "istio-gateway-tls");
        assert.equal(certificate.inputs.spec.secretTemplate.annotations, undefined);
    });

    it("points the Gateway at the Certificate's Secret, and makes the ClusterIssuer with its solver", () => {
        const [gateway] = run.ofType(TYPES.gateway);
        assert.equal(gateway.inputs.spec.servers[0].tls.credentialName, "myexample-credential");
        const [issuer] = run.ofType(CLUSTER_ISSUER);
        assert.equal(issuer.inputs.spec.acme.server, "https://acme-staging-v02.api.letsencrypt.org/directory");
        assert.deepEqual(issuer.inputs.spec.acme.solvers[0].dns01.rfc2136.tsigSecretSecretRef, {
            name: "tsig",
            key: "tsig-secret-key",
        });
        assert.equal(issuer.inputs.spec.acme.solvers[0].dns01.rfc2136.tsigAlgorithm, "HMACSHA256");
    });

    describe("refuses, before anything is registered", () => {
        it("the stack's own CA settings beside certManager, and mutual TLS", async () => {
            const config = acmeConfig();
            Object.assign(config.certificates[0], {
                ca: { validityDays: 3650 },
                mode: "MUTUAL",
                clientCa: { generate: true },
            });
            const paths = (await problemsOf(config)).map((p) => p.path).sort();
            assert.deepEqual(paths, ["certificates[0].ca", "certificates[0].clientCa", "certificates[0].mode"]);
        });

        it("HTTP-01 for a wildcard host", async () => {
            const config = acmeConfig();
            config.issuers[0].acme.solvers = [{ http01: {} }];
            const [wildcard] = await problemsOf(config);
            assert.equal(wildcard.path, "certificates[0].hosts[0]");
            assert.match(wildcard.message, /wildcard, which only DNS-01 can prove/);
        });

        it("HTTP-01 with several data planes: the CA reaches one cluster's cert-manager, maybe not the asking one", async () => {
            const config = http01Config();
            config.dataPlanes = [
                { name: "hangzhou", context: "hz" },
                { name: "beijing", context: "bj" },
            ];
            const [problem] = await problemsOf(config);
            assert.equal(problem.path, "certificates[0].hosts[0]");
            assert.match(
                problem.message,
                /2 data planes serve it: each cluster's cert-manager answers only through its own gateway/,
            );
            assert.match(problem.fix, /dns01 solver/);
        });

        it("a non-https ACME server, an unknown issuer kind, and an issuer that config names but does not define", async () => {
            const config = acmeConfig();
            config.issuers[0].acme.server = "http://acme.example.com/directory";
            config.issuers[0].kind = "ClusterIssue";
            config.certificates[0].certManager = { issuer: "letsencrpyt" };
            const problems = await problemsOf(config);
            assert.deepEqual(problems.map((p) => p.path).sort(), [
                "certificates[0].certManager.issuer",
                "issuers[0].acme.server",
                "issuers[0].kind",
            ]);
            assert.match(problems.find((p) => p.path.endsWith("issuer"))!.fix, /did you mean "letsencrypt"/);
        });

        it("neither or both of issuer and issuerRef", async () => {
            const config = acmeConfig();
            config.certificates[0].certManager = {};
            assert.deepEqual(
                (await problemsOf(config)).map((p) => p.path),
                ["certificates[0].certManager"],
            );
        });
    });
});

describe("alerts on cert-manager's metrics (alerts.enabled)", () => {
    it("a PrometheusRule with, per certificate, a not-Ready alert and an alert an hour past its renewal time", async () => {
        const config = acmeConfig();
        config.alerts = { enabled: true, labels: { release: "prometheus" } };
        const run = await runProgram(config);
        const [rule] = run.ofType("kubernetes:monitoring.coreos.com/v1:PrometheusRule");
        assert.equal(rule.inputs.metadata.namespace, "istio-system");
        assert.deepEqual(rule.inputs.metadata.labels, { release: "prometheus" });
        const rules = rule.inputs.spec.groups[0].rules;
        assert.deepEqual(
            rules.map((r: { alert: string }) => r.alert),
            ["IstioGatewayTlsCertificateNotReady", "IstioGatewayTlsCertificateNotRenewed"],
        );
        assert.match(
            rules[0].expr,
            /certmanager_certificate_ready_status\{namespace="istio-system", name="myexample-credential", condition!="True"\}/,
        );
        assert.match(
            rules[1].expr,
            /^time\(\) - certmanager_certificate_renewal_timestamp_seconds\{namespace="istio-system", name="myexample-credential"\} > 3600$/,
        );
        assert.equal(rules[0].for, "15m");
    });

    it("none without alerts, and alerts with no cert-manager certificate are refused: nothing to watch", async () => {
        assert.deepEqual(
            (await runProgram(acmeConfig())).ofType("kubernetes:monitoring.coreos.com/v1:PrometheusRule"),
            [],
        );
        const config = devConfig();
        config.alerts = { enabled: true };
        const [problem] = await problemsOf(config);
        assert.equal(problem.path, "alerts.enabled");
    });
});

/** acmeConfig with named hosts proven over HTTP-01, and a redirect of port 80 to HTTPS. */
function http01Config() {
    const config = acmeConfig();
    config.certificates[0].hosts = ["a.aliyun.com"];
    config.routes = config.routes.filter((route: { host: string }) => route.host === "a.aliyun.com");
    config.certificates[0].httpsRedirect = true;
    config.issuers[0].acme.solvers = [{ http01: {} }];
    return config;
}

describe("HTTP-01 beside a redirect to HTTPS", () => {
    it("Istio's API: a port-80 Gateway of its own that redirects nothing, and a catch-all redirect bound to it alone", async () => {
        const run = await runProgram(http01Config());
        const gateways = run.ofType(TYPES.gateway);
        assert.equal(gateways.length, 2);
        const main = gateways.find((g) => g.inputs.metadata.name === "mysdsgateway")!;
        assert.deepEqual(
            main.inputs.spec.servers.map((s: { port: { number: number } }) => s.port.number),
            [443],
            "the stack's Gateway has no port-80 server, so its routes never serve plain HTTP",
        );
        const http = gateways.find((g) => g.inputs.metadata.name === "mysdsgateway-http")!;
        assert.deepEqual(http.inputs.spec.servers, [
            { port: { number: 80, name: "http-myexample-credential", protocol: "HTTP" }, hosts: ["a.aliyun.com"] },
        ]);
        assert.deepEqual(http.inputs.spec.selector, main.inputs.spec.selector);
        const redirect = run
            .ofType(TYPES.virtualService)
            .find((vs) => vs.inputs.metadata.name === "mysdsgateway-https-redirect")!;
        assert.deepEqual(redirect.inputs.spec, {
            hosts: ["a.aliyun.com"],
            gateways: ["default/mysdsgateway-http"],
            http: [{ redirect: { scheme: "https", redirectCode: 301 } }],
        });
        const [issuer] = run.ofType(CLUSTER_ISSUER);
        assert.deepEqual(issuer.inputs.spec.acme.solvers[0].http01, { ingress: { ingressClassName: "istio" } });
    });

    it("Istio's API: a redirect without HTTP-01 stays the port-80 httpsRedirect server it always was", async () => {
        const config = http01Config();
        config.issuers[0].acme.solvers = [
            { dns01: { rfc2136: { nameserver: "ns1:53", tsigKeyName: "k", tsigSecretName: "tsig" } } },
        ];
        const run = await runProgram(config);
        const [gateway] = run.ofType(TYPES.gateway);
        assert.equal(run.ofType(TYPES.gateway).length, 1);
        assert.deepEqual(gateway.inputs.spec.servers[1].tls, { httpsRedirect: true });
    });

    it("Gateway API: the HTTP listener and redirect route stay, and cert-manager's challenge route attaches beside them", async () => {
        const config = http01Config();
        config.gateway = { api: "gateway-api", className: "istio", name: "mysdsgateway", namespace: "edge" };
        const run = await runProgram(config);
        const [gateway] = run.ofType("kubernetes:gateway.networking.k8s.io/v1:Gateway");
        assert.deepEqual(
            gateway.inputs.spec.listeners.map((l: { name: string; port: number }) => `${l.name}:${l.port}`),
            ["https-a.aliyun.com:443", "http-a.aliyun.com:80"],
        );
        const routes = run.ofType("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute");
        assert.ok(routes.some((r) => r.inputs.metadata.name === "https-redirect-a.aliyun.com"));
        const [issuer] = run.ofType(CLUSTER_ISSUER);
        assert.deepEqual(issuer.inputs.spec.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs, [
            { name: "mysdsgateway", namespace: "edge", kind: "Gateway" },
        ]);
    });

    it("Gateway API: HTTP-01 without a redirect still gets its port-80 listener, and no redirect route", async () => {
        const config = http01Config();
        delete config.certificates[0].httpsRedirect;
        config.gateway = { api: "gateway-api", className: "istio", name: "mysdsgateway", namespace: "edge" };
        const run = await runProgram(config);
        const [gateway] = run.ofType("kubernetes:gateway.networking.k8s.io/v1:Gateway");
        assert.deepEqual(
            gateway.inputs.spec.listeners.map((l: { port: number }) => l.port),
            [443, 80],
        );
        const routes = run.ofType("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute");
        assert.ok(!routes.some((r) => r.inputs.metadata.name.startsWith("https-redirect-")));
    });
});

describe("cert-manager with the Gateway API and with several data planes", () => {
    it("Gateway API: the Certificate in the Gateway's namespace, HTTP-01 through an HTTPRoute on the stack's Gateway", async () => {
        const config = acmeConfig();
        config.gateway = { ...config.gateway, api: "gateway-api", namespace: "edge" };
        delete config.gateway.selector;
        delete config.gateway.workloadNamespace;
        config.certificates[0].hosts = ["a.aliyun.com", "b.aliyun.com"];
        config.issuers[0].acme.solvers = [{ http01: {} }];
        const run = await runProgram(config);
        assert.equal(run.ofType(CERTIFICATE)[0].inputs.metadata.namespace, "edge");
        const [issuer] = run.ofType(CLUSTER_ISSUER);
        assert.deepEqual(issuer.inputs.spec.acme.solvers[0].http01, {
            gatewayHTTPRoute: { parentRefs: [{ name: "mysdsgateway", namespace: "edge", kind: "Gateway" }] },
        });
    });

    it("several data planes: each cluster's cert-manager gets its own Certificate and issuer, through its provider", async () => {
        const config = acmeConfig();
        config.dataPlanes = [
            { name: "hangzhou", context: "hz" },
            { name: "beijing", context: "bj" },
        ];
        const run = await runProgram(config);
        const providerOf = (r: { provider?: string }) => r.provider?.split("::")[3];
        assert.deepEqual(run.ofType(CERTIFICATE).map(providerOf).sort(), ["data-plane-beijing", "data-plane-hangzhou"]);
        assert.deepEqual(run.ofType(CLUSTER_ISSUER).map(providerOf).sort(), [
            "data-plane-beijing",
            "data-plane-hangzhou",
        ]);
        assert.equal(run.ofType(TYPES.gateway).length, 2);
    });
});
