// Production TLS options per certificate: mutual TLS, HTTPS redirect, TLS versions and ciphers, ECDSA keys
// and dual RSA + ECDSA credentials. Each: the exact Gateway server and secret, Istio's CRD schema accepting
// the Gateway, and its validation errors.

import * as assert from "node:assert/strict";
import { importUntyped } from "./esm";
import { X509Certificate } from "node:crypto";
import type { Problem } from "../config/validation/problems";
import { type ProgramRun, TYPES, isSecretValue, runProgram, unwrapSecrets } from "./harness";
import { devConfig, problemsOf } from "./fixtures";
import { TestCa, issueCertificate } from "./pki";

async function gatewaySchemaErrors(run: ProgramRun): Promise<string | undefined> {
    const { Gateway } = await importUntyped("@kubernetes-models/istio/networking.istio.io/v1/Gateway");
    const { apiVersion, kind, ...rest } = unwrapSecrets(run.ofType(TYPES.gateway)[0].inputs);
    try {
        new Gateway(rest).validate();
        return undefined;
    } catch (error) {
        return String((error as Error).message);
    }
}

function withCertificate(changes: Record<string, unknown>) {
    const config = devConfig();
    Object.assign(config.certificates[0], changes);
    return config;
}

const server = (run: ProgramRun, i = 0) => run.ofType(TYPES.gateway)[0].inputs.spec.servers[i];
const secretData = (run: ProgramRun, name = "ingress-myexample-credential-secret") =>
    unwrapSecrets(run.named(name).inputs.stringData);

function onlyProblem(changes: Record<string, unknown>, path: string, message: RegExp): Problem {
    const problems = problemsOf(withCertificate(changes));
    assert.deepEqual(
        problems.map((p) => p.path),
        [path],
        JSON.stringify(problems, null, 2),
    );
    assert.match(problems[0].message, message);
    return problems[0];
}

