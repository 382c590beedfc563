// cert-manager as a certificate's source, on a real engine, API server, cert-manager controller, ACME server
// (Let's Encrypt's pebble) and authoritative DNS server taking RFC2136 updates (DNS-01). Each scenario builds
// on the one before it. Needs, besides the suite's prerequisites:
//   ITEST_ACME_DIRECTORY      the ACME directory URL (pebble: https://localhost:14000/dir)
//   ITEST_ACME_CA_FILE        the PEM of the CA of that server's own HTTPS certificate (pebble.minica.pem)
//   ITEST_ACME_ZONE           a zone the DNS server is authoritative for, which the ACME server resolves with it
//   ITEST_RFC2136_NAMESERVER  that DNS server, host:port
//   ITEST_TSIG_KEY_NAME       a TSIG key it takes updates of TXT records in the zone with (HMAC-SHA256)
//   ITEST_TSIG_SECRET_NAME    the Secret holding that key (key `tsig-secret-key`) in cert-manager's cluster
//                             resource namespace
// and cert-manager's controller watching KUBECONFIG's API server, with its CRDs (deploy/crds) installed.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as yaml from "js-yaml";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import * as path from "node:path";
import { main as verify } from "../../cli/verify";
import { PROJECT } from "../../config/load";
import { main as checkAccess } from "../../cli/checkAccess";
import { type Cluster, connect } from "./cluster";
import { rbac, tokenKubeconfig } from "./deployer";
import {
    type Namespaces,
    ROOT,
    type Step,
    describeSteps,
    recorder,
    setConfig,
    temporaryBackend,
    tutorialConfig,
} from "./stacks";

const { dir: BACKEND, env: ENV } = temporaryBackend();
const NAMESPACES: Namespaces = { gateway: "itest-cm-gw", workload: "itest-cm-system", apps: "itest-cm-apps" };
const NEEDED = [
    "ITEST_ACME_DIRECTORY",
    "ITEST_ACME_CA_FILE",
    "ITEST_ACME_ZONE",
    "ITEST_RFC2136_NAMESERVER",
    "ITEST_TSIG_KEY_NAME",
    "ITEST_TSIG_SECRET_NAME",
];
const CERTIFICATE = ["cert-manager.io/v1", "Certificate"] as const;
const POLICY = path.join(ROOT, "policy");
const DEPLOYER = { namespace: "itest-cm-ci", name: "istio-gateway-tls-deployer" };
const GATEWAY = "kubernetes:networking.istio.io/v1:Gateway";

/** Whether the engine reported the Certificate's create (once Ready) before the create of `gatewayType`. */
function certificateBefore(steps: Step[], gatewayType: string): boolean {
    const done = (type: string) => steps.findIndex((step) => step.op === "create" && step.type === type);
    const certificate = done("kubernetes:cert-manager.io/v1:Certificate");
    return certificate >= 0 && certificate < done(gatewayType);
}

/** The status of a Certificate's Ready condition, or undefined. */
async function readyOf(cluster: Cluster, namespace: string, name: string): Promise<string | undefined> {
    const certificate = await cluster.read(...CERTIFICATE, namespace, name);
    return certificate?.status?.conditions?.find((c: { type: string }) => c.type === "Ready")?.status;
}

