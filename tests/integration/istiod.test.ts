// istiod in the loop: a real istiod (pilot-discovery on PATH, started here against the test cluster on
// loopback, or ITEST_ISTIOD_ADDRESS) and an ADS client standing in for the ingress gateway (ads.ts). What
// istiod serves the gateway over LDS and SDS is compared with what the stack reports.

import * as assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { X509Certificate, createPrivateKey } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { buildAcmeRedirect } from "../../components/gateway/spec";
import { CLOCK_VARIABLE, PROJECT } from "../../config/load";
import { withDefaults } from "../../config/model/fields";
import { MODELS } from "../../config/model/stack";
import { type AdsSession, connectAsGateway, httpsChains } from "./ads";
import { type Cluster, connect } from "./cluster";
import { type Namespaces, ROOT, setConfig, temporaryBackend, tutorialConfig } from "./stacks";

const { dir: BACKEND, env: ENV } = temporaryBackend();
const NAMESPACES: Namespaces = {
    gateway: "itest-istiod-gw",
    workload: "itest-istiod-system",
    apps: "itest-istiod-apps",
};
/** Only this suite's Gateway selects these labels, so the stand-in gateway sees nothing else's. */
const LABELS = { istio: "itest-istiod-gateway" };
const GATEWAY_SA = "istio-ingressgateway";
const ISTIOD = { grpc: "127.0.0.1:15012", ready: "http://127.0.0.1:18080/ready" };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The injection templates istiod renders gateway Deployments from (the istio-sidecar-injector ConfigMap of
 * its Helm chart), taken from `istioctl manifest generate` when istioctl is on PATH.
 */
async function installInjectionTemplates(cluster: Cluster): Promise<void> {
    const generated = spawnSync("istioctl", ["manifest", "generate", "--set", "profile=minimal"], {
        encoding: "utf8",
        maxBuffer: 64 << 20,
    });
    if (generated.status !== 0) return;
    const injector = (yaml.loadAll(generated.stdout) as any[]).find(
        (doc) => doc?.kind === "ConfigMap" && doc.metadata?.name === "istio-sidecar-injector",
    );
    if (injector) await cluster.apply({ ...injector, metadata: { ...injector.metadata, namespace: "istio-system" } });
}

/** rbac/gateway-workload.yaml, the Role a gateway's own account needs for SDS, in this suite's namespace. */
const secretReader = () =>
    (yaml.loadAll(fs.readFileSync(path.join(ROOT, "rbac", "gateway-workload.yaml"), "utf8")) as any[]).map((doc) => {
        const moved = structuredClone(doc);
        moved.metadata.namespace = NAMESPACES.workload;
        for (const subject of moved.subjects ?? [])
            Object.assign(subject, { name: GATEWAY_SA, namespace: NAMESPACES.workload });
        return moved;
    });

