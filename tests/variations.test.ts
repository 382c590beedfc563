// Config changes a platform team makes, run through index.ts under mocks: what each one registers.

import * as assert from "node:assert/strict";
import { type ProgramRun, type RegisteredResource, TYPES, runProgram, unwrapSecrets } from "./harness";
import { devConfig } from "./fixtures";

/** Registered resources by logical name, with inputs unwrapped: what two runs are compared on. */
function byName(run: ProgramRun): Map<string, { type: string; inputs: unknown }> {
    return new Map(
        run.resources.map((r: RegisteredResource) => [r.name, { type: r.type, inputs: unwrapSecrets(r.inputs) }]),
    );
}

function shopCertificate() {
    return { name: "shop-credential", hosts: ["shop.example.com"] };
}

describe("config variations of the dev stack", () => {
    let dev: ProgramRun;
    before(async () => {
        dev = await runProgram(devConfig());
    });

    it("a second certificate adds a second HTTPS server, CA, key, certificate and secret", async () => {
        const config = devConfig();
        config.certificates.push(shopCertificate());
        const run = await runProgram(config);

        const servers = run.ofType(TYPES.gateway)[0].inputs.spec.servers;
        assert.deepEqual(
            servers.map((s: any) => [s.hosts, s.tls.credentialName]),
            [
                [["*.aliyun.com"], "myexample-credential"],
                [["shop.example.com"], "shop-credential"],
            ],
        );
        const secret = run.named("ingress-shop-credential-secret");
        assert.deepEqual(secret.inputs.metadata, {
            name: "shop-credential",
            namespace: "istio-system",
            labels: secret.inputs.metadata.labels,
            annotations: secret.inputs.metadata.annotations,
        });
        for (const suffix of ["ca-key", "ca-cert", "key", "csr", "cert"])
            run.named(`ingress-shop-credential-${suffix}`);
        assert.equal(run.ofType(TYPES.secret).length, 2);
    });

    it("a certificate with only name and hosts gets the defaults: CN from the first host, RSA 2048, 365 days", async () => {
        const config = devConfig();
        config.certificates.push(shopCertificate());
        const run = await runProgram(config);
        assert.deepEqual(run.named("ingress-shop-credential-csr").inputs.subject, { commonName: "shop.example.com" });
        assert.deepEqual(run.named("ingress-shop-credential-csr").inputs.dnsNames, ["shop.example.com"]);
        assert.deepEqual(run.named("ingress-shop-credential-key").inputs, { algorithm: "RSA", rsaBits: 2048 });
        assert.equal(run.named("ingress-shop-credential-cert").inputs.validityPeriodHours, 365 * 24);
        assert.equal(run.named("ingress-shop-credential-ca-cert").inputs.validityPeriodHours, 3650 * 24);
    });

    it("an added route for a new host under the wildcard adds exactly one VirtualService and changes nothing else", async () => {
        const config = devConfig();
        config.routes.push({ host: "c.aliyun.com", pathPrefix: "/", service: "myexampleapp", port: 80 });
        const after = byName(await runProgram(config));
        const before = byName(dev);

        const added = [...after.keys()].filter((name) => !before.has(name));
        assert.deepEqual(added, ["ingress-route-c.aliyun.com"]);
        assert.equal(after.get(added[0])!.type, TYPES.virtualService);
        for (const [name, resource] of before) assert.deepEqual(after.get(name), resource, `${name} changed`);
    });

    it("a second path for an existing host joins that host's VirtualService, longest prefix first", async () => {
        const config = devConfig();
        config.routes.push({ host: "b.aliyun.com", pathPrefix: "/status/teapot", service: "httpbin", port: 8000 });
        const run = await runProgram(config);
        assert.equal(run.ofType(TYPES.virtualService).length, 2);
        const vs = run.named("ingress-route-b.aliyun.com");
        assert.deepEqual(
            vs.inputs.spec.http.map((h: any) => h.match[0].uri.prefix),
            ["/status/teapot", "/status"],
        );
    });

    it("reordering certificates and routes registers identical resources", async () => {
        const config = devConfig();
        config.certificates.push(shopCertificate());
        config.routes.push({ host: "shop.example.com", service: "shop", port: 8080, namespace: "shop" });
        const reordered = structuredClone(config);
        reordered.certificates.reverse();
        reordered.routes.reverse();

        const a = await runProgram(config);
        const b = await runProgram(reordered);
        assert.deepEqual([...byName(b)].sort(), [...byName(a)].sort());
        assert.deepEqual(b.resources.map((r) => r.name).sort(), a.resources.map((r) => r.name).sort());
    });

    it("secrets follow gateway.workloadNamespace, while the Gateway stays in gateway.namespace", async () => {
        const config = devConfig();
        config.gateway.workloadNamespace = "asm-gateways";
        config.gateway.namespace = "edge";
        const run = await runProgram(config);
        assert.equal(run.named("ingress-myexample-credential-secret").inputs.metadata.namespace, "asm-gateways");
        assert.equal(run.ofType(TYPES.gateway)[0].inputs.metadata.namespace, "edge");
        assert.deepEqual(run.named("ingress-route-a.aliyun.com").inputs.spec.gateways, ["edge/mysdsgateway"]);
        assert.equal(run.outputs.credentials[0].secretNamespace, "asm-gateways");
    });

    it("the Gateway's credentialName is the name of the secret it reads", () => {
        const secretName = dev.named("ingress-myexample-credential-secret").inputs.metadata.name;
        assert.equal(dev.ofType(TYPES.gateway)[0].inputs.spec.servers[0].tls.credentialName, secretName);
    });

    it("sample images come from config", async () => {
        const config = devConfig();
        config.sampleApps.nginxImage = "registry.cn-hangzhou.aliyuncs.com/mirror/nginx:1.27";
        config.sampleApps.httpbinImage = "registry.cn-hangzhou.aliyuncs.com/mirror/httpbin:latest";
        const run = await runProgram(config);
        const images = run
            .ofType(TYPES.deployment)
            .map((d) => d.inputs.spec.template.spec.containers[0].image)
            .sort();
        assert.deepEqual(images, [config.sampleApps.httpbinImage, config.sampleApps.nginxImage].sort());
    });

    it("without sampleApps.enabled, no backend, ConfigMap or namespace patch is deployed", async () => {
        const config = devConfig();
        delete config.sampleApps;
        const run = await runProgram(config);
        for (const type of [
            TYPES.deployment,
            TYPES.service,
            TYPES.configMap,
            TYPES.namespacePatch,
            TYPES.serviceAccount,
        ]) {
            assert.equal(run.ofType(type).length, 0, `${type} registered`);
        }
        assert.equal(run.ofType(TYPES.virtualService).length, 2);
    });

    it("a route in another namespace targets that namespace's service by its full name", async () => {
        const config = devConfig();
        config.routes.push({ host: "c.aliyun.com", service: "web", port: 8080, namespace: "shop" });
        const run = await runProgram(config);
        const vs = run.named("ingress-route-c.aliyun.com");
        assert.deepEqual(vs.inputs.spec.http[0].route[0].destination, {
            host: "web.shop.svc.cluster.local",
            port: { number: 8080 },
        });
        assert.deepEqual(vs.inputs.spec.http[0].match, [{ uri: { prefix: "/" } }]);
    });

    it("clusterDomain ends a short destination's FQDN, and leaves a fully qualified one as given", async () => {
        const config = devConfig();
        config.clusterDomain = "cluster.example";
        config.routes.push({ host: "c.aliyun.com", service: "web", port: 8080, namespace: "shop" });
        config.routes.push({ host: "d.aliyun.com", service: "web.shop.svc.other.domain", port: 8080 });
        const run = await runProgram(config);
        const destination = (name: string) => run.named(name).inputs.spec.http[0].route[0].destination.host;
        assert.equal(destination("ingress-route-c.aliyun.com"), "web.shop.svc.cluster.example");
        assert.equal(destination("ingress-route-d.aliyun.com"), "web.shop.svc.other.domain");
    });

    it("a wildcard route host gets a VirtualService named wildcard.<domain>", async () => {
        const config = devConfig();
        config.routes.push({ host: "*.aliyun.com", service: "myexampleapp", port: 80 });
        const run = await runProgram(config);
        const vs = run.named("ingress-route-wildcard.aliyun.com");
        assert.equal(vs.inputs.metadata.name, "wildcard.aliyun.com");
        assert.deepEqual(vs.inputs.spec.hosts, ["*.aliyun.com"]);
    });
});