describe("integration: cert-manager issues and renews the credential (ACME, DNS-01)", () => {
    let cluster: Cluster;
    let stack: Stack;
    let config: Record<string, any>;
    const env = process.env as Record<string, string>;
    const zone = () => env.ITEST_ACME_ZONE;
    const secret = (name: string) => cluster.secret(NAMESPACES.workload, name);
    /**
     * A scenario on a stack of its own, with the certificate issued by the config's issuer again: the first
     * stack is destroyed first, since its objects have the same names.
     */
    async function onItsOwnStack(
        name: string,
        overrides: Record<string, unknown>,
        body: (own: Stack) => Promise<void>,
    ) {
        await stack.destroy();
        const own = await LocalWorkspace.createOrSelectStack({ stackName: name, workDir: ROOT }, { envVars: ENV });
        const cert = config[`${PROJECT}:certificates`][0];
        delete cert.rotation;
        cert.certManager = { issuer: "itest-acme", timeoutMinutes: 5 };
        await setConfig(own, { ...config, ...overrides });
        try {
            await body(own);
        } finally {
            await own.destroy().catch(() => undefined);
            await own.workspace.removeStack(own.name, { force: true }).catch(() => undefined);
        }
    }
    const gatewayCredential = async () =>
        (await cluster.istio("gateways", NAMESPACES.gateway, "mysdsgateway"))?.spec.servers[0].tls.credentialName;

    /** The config with HTTP-01 beside a redirect: one host (HTTP-01 cannot prove a wildcard), on `gateway`. */
    function http01Config(gateway: Record<string, unknown>): Record<string, any> {
        const own = structuredClone(config);
        const [cert] = own[`${PROJECT}:certificates`];
        Object.assign(cert, { hosts: [`a.${zone()}`], httpsRedirect: true });
        delete cert.rotation;
        own[`${PROJECT}:issuers`][0].acme.solvers = [{ http01: {} }];
        own[`${PROJECT}:gateway`] = gateway;
        return own;
    }
    const GATEWAY_APIS = {
        istio: {
            api: "istio",
            name: "mysdsgateway",
            namespace: NAMESPACES.gateway,
            workloadNamespace: NAMESPACES.workload,
        },
        "gateway-api": { api: "gateway-api", name: "itest-cm-k8s-gateway", namespace: NAMESPACES.gateway },
    };

    before(async function () {
        const missing = NEEDED.filter((name) => !process.env[name]);
        if (missing.length > 0) {
            console.log(`    (skipped: set ${missing.join(", ")}; see this file's header)`);
            return this.skip();
        }
        cluster = await connect(process.env.KUBECONFIG!);
        if (!(await cluster.hasCrd("certificates.cert-manager.io"))) {
            console.log("    (skipped: cert-manager's CRDs are not installed)");
            return this.skip();
        }
        for (const namespace of Object.values(NAMESPACES)) await cluster.ensureNamespace(namespace);
        await cluster.deleteLeftovers(Object.values(NAMESPACES));
        stack = await LocalWorkspace.createOrSelectStack(
            { stackName: "itest-certmanager", workDir: ROOT },
            { envVars: ENV },
        );
        config = tutorialConfig(false, NAMESPACES);
        const [cert] = config[`${PROJECT}:certificates`];
        delete cert.subject;
        delete cert.ca;
        Object.assign(cert, { hosts: [`*.${zone()}`], certManager: { issuer: "itest-acme", timeoutMinutes: 5 } });
        config[`${PROJECT}:routes`] = [
            {
                host: `a.${zone()}`,
                pathPrefix: "/hello",
                service: "myexampleapp",
                port: 80,
                namespace: NAMESPACES.apps,
            },
        ];
        config[`${PROJECT}:issuers`] = [
            {
                name: "itest-acme",
                acme: {
                    server: env.ITEST_ACME_DIRECTORY,
                    email: "itest@example.com",
                    caBundle: fs.readFileSync(env.ITEST_ACME_CA_FILE, "utf8"),
                    solvers: [
                        {
                            dns01: {
                                rfc2136: {
                                    nameserver: env.ITEST_RFC2136_NAMESERVER,
                                    tsigKeyName: env.ITEST_TSIG_KEY_NAME,
                                    tsigSecretName: env.ITEST_TSIG_SECRET_NAME,
                                },
                            },
                        },
                    ],
                },
            },
        ];
        await setConfig(stack, config);
    });

    after(async () => {
        await stack?.destroy().catch(() => undefined);
        await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
        fs.rmSync(BACKEND, { recursive: true, force: true });
    });

    it("C1. up: the Certificate is Ready before the Gateway names its Secret, and the key is nowhere in the state", async () => {
        const { steps, onEvent } = recorder();
        await stack.up({ onEvent });
        // The engine reports a create once done: the Certificate's, once Ready, comes before the Gateway's.
        assert.ok(certificateBefore(steps, GATEWAY), describeSteps(steps).join("\n"));
        const served = await secret("myexample-credential");
        assert.equal(served?.type, "kubernetes.io/tls");
        assert.ok(served?.data?.["tls.key"], "cert-manager wrote no key");
        assert.equal(await gatewayCredential(), "myexample-credential");
        const state = JSON.stringify((await stack.exportStack()).deployment);
        assert.ok(!state.includes(served!.data!["tls.key"]), "the key is in the state");
        assert.ok(!/PRIVATE KEY/.test(state), "a private key is in the state");
        const outputs = await stack.outputs();
        assert.equal(outputs.credentials.value[0].source, "cert-manager");
    });

    it("C2. a renewal by cert-manager (no up): preview sees no change, before and after a refresh", async () => {
        const before = (await secret("myexample-credential"))!.data!["tls.crt"];
        // What `cmctl renew` does: the Issuing condition on the Certificate's status.
        const certificate = await cluster.read(...CERTIFICATE, NAMESPACES.workload, "myexample-credential");
        const conditions = [
            ...(certificate.status.conditions ?? []).filter((c: { type: string }) => c.type !== "Issuing"),
            {
                type: "Issuing",
                status: "True",
                reason: "ManuallyTriggered",
                message: "itest renewal",
                lastTransitionTime: new Date().toISOString(),
            },
        ];
        await cluster.patchStatus(...CERTIFICATE, NAMESPACES.workload, "myexample-credential", { conditions });
        const deadline = Date.now() + 240_000;
        while ((await secret("myexample-credential"))!.data!["tls.crt"] === before) {
            assert.ok(Date.now() < deadline, "cert-manager did not renew within 240 s");
            await new Promise((resolve) => setTimeout(resolve, 2000));
        }
        await stack.preview({ expectNoChanges: true });
        await stack.refresh();
        await stack.preview({ expectNoChanges: true });
    });

    it("C3. rotation: a new Certificate and Secret, the Gateway switched, then the old Certificate and its Secret gone", async () => {
        config[`${PROJECT}:certificates`][0].rotation = "r2";
        await setConfig(stack, config);
        await stack.up();
        assert.equal(await gatewayCredential(), "myexample-credential-r2");
        assert.ok(await secret("myexample-credential-r2"));
        assert.equal(await cluster.read(...CERTIFICATE, NAMESPACES.workload, "myexample-credential"), undefined);
        // The owner reference the stack put on the old Secret lets the garbage collector remove it.
        const deadline = Date.now() + 60_000;
        while (await secret("myexample-credential")) {
            assert.ok(Date.now() < deadline, "the old Secret outlived its Certificate by 60 s");
            await new Promise((resolve) => setTimeout(resolve, 1000));
        }
    });

    it("C4. a certificate that cannot be issued fails the up within its timeout, and the Gateway keeps its credential", async () => {
        const cert = config[`${PROJECT}:certificates`][0];
        cert.rotation = "r3";
        cert.certManager = { issuerRef: { name: "itest-no-such-issuer", kind: "ClusterIssuer" }, timeoutMinutes: 1 };
        await setConfig(stack, config);
        const started = Date.now();
        // What the provider says (docs/operations.md quotes it): the condition it waited for, and the timeout.
        await assert.rejects(
            stack.up(),
            /Certificate::ingress-myexample-credential-certificate[\s\S]*Ready=False \(want True\)[\s\S]*timed out waiting for the condition|timed out waiting for the condition[\s\S]*Ready=False/,
        );
        assert.ok(Date.now() - started < 4 * 60_000, "the failed up took longer than its timeout allows");
        // cert-manager's own reason, which the up's error does not carry, from verify --issuance.
        let report = "";
        const outputs = path.join(BACKEND, "outputs.json");
        fs.writeFileSync(
            outputs,
            JSON.stringify({
                credentials: [
                    {
                        name: "myexample-credential",
                        secretName: "myexample-credential-r3",
                        secretNamespace: NAMESPACES.workload,
                        hosts: [],
                        source: "cert-manager",
                    },
                ],
                routes: [],
            }),
        );
        const code = await verify(["--issuance", "--outputs", outputs], {
            progress: false,
            stdout: (text) => (report += text),
            stderr: (text) => (report += text),
        });
        assert.equal(code, 1, report);
        assert.match(
            report,
            /Referenced "ClusterIssuer" not found: clusterissuer\.cert-manager\.io "itest-no-such-issuer" not found/,
        );
        assert.equal(await gatewayCredential(), "myexample-credential-r2");
        assert.ok(await secret("myexample-credential-r2"));
    });

    it("C5. several data planes: each cluster's cert-manager issues its own, and each Gateway waits for its cluster's", async function () {
        const secondFile = process.env.ITEST_SECOND_DATA_PLANE_KUBECONFIG;
        const second = secondFile ? await connect(secondFile) : undefined;
        if (!second || !(await second.hasCrd("certificates.cert-manager.io"))) {
            console.log("      (skipped: ITEST_SECOND_DATA_PLANE_KUBECONFIG with cert-manager's CRDs and controller)");
            return this.skip();
        }
        for (const namespace of Object.values(NAMESPACES)) await second.ensureNamespace(namespace);
        await second.deleteLeftovers(Object.values(NAMESPACES));
        const dataPlanes = [
            { name: "one", kubeconfig: fs.readFileSync(process.env.KUBECONFIG!, "utf8") },
            { name: "two", kubeconfig: fs.readFileSync(secondFile!, "utf8") },
        ];
        await onItsOwnStack("itest-certmanager-planes", { [`${PROJECT}:dataPlanes`]: dataPlanes }, async (planes) => {
            await planes.up();
            for (const plane of [cluster, second]) {
                assert.equal(await readyOf(plane, NAMESPACES.workload, "myexample-credential"), "True");
                assert.ok((await plane.secret(NAMESPACES.workload, "myexample-credential"))?.data?.["tls.key"]);
                const gateway = await plane.istio("gateways", NAMESPACES.gateway, "mysdsgateway");
                assert.equal(gateway?.spec.servers[0].tls.credentialName, "myexample-credential");
            }
            await planes.preview({ expectNoChanges: true });
        });
    });

    it("C6. Gateway API: the Certificate in the Gateway's namespace, and the listener's certificateRefs name its Secret once Ready", async function () {
        if (!(await cluster.hasCrd("gateways.gateway.networking.k8s.io"))) {
            console.log("      (skipped: the cluster has no Gateway API CRDs)");
            return this.skip();
        }
        const gateway = { api: "gateway-api", name: "itest-cm-k8s-gateway", namespace: NAMESPACES.gateway };
        await onItsOwnStack("itest-certmanager-gwapi", { [`${PROJECT}:gateway`]: gateway }, async (gatewayApi) => {
            const { steps, onEvent } = recorder();
            await gatewayApi.up({ onEvent });
            assert.ok(certificateBefore(steps, "kubernetes:gateway.networking.k8s.io/v1:Gateway"));
            assert.equal(await readyOf(cluster, NAMESPACES.gateway, "myexample-credential"), "True");
            assert.ok((await cluster.secret(NAMESPACES.gateway, "myexample-credential"))?.data?.["tls.key"]);
            const served = await cluster.gatewayApi("gateways", NAMESPACES.gateway, "itest-cm-k8s-gateway");
            assert.equal(served?.spec.listeners[0].tls.certificateRefs[0].name, "myexample-credential");
            await gatewayApi.preview({ expectNoChanges: true });
        });
    });

    it("C7. the policy pack passes on cert-manager stacks: DNS-01 after its up, and HTTP-01 beside a redirect on both APIs", async () => {
        await onItsOwnStack("itest-certmanager-policy", {}, async (own) => {
            await own.up();
            await own.preview({ policyPacks: [POLICY] });
        });
        for (const gateway of Object.values(GATEWAY_APIS)) {
            const own = await LocalWorkspace.createOrSelectStack(
                { stackName: `itest-certmanager-policy-${gateway.api}`, workDir: ROOT },
                { envVars: ENV },
            );
            try {
                await setConfig(own, http01Config(gateway));
                await own.preview({ policyPacks: [POLICY] });
            } finally {
                await own.workspace.removeStack(own.name, { force: true }).catch(() => undefined);
            }
        }
    });

    it("C8. HTTP-01 beside a redirect: the API server accepts the port-80 objects of both APIs (server-side dry run)", async () => {
        for (const gateway of Object.values(GATEWAY_APIS)) {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "igt-itest-http01-"));
            const render = await LocalWorkspace.createOrSelectStack(
                { stackName: `itest-certmanager-http01-${gateway.api}`, workDir: ROOT },
                { envVars: ENV },
            );
            try {
                await setConfig(render, { ...http01Config(gateway), [`${PROJECT}:renderDir`]: dir });
                await render.up();
                const manifests = fs
                    .readdirSync(dir, { recursive: true, encoding: "utf8" })
                    .filter((file) => file.endsWith(".yaml"))
                    .flatMap((file) => yaml.loadAll(fs.readFileSync(path.join(dir, file), "utf8")) as any[]);
                const kinds = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
                if (gateway.api === "istio") {
                    const http = manifests.find((m) => m.kind === "Gateway" && m.metadata.name === "mysdsgateway-http");
                    assert.ok(http, kinds.join(", "));
                    assert.ok(
                        http.spec.servers.every((s: any) => s.port.number === 80 && !s.tls),
                        "a port-80 server redirects",
                    );
                    const redirect = manifests.find((m) => m.metadata.name === "mysdsgateway-https-redirect");
                    assert.deepEqual(redirect?.spec.gateways, [`${NAMESPACES.gateway}/mysdsgateway-http`]);
                } else {
                    const [k8sGateway] = manifests.filter(
                        (m) => m.apiVersion?.startsWith("gateway.networking.k8s.io") && m.kind === "Gateway",
                    );
                    assert.ok(
                        k8sGateway.spec.listeners.some((l: any) => l.protocol === "HTTP" && l.port === 80),
                        kinds.join(", "),
                    );
                }
                for (const manifest of manifests) await cluster.applyDryRun(manifest);
            } finally {
                await render.workspace.removeStack(render.name, { force: true }).catch(() => undefined);
                fs.rmSync(dir, { recursive: true, force: true });
            }
        }
    });

    it("C9. a deployer bound only to rbac/ runs check-access, up, a rotation and destroy of a cert-manager stack; without the ClusterIssuer rights check-access names them", async () => {
        await stack.destroy();
        const namespaceOf = (original: string) =>
            original === "istio-system" ? NAMESPACES.workload : original === "default" ? NAMESPACES.gateway : original;
        await cluster.ensureNamespace(DEPLOYER.namespace);
        const roles = [
            "data-plane.yaml",
            "control-plane.yaml",
            "cert-manager.yaml",
            "cert-manager-cluster-issuers.yaml",
        ].flatMap((file) => rbac(DEPLOYER, file, namespaceOf));
        const account = { apiVersion: "v1", kind: "ServiceAccount", metadata: { ...DEPLOYER } };
        for (const manifest of [account, ...roles]) await cluster.apply(manifest);
        const kubeconfig = tokenKubeconfig(
            process.env.KUBECONFIG!,
            await cluster.serviceAccountToken(DEPLOYER.namespace, DEPLOYER.name),
        );
        const access = (own: Record<string, unknown>) => {
            const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "igt-itest-access-")), "Pulumi.x.yaml");
            fs.writeFileSync(file, yaml.dump({ config: own }));
            let out = "";
            const code = checkAccess(["--file", file, "--kubeconfig", kubeconfig], {
                stdout: (t) => (out += t),
                stderr: (t) => (out += t),
            });
            return { code, out };
        };
        const deployer = await LocalWorkspace.createOrSelectStack(
            { stackName: "itest-certmanager-rbac", workDir: ROOT },
            { envVars: { ...ENV, KUBECONFIG: kubeconfig } },
        );
        try {
            const own = structuredClone(config);
            const cert = own[`${PROJECT}:certificates`][0];
            delete cert.rotation;
            cert.certManager = { issuer: "itest-acme", timeoutMinutes: 5 };
            await setConfig(deployer, own);
            const granted = access(own);
            assert.equal(granted.code, 0, granted.out);
            await deployer.up();
            assert.equal(await readyOf(cluster, NAMESPACES.workload, "myexample-credential"), "True");
            cert.rotation = "rbac-1";
            await setConfig(deployer, own);
            await deployer.up();
            assert.equal(await gatewayCredential(), "myexample-credential-rbac-1");
            await deployer.destroy();
            assert.equal(
                await cluster.read(...CERTIFICATE, NAMESPACES.workload, "myexample-credential-rbac-1"),
                undefined,
            );
            // One file less: without the ClusterRole for ClusterIssuers, check-access names what is missing.
            const clusterIssuers = rbac(DEPLOYER, "cert-manager-cluster-issuers.yaml", namespaceOf);
            for (const manifest of clusterIssuers) await cluster.remove(manifest);
            const refused = access(own);
            assert.equal(refused.code, 1, refused.out);
            assert.match(refused.out, /missing: \w+ clusterissuers\.cert-manager\.io/);
        } finally {
            await deployer.destroy().catch(() => undefined);
            await deployer.workspace.removeStack(deployer.name, { force: true }).catch(() => undefined);
            for (const manifest of [...roles].reverse()) await cluster.remove(manifest).catch(() => undefined);
        }
    });
});