describe("integration: istiod serves the stack's certificates to the gateway (SDS)", () => {
    let cluster: Cluster;
    let stack: Stack;
    let config: Record<string, any>;
    let istiod: ChildProcess | undefined;
    let root: string;
    let gateway: AdsSession;

    const identity = async (serviceAccount: string, pod: string) => ({
        namespace: NAMESPACES.workload,
        pod,
        labels: LABELS,
        serviceAccount,
        token: await cluster.serviceAccountToken(NAMESPACES.workload, serviceAccount, ["istio-ca"]),
    });
    const outputs = async () => (await stack.outputs()).credentials.value as any[];
    const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;
    /** The tutorial's credential, the one the rotation and renewal scenarios change. */
    const tutorial = async () => (await outputs()).find((c) => c.name === "myexample-credential");

    before(async function () {
        const address = process.env.ITEST_ISTIOD_ADDRESS;
        if (!address && spawnSync("pilot-discovery", ["version", "-s"]).error) {
            console.log(
                "    (skipped: no pilot-discovery on PATH and no ITEST_ISTIOD_ADDRESS; build istio.io/istio's pilot/cmd/pilot-discovery)",
            );
            return this.skip();
        }
        cluster = await connect(process.env.KUBECONFIG!);
        for (const namespace of [...Object.values(NAMESPACES), "istio-system"])
            await cluster.ensureNamespace(namespace);
        await cluster.deleteLeftovers(Object.values(NAMESPACES));
        if (!address) {
            await installInjectionTemplates(cluster);
            const log = fs.openSync(
                path.join(fs.mkdtempSync(path.join(os.tmpdir(), "igt-istiod-")), "istiod.log"),
                "w",
            );
            istiod = spawn(
                "pilot-discovery",
                [
                    "discovery",
                    `--kubeconfig=${process.env.KUBECONFIG}`,
                    "--httpAddr=127.0.0.1:18080",
                    "--grpcAddr=127.0.0.1:15010",
                    "--secureGRPCAddr=127.0.0.1:15012",
                    "--monitoringAddr=127.0.0.1:15014",
                    "--domain=cluster.local",
                ],
                {
                    env: {
                        ...process.env,
                        POD_NAMESPACE: "istio-system",
                        POD_NAME: "istiod-itest",
                        REVISION: "default",
                    },
                    stdio: ["ignore", log, log],
                },
            );
            for (
                let i = 0;
                (await fetch(ISTIOD.ready)
                    .then((r) => r.status)
                    .catch(() => 0)) !== 200;
                i++
            ) {
                if (i > 120) assert.fail("istiod was not ready within a minute");
                await sleep(500);
            }
        }
        for (let i = 0; !(await cluster.configMap(NAMESPACES.workload, "istio-ca-root-cert")); i++) {
            if (i > 60) assert.fail("istiod wrote no istio-ca-root-cert ConfigMap");
            await sleep(500);
        }
        root = (await cluster.configMap(NAMESPACES.workload, "istio-ca-root-cert"))!["root-cert.pem"];
        for (const name of [GATEWAY_SA, "gateway-without-role"]) {
            await cluster.apply({
                apiVersion: "v1",
                kind: "ServiceAccount",
                metadata: { name, namespace: NAMESPACES.workload },
            });
        }
        for (const manifest of secretReader()) await cluster.apply(manifest);

        stack = await LocalWorkspace.createOrSelectStack(
            { stackName: "itest-istiod", workDir: ROOT },
            { envVars: ENV },
        );
        config = tutorialConfig(false, NAMESPACES);
        config[`${PROJECT}:gateway`].selector = LABELS;
        config[`${PROJECT}:certificates`].push(
            { name: "shop-credential", hosts: ["shop.example.com"], dualStack: true },
            { name: "mtls-credential", hosts: ["mtls.example.com"], mode: "MUTUAL", clientCa: { generate: true } },
        );
        await setConfig(stack, config);
        await stack.up();
        gateway = connectAsGateway(address ?? ISTIOD.grpc, root, await identity(GATEWAY_SA, "gateway-0"));
    });

    after(async () => {
        delete process.env[CLOCK_VARIABLE];
        gateway?.close();
        await stack?.destroy().catch(() => undefined);
        await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
        istiod?.kill();
        fs.rmSync(BACKEND, { recursive: true, force: true });
    });

    it("I1. LDS: one HTTPS filter chain per certificate, its hosts as server names, its Secrets named for SDS", async () => {
        const chains = await gateway.until(() => {
            const found = httpsChains(gateway.listeners());
            return found.length >= 3 ? found : undefined;
        });
        const byHost = (host: string) => chains.find((c) => c.serverNames.includes(host));
        assert.deepEqual(byHost("*.aliyun.com")?.sds, ["kubernetes://myexample-credential"]);
        assert.deepEqual(byHost("shop.example.com")?.sds, [
            "kubernetes://shop-credential",
            "kubernetes://shop-credential-ecdsa",
        ]);
        assert.deepEqual(byHost("mtls.example.com")?.sds, ["kubernetes://mtls-credential"]);
        // MUTUAL: the client CA comes from the same Secret's ca.crt, as istiod's `-cacert` resource.
        assert.deepEqual(byHost("mtls.example.com")?.validation, ["kubernetes://mtls-credential-cacert"]);
    });

    it("I2. SDS: istiod pushes the certificate the stack reports, with its key; dualStack both; MUTUAL its client CA", async () => {
        const names = [
            "myexample-credential",
            "shop-credential",
            "shop-credential-ecdsa",
            "mtls-credential",
            "mtls-credential-cacert",
        ].map((name) => `kubernetes://${name}`);
        gateway.watchSecrets(names);
        const pushed = await gateway.until(() =>
            names.every((n) => gateway.secrets().has(n)) ? gateway.secrets() : undefined,
        );
        const reported = await outputs();
        for (const credential of reported) {
            const secret = pushed.get(`kubernetes://${credential.secretName}`)!;
            assert.equal(fingerprint(secret.certificateChain!), credential.fingerprintSha256, credential.name);
            assert.ok(
                new X509Certificate(secret.certificateChain!).checkPrivateKey(createPrivateKey(secret.privateKey!)),
                `${credential.name}: the pushed key does not match`,
            );
        }
        const shop = reported.find((c) => c.name === "shop-credential");
        assert.equal(
            fingerprint(pushed.get("kubernetes://shop-credential-ecdsa")!.certificateChain!),
            shop.secondaryFingerprintSha256,
        );
        const mtls = reported.find((c) => c.name === "mtls-credential");
        assert.equal(pushed.get("kubernetes://mtls-credential-cacert")!.trustedCa?.trim(), mtls.clientCaCertPem.trim());
    });

    it("I3. rotation: the new certificate under the new name, and no listener names the old one", async () => {
        config[`${PROJECT}:certificates`][0].rotation = "istiod-1";
        await setConfig(stack, config);
        // Envoy asks for the Secrets its listeners name; ask for the new one now, to time istiod's push.
        const renamed = "kubernetes://myexample-credential-istiod-1";
        gateway.watchSecrets([renamed]);
        await stack.up();
        const ended = Date.now();
        const chains = await gateway.until(() => {
            const found = httpsChains(gateway.listeners());
            return found.some((c) => c.sds.includes(renamed)) ? found : undefined;
        });
        assert.ok(
            !chains.some((c) => c.sds.includes("kubernetes://myexample-credential")),
            "a listener names the old Secret",
        );
        const secret = await gateway.until(() => {
            const pushed = gateway.secrets().get(renamed);
            return pushed?.certificateChain ? pushed : undefined;
        });
        const credential = await tutorial();
        assert.equal(fingerprint(secret.certificateChain!), credential.fingerprintSha256);
        const lead = ended - secret.at;
        console.log(
            `    (istiod pushed the rotated certificate ${lead >= 0 ? `${lead} ms before` : `${-lead} ms after`} up returned)`,
        );
    });

    it("I4. renewal in place: the same name, a new certificate pushed", async () => {
        const before = await tutorial();
        process.env[CLOCK_VARIABLE] = new Date(Date.parse(before.renewAfter) + 86_400_000).toISOString();
        await stack.up();
        delete process.env[CLOCK_VARIABLE];
        const after = await tutorial();
        assert.equal(after.secretName, before.secretName);
        const name = `kubernetes://${after.secretName}`;
        const secret = await gateway.until(() => {
            const pushed = gateway.secrets().get(name);
            return pushed && fingerprint(pushed.certificateChain!) === after.fingerprintSha256 ? pushed : undefined;
        });
        assert.notEqual(fingerprint(secret.certificateChain!), before.fingerprintSha256);
    });

    it("I5. a gateway service account without the Role that reads Secrets gets no certificate", async () => {
        const stranger = connectAsGateway(
            process.env.ITEST_ISTIOD_ADDRESS ?? ISTIOD.grpc,
            root,
            await identity("gateway-without-role", "gateway-1"),
        );
        try {
            const credential = await tutorial();
            stranger.watchSecrets([`kubernetes://${credential.secretName}`]);
            await sleep(5000);
            const pushed = stranger.secrets().get(`kubernetes://${credential.secretName}`);
            assert.equal(pushed?.certificateChain, undefined, "istiod served the certificate without the Role");
        } finally {
            stranger.close();
        }
    });

    it("I6. Gateway API: istiod serves the Gateway's proxy the same listeners and certificate", async () => {
        const gatewayApi = await LocalWorkspace.createOrSelectStack(
            { stackName: "itest-istiod-gwapi", workDir: ROOT },
            { envVars: ENV },
        );
        const namespace = NAMESPACES.apps;
        const proxy = connectAsGatewayApi(namespace);
        try {
            const own = tutorialConfig(false, NAMESPACES);
            own[`${PROJECT}:gateway`] = { api: "gateway-api", name: "itest-k8s-gw", namespace };
            own[`${PROJECT}:certificates`][0].name = "k8s-credential";
            await setConfig(gatewayApi, own);
            await gatewayApi.up();
            // istiod's deployment controller names what it makes <gateway>-<class>. It renders them from the
            // kube-gateway injection template, which istiod's Helm chart installs and a bare pilot-discovery
            // lacks: then the suite makes the account and Role the chart would, and checks what istiod serves.
            const made = "itest-k8s-gw-istio";
            let deployment: unknown;
            for (let i = 0; !deployment && i < 20; i++) {
                deployment = await cluster.read("apps/v1", "Deployment", namespace, made);
                if (!deployment) await sleep(500);
            }
            if (deployment) {
                assert.ok(await cluster.read("v1", "Service", namespace, made), `istiod made no Service ${made}`);
                // No Role for its account: what it is served below, it is served without one.
                for (const manifest of secretReader())
                    await cluster.remove({ ...manifest, metadata: { ...manifest.metadata, namespace } });
            } else {
                console.log(`    (istiod made no Deployment ${made}: no kube-gateway template without its chart)`);
                await cluster.apply({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: made, namespace } });
                for (const manifest of secretReader()) {
                    const moved = structuredClone(manifest);
                    moved.metadata.namespace = namespace;
                    for (const subject of moved.subjects ?? []) Object.assign(subject, { name: made, namespace });
                    await cluster.apply(moved);
                }
            }
            const session = await proxy(made);
            try {
                const chains = await session
                    .until(() => {
                        const found = httpsChains(session.listeners());
                        return found.length > 0 ? found : undefined;
                    })
                    .catch((error) => {
                        console.log(`    (listeners: ${JSON.stringify(session.listeners()).slice(0, 500)})`);
                        throw error;
                    });
                assert.deepEqual(chains[0].serverNames, ["*.aliyun.com"]);
                // A Gateway API listener's certificateRefs: istiod's own scheme, namespace included.
                assert.deepEqual(chains[0].sds, [`kubernetes-gateway://${namespace}/k8s-credential`]);
                session.watchSecrets(chains[0].sds);
                const secret = await session.until(() => session.secrets().get(chains[0].sds[0])?.certificateChain);
                const [credential] = (await gatewayApi.outputs()).credentials.value;
                assert.equal(fingerprint(secret), credential.fingerprintSha256);
            } finally {
                session.close();
            }
        } finally {
            await gatewayApi.destroy().catch(() => undefined);
            await gatewayApi.workspace.removeStack(gatewayApi.name, { force: true }).catch(() => undefined);
        }
    });

    /** Connects as the proxy of the gateway istiod deployed for a Gateway API Gateway. */
    function connectAsGatewayApi(namespace: string) {
        return async (deployed: string) =>
            connectAsGateway(process.env.ITEST_ISTIOD_ADDRESS ?? ISTIOD.grpc, root, {
                namespace,
                pod: `${deployed}-0`,
                labels: { "gateway.networking.k8s.io/gateway-name": "itest-k8s-gw" },
                serviceAccount: deployed,
                token: await cluster.serviceAccountToken(namespace, deployed, ["istio-ca"]),
            });
    }

    it("I7. istioctl analyze finds no error or warning in the stack's namespaces", async function () {
        if (spawnSync("istioctl", ["version", "--remote=false"]).error) return this.skip();
        // What a real mesh has and this cluster lacks: a gateway pod with the selector's labels (Pending
        // without a node, which the analyzer does not mind) and the Services the routes point at.
        await cluster.apply({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "gateway-0", namespace: NAMESPACES.workload, labels: LABELS },
            spec: { serviceAccountName: GATEWAY_SA, containers: [{ name: "istio-proxy", image: "istio/proxyv2" }] },
        });
        // The gateway's own Service, as Istio's gateway chart makes it, exposing the Gateway's port.
        await cluster.apply({
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "itest-ingressgateway", namespace: NAMESPACES.workload },
            spec: { selector: LABELS, ports: [{ name: "https", port: 443, targetPort: 443 }] },
        });
        for (const [name, port] of [
            ["myexampleapp", 80],
            ["httpbin", 8000],
        ] as const) {
            await cluster.apply({
                apiVersion: "v1",
                kind: "Service",
                metadata: { name, namespace: NAMESPACES.apps },
                spec: { selector: { app: name }, ports: [{ port }] },
            });
        }
        for (const namespace of [NAMESPACES.gateway, NAMESPACES.workload]) {
            const result = spawnSync(
                "istioctl",
                ["analyze", "-n", namespace, `--kubeconfig=${process.env.KUBECONFIG}`],
                {
                    encoding: "utf8",
                },
            );
            console.log(
                `    (istioctl analyze -n ${namespace}: ${(result.stdout + result.stderr).trim().split("\n").join(" | ")})`,
            );
            assert.doesNotMatch(result.stdout, /^(Error|Warning)/m, result.stdout);
        }
    });

    it("I8. a team's delegated host: its VirtualService in its own namespace is served on the Gateway's HTTPS route", async () => {
        const team = "itest-istiod-team";
        await cluster.ensureNamespace(team);
        config[`${PROJECT}:delegations`] = [{ namespace: team, hosts: ["team.aliyun.com"] }];
        await setConfig(stack, config);
        await stack.up();
        await sleep(3000); // the API server takes up the admission policy's binding
        await cluster.apply({
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "web", namespace: team },
            spec: { ports: [{ name: "http", port: 80 }] },
        });
        const route = {
            apiVersion: "networking.istio.io/v1",
            kind: "VirtualService",
            metadata: { name: "team.aliyun.com", namespace: team },
            spec: {
                hosts: ["team.aliyun.com"],
                gateways: [`${NAMESPACES.gateway}/mysdsgateway`],
                http: [{ route: [{ destination: { host: `web.${team}.svc.cluster.local`, port: { number: 80 } } }] }],
            },
        };
        await cluster.apply(route);
        try {
            const chain = await gateway.until(() =>
                httpsChains(gateway.listeners()).find((c) => c.serverNames.includes("*.aliyun.com") && c.rds),
            );
            gateway.watchRoutes([chain.rds!]);
            const host = await gateway.until(() =>
                gateway
                    .routes()
                    .get(chain.rds!)
                    ?.virtualHosts?.find((v: any) => v.domains.includes("team.aliyun.com")),
            );
            const clusters = host.routes.map((r: any) => r.route?.cluster);
            assert.ok(
                clusters.some((c: string) => c?.includes(`web.${team}.svc.cluster.local`)),
                JSON.stringify(host.routes).slice(0, 500),
            );
        } finally {
            await cluster.remove(route).catch(() => undefined);
            delete config[`${PROJECT}:delegations`];
        }
    });

    it("I9. HTTP-01 beside a redirect: on port 80 istiod routes the challenge Ingress's exact path to the solver, before the catch-all redirect", async () => {
        const host = "h01.aliyun.com";
        // What istiod's Ingress support selects by default (meshConfig.ingressSelector), on both port-80 Gateways.
        const labels = { istio: "ingressgateway" };
        const resolved = withDefaults(MODELS.gateway, { name: "mysdsgateway", namespace: NAMESPACES.gateway });
        const server = {
            certificateName: "h01",
            hosts: [host],
            credentialNames: ["h01"],
            tls: { mode: "SIMPLE", minProtocolVersion: "TLSV1_2", httpsRedirect: true },
            acmeHttp01: true,
        };
        const redirect = buildAcmeRedirect({ ...resolved, selector: labels }, [server as never])!;
        const solver = { name: "cm-acme-http-solver-itest", namespace: NAMESPACES.workload };
        const token = "/.well-known/acme-challenge/itest-token";
        const objects = [
            {
                apiVersion: "networking.k8s.io/v1",
                kind: "IngressClass",
                metadata: { name: "istio" },
                spec: { controller: "istio.io/ingress-controller" },
            },
            { apiVersion: "v1", kind: "Service", metadata: solver, spec: { ports: [{ name: "http", port: 8089 }] } },
            // As cert-manager's HTTP-01 solver makes it for `ingressClassName: istio`.
            {
                apiVersion: "networking.k8s.io/v1",
                kind: "Ingress",
                metadata: solver,
                spec: {
                    ingressClassName: "istio",
                    rules: [
                        {
                            host,
                            http: {
                                paths: [
                                    {
                                        path: token,
                                        pathType: "ImplementationSpecific",
                                        backend: { service: { name: solver.name, port: { number: 8089 } } },
                                    },
                                ],
                            },
                        },
                    ],
                },
            },
            {
                apiVersion: "networking.istio.io/v1",
                kind: "Gateway",
                metadata: { name: redirect.gateway.name, namespace: NAMESPACES.gateway },
                spec: redirect.gateway.spec,
            },
            {
                apiVersion: "networking.istio.io/v1",
                kind: "VirtualService",
                metadata: { name: redirect.virtualService.name, namespace: NAMESPACES.gateway },
                spec: redirect.virtualService.spec,
            },
        ];
        for (const object of objects) await cluster.apply(object);
        const proxy = connectAsGateway(process.env.ITEST_ISTIOD_ADDRESS ?? ISTIOD.grpc, root, {
            ...(await identity(GATEWAY_SA, "gateway-http01")),
            labels,
        });
        try {
            proxy.watchRoutes(["http.80"]);
            const virtualHost = await proxy.until(() => {
                const found = proxy
                    .routes()
                    .get("http.80")
                    ?.virtualHosts?.find((v: any) => v.domains.includes(host));
                // Both sources merged: the Ingress's route and the redirect.
                return found && found.routes.length >= 2 ? found : undefined;
            }, 30_000);
            const routes = virtualHost.routes as any[];
            const challenge = routes.findIndex((r) => r.route?.cluster?.includes(`${solver.name}.${solver.namespace}`));
            const redirects = routes.findIndex((r) => r.redirect?.schemeRedirect === "https");
            console.log(
                `    (port 80, ${host}: ${routes.map((r) => `${JSON.stringify(r.match)} -> ${r.route?.cluster ?? "redirect"}`).join(" | ")})`,
            );
            assert.ok(challenge >= 0 && redirects > challenge, JSON.stringify(routes).slice(0, 800));
        } finally {
            proxy.close();
            for (const object of [...objects].reverse()) await cluster.remove(object).catch(() => undefined);
        }
    });
});
