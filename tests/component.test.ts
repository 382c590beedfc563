// SecureIngress used directly, as another Pulumi program would: args validation, resource options, tree.

import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { SecureIngress, curlCheck } from "../components";
import { X509Certificate } from "node:crypto";
import { TYPES, isSecretValue, runComponents, unwrapSecrets, componentProblems } from "./harness";
import { issueCertificate } from "./pki";
import { devConfig } from "./fixtures";

interface Captured {
    type: string;
    name: string;
    opts: pulumi.CustomResourceOptions & pulumi.ComponentResourceOptions;
}

/** Builds a SecureIngress with a transformation that records every child's resource options. */
async function buildCapturing(args = devConfig()) {
    const captured: Captured[] = [];
    const capture: pulumi.ResourceTransformation = ({ type, name, opts }) => {
        captured.push({ type, name, opts });
        return undefined;
    };
    let ingress: SecureIngress | undefined;
    const run = await runComponents(({ transformations }) => {
        ingress = new SecureIngress("edge", args as any, { transformations: [...transformations, capture] });
        return { credentials: ingress.credentialSummaries };
    });
    return { run, captured, ingress: ingress! };
}

describe("SecureIngress component", () => {
    it("registers components with istio-gateway-tls:<module>:<Name> type tokens", async () => {
        const { run } = await buildCapturing();
        const componentTypes = [
            ...new Set(run.resources.filter((r) => r.type.startsWith("istio-gateway-tls:")).map((r) => r.type)),
        ].sort();
        assert.deepEqual(componentTypes, [
            "istio-gateway-tls:backends:SampleBackends",
            "istio-gateway-tls:gateway:IstioGateway",
            "istio-gateway-tls:index:SecureIngress",
            "istio-gateway-tls:pki:CertificateAuthority",
            "istio-gateway-tls:pki:GatewayCredential",
        ]);
    });

    it("prefixes children with its own name, so two instances can live in one program", async () => {
        const { run } = await buildCapturing();
        const custom = run.resources.filter((r) => !r.type.startsWith("istio-gateway-tls:"));
        assert.ok(custom.length > 10);
        for (const r of custom) assert.match(r.name, /^edge-/, `${r.type} ${r.name}`);
    });

    it("parents every resource under a component of this package", async () => {
        const { captured } = await buildCapturing();
        const children = captured.filter((c) => c.type !== "istio-gateway-tls:index:SecureIngress");
        assert.ok(children.length > 10);
        for (const { type, name, opts } of children) {
            const parent = opts.parent as pulumi.Resource | undefined;
            assert.ok(parent instanceof pulumi.ComponentResource, `${type} ${name} has no component parent`);
        }
    });

    it("marks every private key's key material as secret outputs", async () => {
        const { captured } = await buildCapturing();
        const keys = captured.filter((c) => c.type === TYPES.privateKey);
        assert.equal(keys.length, 2);
        for (const key of keys) assert.ok(key.opts.additionalSecretOutputs?.includes("privateKeyPem"), key.name);
    });

    it("never deletes before replacing: the gateway must not lose its credential", async () => {
        const { captured } = await buildCapturing();
        for (const { type, name, opts } of captured)
            assert.ok(!opts.deleteBeforeReplace, `${type} ${name} deletes before replacing`);
    });

    it("makes the Gateway wait for the secret: credentialName is the secret's own output", async () => {
        const { ingress } = await buildCapturing();
        const credential = ingress.gatewayCredentials["myexample-credential"];
        // The 0.2 name stays, deprecated, for the same components.
        assert.equal(ingress.credentials["myexample-credential"], credential);
        const dependencies = await (credential.credentialName as any).allResources();
        assert.ok([...dependencies].includes(credential.secret), "credentialName does not depend on the secret");
    });

    it("prints curl checks that put a non-443 port in the URL and probe a wildcard host as www.", () => {
        assert.equal(
            curlCheck("*.aliyun.com", "/", 8443, "c"),
            `curl --cacert c-ca.crt --resolve 'www.aliyun.com:8443:'"$INGRESS_HOST" https://www.aliyun.com:8443/`,
        );
    });

    it("rejects bad args with a ConfigError before registering anything, itself included", async () => {
        const args = devConfig();
        args.certificates[0].name = "prometheus-credential";
        const { paths, registered } = await componentProblems(args);
        assert.deepEqual(paths, ["certificates[0].name"]);
        assert.equal(registered, 0);
    });
});

describe("SecureIngress with a brought certificate as secrets or outputs", () => {
    const shop = () => issueCertificate(["shop.example.com"]);
    const argsWith = (existing: Record<string, unknown>) => {
        const args = devConfig();
        args.certificates.push({ name: "shop-credential", hosts: ["shop.example.com"], existing });
        return args as any;
    };

    it("takes certPem and keyPem as pulumi.Input (a secret, another resource's output) and stores them as the secret's data", async () => {
        const { certPem, keyPem } = shop();
        let ingress: SecureIngress | undefined;
        const run = await runComponents((instrumentation) => {
            ingress = new SecureIngress(
                "edge",
                argsWith({ certPem: pulumi.output(certPem), keyPem: pulumi.secret(keyPem) }),
                instrumentation,
            );
            return { credentials: ingress.credentialSummaries };
        });
        const secret = run.named("edge-shop-credential-secret");
        assert.ok(isSecretValue(secret.inputs.stringData));
        assert.deepEqual(unwrapSecrets(secret.inputs.stringData), { "tls.crt": certPem, "tls.key": keyPem });
        const summary = run.outputs.credentials.find((c: any) => c.name === "shop-credential");
        assert.equal(summary.source, "existing");
        assert.equal(summary.fingerprintSha256, new X509Certificate(certPem).fingerprint256);
    });

    it("still checks everything that does not need the PEMs' content", async () => {
        const { certPem, keyPem } = shop();
        const args = argsWith({ certPem: pulumi.output(certPem), keyPem: pulumi.secret(keyPem) });
        args.certificates[1].name = "istio-shop";
        assert.deepEqual((await componentProblems(args)).paths, ["certificates[1].name"]);
    });

    it("exposes no brought key in a public field", async () => {
        const { certPem, keyPem } = shop();
        let ingress: SecureIngress | undefined;
        await runComponents((instrumentation) => {
            ingress = new SecureIngress("edge", argsWith({ certPem, keyPem }), instrumentation);
            return {};
        });
        const keyLine = keyPem.split("\n")[1];
        for (const [field, value] of Object.entries(ingress!)) {
            if (pulumi.Output.isInstance(value) || pulumi.Resource.isInstance(value)) continue;
            assert.doesNotMatch(
                JSON.stringify(value, (_, v) =>
                    pulumi.Resource.isInstance(v) || pulumi.Output.isInstance(v) ? undefined : v,
                ) ?? "",
                new RegExp(keyLine.slice(0, 40).replace(/[+/]/g, "\\$&")),
                field,
            );
        }
    });
});
