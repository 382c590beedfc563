// The tutorial config (tests/config/tutorial.yaml, what Pulumi.dev.yaml first held) must reproduce the aliyun.com tutorial, object by object.

import * as assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { type ProgramRun, TYPES, isSecretValue, runProgram, unwrapSecrets } from "./harness";
import { devConfig } from "./fixtures";

/** The mocks' project and stack, as the annotation that marks the stack's objects names them. */
const OWNER = "istio-gateway-tls/dev";

describe("dev stack: the aliyun.com tutorial", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram(devConfig(), { stack: "dev" });
    });

    describe("root CA", () => {
        it("has an RSA 2048 private key", () => {
            const key = run.named("ingress-myexample-credential-ca-key");
            assert.equal(key.type, TYPES.privateKey);
            assert.deepEqual(key.inputs, { algorithm: "RSA", rsaBits: 2048 });
        });

        it("is a self-signed CA certificate: cert_signing, O=myexample Inc., CN=aliyun.com, 365 days", () => {
            const ca = run.named("ingress-myexample-credential-ca-cert");
            assert.equal(ca.type, TYPES.selfSignedCert);
            assert.equal(ca.inputs.isCaCertificate, true);
            assert.ok(ca.inputs.allowedUses.includes("cert_signing"));
            assert.deepEqual(ca.inputs.subject, { commonName: "aliyun.com", organization: "myexample Inc." });
            assert.equal(ca.inputs.validityPeriodHours, 365 * 24);
            assert.equal(
                unwrapSecrets(ca.inputs.privateKeyPem),
                "MOCK PRIVATE KEY ingress-myexample-credential-ca-key",
            );
        });
    });

    describe("server certificate", () => {
        it("has its own private key, not the CA's", () => {
            const csr = run.named("ingress-myexample-credential-csr");
            assert.match(
                unwrapSecrets(csr.inputs.privateKeyPem),
                /^MOCK PRIVATE KEY ingress-myexample-credential-key /,
            );
        });

        it("requests CN=aliyun.com, O=myexample organization with SANs *.aliyun.com and aliyun.com", () => {
            const csr = run.named("ingress-myexample-credential-csr");
            assert.equal(csr.type, TYPES.certRequest);
            assert.deepEqual(csr.inputs.subject, { commonName: "aliyun.com", organization: "myexample organization" });
            assert.deepEqual(csr.inputs.dnsNames, ["*.aliyun.com", "aliyun.com"]);
        });

        it("is signed by the CA for server_auth, for 365 days", () => {
            const cert = run.named("ingress-myexample-credential-cert");
            assert.equal(cert.type, TYPES.locallySignedCert);
            assert.ok(cert.inputs.allowedUses.includes("server_auth"));
            assert.equal(cert.inputs.validityPeriodHours, 365 * 24);
            assert.ok(new X509Certificate(cert.inputs.caCertPem).ca, "caCertPem is not a CA certificate");
            assert.equal(
                cert.inputs.caCertPem,
                run.outputs.credentials[0].caCertPem,
                "signed by another CA than the one published",
            );
            assert.equal(
                unwrapSecrets(cert.inputs.caPrivateKeyPem),
                "MOCK PRIVATE KEY ingress-myexample-credential-ca-key",
            );
            assert.match(cert.inputs.certRequestPem, /^MOCK CSR ingress-myexample-credential-csr /);
        });
    });

    describe("credential secret", () => {
        it("is kubernetes.io/tls secret myexample-credential in istio-system, with tls.crt and tls.key only", () => {
            const secret = run.named("ingress-myexample-credential-secret");
            assert.equal(secret.type, TYPES.secret);
            assert.equal(secret.inputs.type, "kubernetes.io/tls");
            assert.equal(secret.inputs.metadata.name, "myexample-credential");
            assert.equal(secret.inputs.metadata.namespace, "istio-system");
            const data = unwrapSecrets(secret.inputs.stringData);
            assert.deepEqual(Object.keys(data).sort(), ["tls.crt", "tls.key"]);
            assert.equal(
                new X509Certificate(data["tls.crt"]).fingerprint256,
                run.outputs.credentials[0].fingerprintSha256,
            );
            assert.match(data["tls.key"], /^MOCK PRIVATE KEY ingress-myexample-credential-key /);
        });

        it("carries its data as a Pulumi secret", () => {
            const secret = run.named("ingress-myexample-credential-secret");
            assert.ok(isSecretValue(secret.inputs.stringData), "stringData should reach the engine as a secret");
        });
    });

    describe("gateway", () => {
        it("is networking.istio.io/v1 Gateway mysdsgateway in default, selecting istio: ingressgateway", () => {
            const [gateway] = run.ofType(TYPES.gateway);
            assert.equal(run.ofType(TYPES.gateway).length, 1);
            assert.equal(gateway.inputs.apiVersion, "networking.istio.io/v1");
            assert.equal(gateway.inputs.kind, "Gateway");
            assert.deepEqual(gateway.inputs.metadata, {
                name: "mysdsgateway",
                namespace: "default",
                annotations: {
                    "istio-gateway-tls.io/stack": OWNER,
                    "istio-gateway-tls.io/workload-namespace": "istio-system",
                },
            });
            assert.deepEqual(gateway.inputs.spec.selector, { istio: "ingressgateway" });
        });

        it("has one HTTPS server on 443, SIMPLE TLS (floor TLS 1.2) with credentialName myexample-credential, for *.aliyun.com", () => {
            const [gateway] = run.ofType(TYPES.gateway);
            assert.deepEqual(gateway.inputs.spec.servers, [
                {
                    port: { number: 443, name: "https-myexample-credential", protocol: "HTTPS" },
                    hosts: ["*.aliyun.com"],
                    tls: { mode: "SIMPLE", credentialName: "myexample-credential", minProtocolVersion: "TLSV1_2" },
                },
            ]);
        });
    });

    describe("virtual services", () => {
        const route = (host: string) => run.ofType(TYPES.virtualService).find((vs) => vs.inputs.spec.hosts[0] === host);

        it("route a.aliyun.com /hello to the NGINX service on port 80, through default/mysdsgateway", () => {
            const vs = route("a.aliyun.com");
            assert.ok(vs, "no VirtualService for a.aliyun.com");
            assert.deepEqual(vs.inputs.spec, {
                hosts: ["a.aliyun.com"],
                gateways: ["default/mysdsgateway"],
                http: [
                    {
                        match: [{ uri: { prefix: "/hello" } }],
                        route: [
                            { destination: { host: "myexampleapp.default.svc.cluster.local", port: { number: 80 } } },
                        ],
                    },
                ],
            });
        });

        it("route b.aliyun.com /status to httpbin on port 8000", () => {
            const vs = route("b.aliyun.com");
            assert.ok(vs, "no VirtualService for b.aliyun.com");
            assert.deepEqual(vs.inputs.spec.http, [
                {
                    match: [{ uri: { prefix: "/status" } }],
                    route: [{ destination: { host: "httpbin.default.svc.cluster.local", port: { number: 8000 } } }],
                },
            ]);
        });

        it("are exactly two", () => {
            assert.equal(run.ofType(TYPES.virtualService).length, 2);
        });
    });

    describe("sample backends", () => {
        it("label their pods with app and version, as Istio's telemetry and istioctl analyze expect", () => {
            for (const deployment of run.ofType(TYPES.deployment)) {
                const labels = deployment.inputs.spec.template.metadata.labels;
                assert.equal(labels.app, deployment.inputs.metadata.name);
                assert.equal(labels.version, "v1");
            }
        });

        it("label the existing default namespace for injection with a patch, without owning it", () => {
            const patches = run.ofType(TYPES.namespacePatch);
            assert.equal(patches.length, 1);
            assert.deepEqual(patches[0].inputs.metadata, { name: "default", labels: { "istio-injection": "enabled" } });
            assert.equal(run.ofType("kubernetes:core/v1:Namespace").length, 0);
        });

        it("serve 'Welcome to a.aliyun.com!' on /hello from the NGINX ConfigMap, mounted by the NGINX Deployment", () => {
            const [configMap] = run.ofType(TYPES.configMap);
            assert.equal(configMap.inputs.metadata.name, "myexample-nginx-configmap");
            assert.match(
                configMap.inputs.data["nginx.conf"],
                /location \/hello \{\s*return 200 'Welcome to a\.aliyun\.com!';/,
            );
            const nginx = run.ofType(TYPES.deployment).find((d) => d.inputs.metadata.name === "myexampleapp");
            assert.ok(nginx, "no NGINX deployment");
            const pod = nginx.inputs.spec.template.spec;
            assert.equal(pod.volumes[0].configMap.name, "myexample-nginx-configmap");
            assert.equal(pod.containers[0].volumeMounts[0].mountPath, "/etc/nginx");
            assert.equal(pod.containers[0].image, "nginx:1.27");
        });

        it("expose NGINX as service myexampleapp:80 and httpbin as httpbin:8000 -> 80, with its service account", () => {
            const services = Object.fromEntries(
                run.ofType(TYPES.service).map((s) => [s.inputs.metadata.name, s.inputs.spec]),
            );
            assert.deepEqual(services.myexampleapp.ports, [{ name: "http", port: 80, protocol: "TCP" }]);
            assert.deepEqual(services.httpbin.ports, [{ name: "http", port: 8000, targetPort: 80 }]);
            const [account] = run.ofType(TYPES.serviceAccount);
            assert.equal(account.inputs.metadata.name, "httpbin");
            const httpbin = run.ofType(TYPES.deployment).find((d) => d.inputs.metadata.name === "httpbin");
            assert.equal(httpbin?.inputs.spec.template.spec.serviceAccountName, "httpbin");
        });

        it("all live in the default namespace", () => {
            const sampleTypes: string[] = [TYPES.configMap, TYPES.deployment, TYPES.service, TYPES.serviceAccount];
            const namespaces = new Set(
                run.resources.filter((r) => sampleTypes.includes(r.type)).map((r) => r.inputs.metadata.namespace),
            );
            assert.deepEqual([...namespaces], ["default"]);
        });
    });

    describe("ownership", () => {
        it("marks every object it creates with the project and stack, and not the namespace it only patches", () => {
            // The recovery adopts an interrupted create's object only when it carries this mark.
            const objects = run.resources.filter(
                (r) => r.type.startsWith("kubernetes:") && r.type !== TYPES.namespacePatch,
            );
            assert.deepEqual(
                objects
                    .filter((r) => r.inputs.metadata.annotations?.["istio-gateway-tls.io/stack"] !== OWNER)
                    .map((r) => r.name),
                [],
            );
            assert.ok(objects.length >= 9, `only ${objects.length} objects`);
            const [patch] = run.ofType(TYPES.namespacePatch);
            assert.equal(patch.inputs.metadata.annotations, undefined);
        });
    });

    describe("stack outputs", () => {
        it("describe the credential with public material only: secret, hosts, expiry, fingerprint, CA", () => {
            const secretData = unwrapSecrets(run.named("ingress-myexample-credential-secret").inputs.stringData);
            const served = new X509Certificate(secretData["tls.crt"]);
            assert.equal(run.outputs.credentials.length, 1);
            const { renewAfter, ...credential } = run.outputs.credentials[0];
            assert.deepEqual(credential, {
                name: "myexample-credential",
                secretName: "myexample-credential",
                secretNamespace: "istio-system",
                mode: "SIMPLE",
                hosts: ["*.aliyun.com"],
                notAfter: new Date(served.validTo).toISOString(),
                renewBeforeDays: 30,
                source: "issued",
                fingerprintSha256: served.fingerprint256,
                caCertPem: run.named("ingress-myexample-credential-cert").inputs.caCertPem,
            });
            assert.ok(Date.parse(renewAfter) > Date.now(), `renewAfter ${renewAfter} is not in the future`);
        });

        it("carry no private key, and no sample client without mutual TLS", () => {
            const text = JSON.stringify(run.outputs);
            assert.doesNotMatch(text, /PRIVATE KEY/);
            assert.deepEqual(run.outputs.sampleClients, {});
        });

        it("give a curl check per route that verifies against the CA instead of -k", () => {
            assert.deepEqual(
                run.outputs.routes.map((r: any) => [r.host, r.path, r.credential]),
                [
                    ["a.aliyun.com", "/hello", "myexample-credential"],
                    ["b.aliyun.com", "/status/418", "myexample-credential"],
                ],
            );
            assert.equal(
                run.outputs.routes[1].curl,
                `curl --cacert myexample-credential-ca.crt --resolve 'b.aliyun.com:443:'"$INGRESS_HOST" https://b.aliyun.com/status/418`,
            );
            assert.equal(run.outputs.gateway, "default/mysdsgateway");
            assert.deepEqual(
                run.outputs.routes.map((r: any) => r.expect),
                [
                    { status: 200, bodyIncludes: "Welcome to a.aliyun.com!" },
                    { status: 418, bodyIncludes: "teapot" },
                ],
            );
        });
    });
});