describe("gateway TLS options", () => {
    describe("mutual TLS with a generated client CA and a sample client", () => {
        let run: ProgramRun;
        before(async () => {
            run = await runProgram(
                withCertificate({ mode: "MUTUAL", clientCa: { generate: true, sampleClient: true } }),
            );
        });

        it("serves MUTUAL TLS from the same credential", () => {
            assert.deepEqual(server(run).tls, {
                mode: "MUTUAL",
                credentialName: "myexample-credential",
                minProtocolVersion: "TLSV1_2",
            });
        });

        it("stores the generated client CA in the credential secret as ca.crt", () => {
            const data = secretData(run);
            assert.deepEqual(Object.keys(data).sort(), ["ca.crt", "tls.crt", "tls.key"]);
            assert.equal(data["ca.crt"], run.outputs.credentials[0].clientCaCertPem);
            assert.ok(new X509Certificate(data["ca.crt"]).ca);
            assert.deepEqual(run.named("ingress-myexample-credential-client-ca-cert").inputs.subject, {
                commonName: "myexample-credential client CA",
            });
        });

        it("issues a sample client certificate for client_auth, its key only in a secret output", () => {
            const cert = run.named("ingress-myexample-credential-sample-client-cert");
            assert.ok(cert.inputs.allowedUses.includes("client_auth"));
            assert.ok(run.secretOutputs.includes("sampleClients"), "sampleClients is not a secret output");
            assert.match(run.outputs.sampleClients["myexample-credential"].keyPem, /PRIVATE KEY/);
            assert.doesNotMatch(JSON.stringify(run.outputs.credentials), /PRIVATE KEY/);
        });

        it("passes the Istio Gateway schema", async () => assert.equal(await gatewaySchemaErrors(run), undefined));
    });

    it("OPTIONAL_MUTUAL with a supplied client CA stores that PEM as ca.crt and generates no client CA", async () => {
        const clientCa = new TestCa("partner client CA").certPem;
        const run = await runProgram(withCertificate({ mode: "OPTIONAL_MUTUAL", clientCa: { certPem: clientCa } }));
        assert.equal(server(run).tls.mode, "OPTIONAL_MUTUAL");
        assert.equal(secretData(run)["ca.crt"], clientCa);
        assert.equal(run.resources.filter((r) => r.name.includes("-client-")).length, 0);
        assert.equal(await gatewaySchemaErrors(run), undefined);
    });

    it("MUTUAL with subjectAltNames passes them to the server", async () => {
        const run = await runProgram(
            withCertificate({ mode: "MUTUAL", clientCa: { generate: true }, subjectAltNames: ["client.example.com"] }),
        );
        assert.deepEqual(server(run).tls.subjectAltNames, ["client.example.com"]);
        assert.equal(await gatewaySchemaErrors(run), undefined);
    });

    it("httpsRedirect adds a port-80 HTTP server for the same hosts, after the HTTPS servers", async () => {
        const config = withCertificate({ httpsRedirect: true });
        config.certificates.push({ name: "shop-credential", hosts: ["shop.example.com"] });
        const run = await runProgram(config);
        const servers = run.ofType(TYPES.gateway)[0].inputs.spec.servers;
        assert.deepEqual(
            servers.map((s: any) => s.port.number),
            [443, 443, 80],
        );
        assert.deepEqual(servers[2], {
            port: { number: 80, name: "http-myexample-credential", protocol: "HTTP" },
            hosts: ["*.aliyun.com"],
            tls: { httpsRedirect: true },
        });
        assert.equal(await gatewaySchemaErrors(run), undefined);
    });

    it("TLS versions and cipher suites go into the server's tls", async () => {
        const cipherSuites = ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256"];
        const run = await runProgram(
            withCertificate({ minProtocolVersion: "TLSV1_2", maxProtocolVersion: "TLSV1_3", cipherSuites }),
        );
        assert.deepEqual(server(run).tls, {
            mode: "SIMPLE",
            credentialName: "myexample-credential",
            minProtocolVersion: "TLSV1_2",
            maxProtocolVersion: "TLSV1_3",
            cipherSuites,
        });
        assert.equal(await gatewaySchemaErrors(run), undefined);
    });

    it("ECDSA keys use P256 explicitly (never @pulumi/tls's P224 default), with no key encipherment", async () => {
        const run = await runProgram(withCertificate({ keyAlgorithm: "ECDSA" }));
        assert.deepEqual(run.named("ingress-myexample-credential-key").inputs, {
            algorithm: "ECDSA",
            ecdsaCurve: "P256",
        });
        assert.deepEqual(run.named("ingress-myexample-credential-ca-key").inputs, {
            algorithm: "ECDSA",
            ecdsaCurve: "P256",
        });
        assert.deepEqual(run.named("ingress-myexample-credential-cert").inputs.allowedUses, [
            "digital_signature",
            "server_auth",
        ]);
    });

    it("RSA 4096 keys when asked", async () => {
        const run = await runProgram(withCertificate({ rsaBits: 4096 }));
        assert.deepEqual(run.named("ingress-myexample-credential-key").inputs, { algorithm: "RSA", rsaBits: 4096 });
    });

    describe("dualStack", () => {
        let run: ProgramRun;
        before(async () => {
            run = await runProgram(withCertificate({ dualStack: true }));
        });

        it("issues an ECDSA certificate beside the RSA one, into a second secret", () => {
            assert.deepEqual(run.named("ingress-myexample-credential-ecdsa-key").inputs, {
                algorithm: "ECDSA",
                ecdsaCurve: "P256",
            });
            assert.deepEqual(run.named("ingress-myexample-credential-key").inputs, { algorithm: "RSA", rsaBits: 2048 });
            const secondary = run.named("ingress-myexample-credential-ecdsa-secret");
            assert.equal(secondary.inputs.metadata.name, "myexample-credential-ecdsa");
            assert.equal(secondary.inputs.metadata.namespace, "istio-system");
            assert.ok(isSecretValue(secondary.inputs.stringData));
            const csr = run.named("ingress-myexample-credential-ecdsa-csr");
            assert.deepEqual(csr.inputs.dnsNames, ["*.aliyun.com", "aliyun.com"]);
        });

        it("serves both through credentialNames instead of credentialName", () => {
            assert.deepEqual(server(run).tls, {
                mode: "SIMPLE",
                credentialNames: ["myexample-credential", "myexample-credential-ecdsa"],
                minProtocolVersion: "TLSV1_2",
            });
            assert.equal(run.outputs.credentials[0].secondarySecretName, "myexample-credential-ecdsa");
            assert.match(run.outputs.credentials[0].secondaryFingerprintSha256, /^[0-9A-F:]{95}$/);
        });

        it("passes the Istio Gateway schema", async () => assert.equal(await gatewaySchemaErrors(run), undefined));
    });

    describe("validation", () => {
        it("MUTUAL without a client CA", () =>
            onlyProblem({ mode: "MUTUAL" }, "certificates[0].clientCa", /is required with mode MUTUAL/));
        it("a client CA without a mutual mode", () =>
            onlyProblem(
                { clientCa: { generate: true } },
                "certificates[0].clientCa",
                /no effect unless mode is MUTUAL/,
            ));
        it("a client CA with both generate and certPem", () =>
            onlyProblem(
                { mode: "MUTUAL", clientCa: { generate: true, certPem: new TestCa("x").certPem } },
                "certificates[0].clientCa",
                /exactly one of generate: true and certPem/,
            ));
        it("a supplied client CA that is not a CA", () =>
            onlyProblem(
                { mode: "MUTUAL", clientCa: { certPem: issueCertificate(["leaf.example.com"]).certPem } },
                "certificates[0].clientCa.certPem",
                /not a CA/,
            ));
        it("sampleClient without a generated client CA", () =>
            onlyProblem(
                { mode: "MUTUAL", clientCa: { certPem: new TestCa("y").certPem, sampleClient: true } },
                "certificates[0].clientCa.sampleClient",
                /only to a generated client CA/,
            ));
        it("subjectAltNames without MUTUAL (Istio's rule)", () =>
            onlyProblem(
                { mode: "OPTIONAL_MUTUAL", clientCa: { generate: true }, subjectAltNames: ["c"] },
                "certificates[0].subjectAltNames",
                /only with mode MUTUAL/,
            ));
        it("an unknown mode", () => onlyProblem({ mode: "PASSTHROUGH" }, "certificates[0].mode", /not a TLS mode/));
        it("a TLS floor below 1.2", () =>
            onlyProblem({ minProtocolVersion: "TLSV1_1" }, "certificates[0].minProtocolVersion", /below TLS 1\.2/));
        it("a ceiling below the floor", () =>
            onlyProblem(
                { minProtocolVersion: "TLSV1_3", maxProtocolVersion: "TLSV1_2" },
                "certificates[0].maxProtocolVersion",
                /below minProtocolVersion \(TLSV1_3\)/,
            ));
        it("an unknown cipher suite, listing the valid ones", () => {
            const problem = onlyProblem(
                { cipherSuites: ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA265"] },
                "certificates[0].cipherSuites[1]",
                /not a cipher suite Istio accepts/,
            );
            assert.match(problem.fix, /did you mean "ECDHE-RSA-AES128-GCM-SHA256"\?/);
            assert.match(problem.fix, /ECDHE-ECDSA-CHACHA20-POLY1305/);
        });
        it("dualStack on a brought certificate", () => {
            const { certPem, keyPem } = issueCertificate(["*.aliyun.com", "aliyun.com"]);
            const config = devConfig();
            config.certificates[0] = {
                name: "myexample-credential",
                hosts: ["*.aliyun.com"],
                existing: { certPem, keyPem },
                dualStack: true,
            };
            assert.deepEqual(
                problemsOf(config).map((p) => p.path),
                ["certificates[0].dualStack"],
            );
        });
        it("a dualStack secret that another certificate already uses", () => {
            const config = withCertificate({ dualStack: true });
            config.certificates.push({ name: "myexample-credential-ecdsa", hosts: ["shop.example.com"] });
            const problems = problemsOf(config);
            assert.deepEqual(
                problems.map((p) => p.path),
                ["certificates[1]"],
            );
            assert.match(
                problems[0].message,
                /resolves to the secret "myexample-credential-ecdsa", as certificates\[0\] does/,
            );
        });
    });
});
