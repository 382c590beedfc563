// Teams on a real engine and API server: a platform stack delegating hosts to two teams' namespaces, a team
// stack in TypeScript (AppRoutes, the delegation read through a StackReference) and one in YAML (through the
// package), and the API server's admission policy refusing a route for another team's host, to kubectl and to
// pulumi up alike. Each scenario builds on the one before.

import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { AppRoutes } from "../../components/appRoutes";
import { PROJECT } from "../../config/load";
import { type Cluster, connect } from "./cluster";
import { rbac, tokenKubeconfig } from "./deployer";
import { type Namespaces, ROOT, setConfig, temporaryBackend, tutorialConfig } from "./stacks";

const { dir: BACKEND, env: ENV } = temporaryBackend();
const NAMESPACES: Namespaces = { gateway: "itest-teams-gw", workload: "itest-teams-system", apps: "itest-teams-apps" };
const TEAM_A = "itest-team-a";
const TEAM_B = "itest-team-b";
const PLATFORM = "itest-teams-platform";
const GATEWAY = `${NAMESPACES.gateway}/mysdsgateway`;

/** A team's VirtualService for `host`, bound to the platform's Gateway. */
function virtualService(namespace: string, host: string) {
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "VirtualService",
        metadata: { name: `stolen-${host}`, namespace },
        spec: {
            hosts: [host],
            gateways: [GATEWAY],
            http: [{ route: [{ destination: { host: `web.${namespace}.svc.cluster.local` } }] }],
        },
    };
}

describe("integration: teams add their own hosts, delegated by the platform and enforced by the API server", () => {
    let cluster: Cluster;
    let platform: Stack;
    let config: Record<string, any>;
    const stacks: Stack[] = [];
    const delegationMessage = `host shop.aliyun.com is delegated to namespace ${TEAM_B}, not to ${TEAM_A}`;

    /** A team's TypeScript program (an inline program of this process), reading the platform's delegations. */
    async function teamStack(
        name: string,
        body: (delegation: any) => void,
        platformName = PLATFORM,
        env: Record<string, string> = {},
    ): Promise<Stack> {
        const stack = await LocalWorkspace.createOrSelectStack(
            {
                stackName: name,
                projectName: name,
                program: async () => {
                    const reference = new pulumi.StackReference(`organization/${PROJECT}/${platformName}`);
                    body((await reference.getOutputDetails("delegations")).value);
                },
            },
            { envVars: { ...ENV, ...env } },
        );
        stacks.push(stack);
        return stack;
    }

    before(async function () {
        cluster = await connect(process.env.KUBECONFIG!);
        if (!(await cluster.hasCrd("virtualservices.networking.istio.io"))) return this.skip();
        const all = [...Object.values(NAMESPACES), TEAM_A, TEAM_B];
        for (const namespace of all) await cluster.ensureNamespace(namespace);
        await cluster.deleteLeftovers(all);
        // The admission policy is cluster-scoped: an interrupted run's is removed by name.
        const policy = `istio-gateway-tls.${NAMESPACES.gateway}.mysdsgateway.hosts`;
        for (const kind of ["ValidatingAdmissionPolicyBinding", "ValidatingAdmissionPolicy"]) {
            const manifest = { apiVersion: "admissionregistration.k8s.io/v1", kind, metadata: { name: policy } };
            await cluster.remove(manifest).catch(() => undefined);
        }
        platform = await LocalWorkspace.createOrSelectStack({ stackName: PLATFORM, workDir: ROOT }, { envVars: ENV });
        stacks.push(platform);
        config = tutorialConfig(false, NAMESPACES);
        config[`${PROJECT}:certificates`][0].hosts = ["*.aliyun.com", "*.a.aliyun.com"];
        config[`${PROJECT}:delegations`] = [
            { namespace: TEAM_A, hosts: ["*.a.aliyun.com"] },
            { namespace: TEAM_B, hosts: ["shop.aliyun.com"] },
        ];
        await setConfig(platform, config);
    });

    after(async () => {
        for (const stack of stacks.reverse()) {
            await stack.destroy().catch(() => undefined);
            await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
        }
        fs.rmSync(BACKEND, { recursive: true, force: true });
    });

    it("T1. the platform's up: namespace/host servers, the admission policy, and the delegations output", async () => {
        const result = await platform.up();
        const gateway = await cluster.istio("gateways", NAMESPACES.gateway, "mysdsgateway");
        assert.deepEqual(gateway.spec.servers[0].hosts, [
            `${NAMESPACES.gateway}/*.aliyun.com`,
            `${TEAM_A}/*.a.aliyun.com`,
            `${TEAM_B}/shop.aliyun.com`,
        ]);
        const policy = `istio-gateway-tls.${NAMESPACES.gateway}.mysdsgateway.hosts`;
        assert.ok(
            await cluster.read("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy", "", policy),
            "no ValidatingAdmissionPolicy",
        );
        assert.deepEqual(result.outputs.delegations.value.hosts, {
            [TEAM_A]: ["*.a.aliyun.com"],
            [TEAM_B]: ["shop.aliyun.com"],
        });
        // The API server's policy informer takes up a new binding within a second or two.
        await new Promise((resolve) => setTimeout(resolve, 3000));
    });

    it("T2. a team's TypeScript stack adds its hosts; the platform's preview stays quiet", async () => {
        const teamA = await teamStack("itest-team-a", (delegation) => {
            new AppRoutes("team-a", {
                delegation,
                namespace: TEAM_A,
                routes: [
                    { host: "x.a.aliyun.com", service: "web", port: 8080 },
                    { host: "y.a.aliyun.com", pathPrefix: "/api", service: "api", port: 80 },
                ],
            });
        });
        await teamA.up();
        assert.deepEqual(await cluster.istioNames("virtualservices", TEAM_A), ["x.a.aliyun.com", "y.a.aliyun.com"]);
        const vs = await cluster.istio("virtualservices", TEAM_A, "x.a.aliyun.com");
        assert.deepEqual(vs.spec.gateways, [GATEWAY]);
        await platform.preview({ expectNoChanges: true });
    });

    it("T3. a team's YAML stack adds its host through the package", async function () {
        if (spawnSync("pulumi-language-yaml", ["--help"], { timeout: 10_000 }).error) {
            console.log("      (skipped: no pulumi-language-yaml on PATH)");
            return this.skip();
        }
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "igt-itest-team-yaml-"));
        // The team's whole program: the platform's output through a StackReference, and AppRoutes.
        fs.writeFileSync(
            path.join(dir, "Pulumi.yaml"),
            `name: itest-team-b
runtime: yaml
packages:
  ${PROJECT}: ${ROOT}
resources:
  platform:
    type: pulumi:pulumi:StackReference
    properties:
      name: organization/${PROJECT}/${PLATFORM}
  routes:
    type: ${PROJECT}:index:AppRoutes
    properties:
      delegation: \${platform.outputs["delegations"]}
      namespace: ${TEAM_B}
      routes:
        - { host: shop.aliyun.com, service: shop, port: 8080 }
outputs:
  hosts: \${routes.hosts}
`,
        );
        const teamB = await LocalWorkspace.createOrSelectStack({ stackName: "itest", workDir: dir }, { envVars: ENV });
        stacks.push(teamB);
        const result = await teamB.up();
        assert.deepEqual(result.outputs.hosts.value, ["shop.aliyun.com"]);
        assert.deepEqual(await cluster.istioNames("virtualservices", TEAM_B), ["shop.aliyun.com"]);
        await platform.preview({ expectNoChanges: true });
    });

    it("T4. another team's host: AppRoutes refuses it, and the API server refuses it to kubectl and to pulumi up", async () => {
        const appRoutes = await teamStack("itest-team-a-appRoutes", (delegation) => {
            new AppRoutes("team-a", {
                delegation,
                namespace: TEAM_A,
                routes: [{ host: "shop.aliyun.com", service: "web", port: 8080 }],
            });
        });
        await assert.rejects(
            appRoutes.up(),
            /routes\[0\]\.host: is delegated to namespace itest-team-b, not to itest-team-a/,
        );

        const kubectl = spawnSync("kubectl", ["apply", "-f", "-"], {
            input: JSON.stringify(virtualService(TEAM_A, "shop.aliyun.com")),
            encoding: "utf8",
        });
        assert.notEqual(kubectl.status, 0, kubectl.stdout);
        assert.ok(kubectl.stderr.includes(delegationMessage), kubectl.stderr);

        const raw = await teamStack("itest-team-a-raw", () => {
            const { CustomResource } = require("@pulumi/kubernetes/apiextensions/customResource");
            const manifest = virtualService(TEAM_A, "shop.aliyun.com");
            new CustomResource("stolen", manifest);
        });
        await assert.rejects(raw.up(), (error: Error) => error.message.includes(delegationMessage));
        assert.deepEqual(await cluster.istioNames("virtualservices", TEAM_A), ["x.a.aliyun.com", "y.a.aliyun.com"]);
        // A host delegated to nobody is refused too, and the team's own host passes the same policy.
        const nobody = spawnSync("kubectl", ["apply", "--dry-run=server", "-f", "-"], {
            input: JSON.stringify(virtualService(TEAM_A, "b.aliyun.com")),
            encoding: "utf8",
        });
        assert.ok(nobody.stderr.includes("host b.aliyun.com is delegated to no namespace"), nobody.stderr);
        const own = spawnSync("kubectl", ["apply", "--dry-run=server", "-f", "-"], {
            input: JSON.stringify(virtualService(TEAM_A, "z.a.aliyun.com")),
            encoding: "utf8",
        });
        assert.equal(own.status, 0, own.stderr);
    });

    it("T5. Gateway API: the delegated host's listener admits the team's HTTPRoute; another team's host is refused", async function () {
        if (!(await cluster.hasCrd("gateways.gateway.networking.k8s.io"))) return this.skip();
        const name = "itest-teams-k8s";
        const policy = `istio-gateway-tls.${NAMESPACES.gateway}.${name}.hosts`;
        for (const kind of ["ValidatingAdmissionPolicyBinding", "ValidatingAdmissionPolicy"]) {
            const manifest = { apiVersion: "admissionregistration.k8s.io/v1", kind, metadata: { name: policy } };
            await cluster.remove(manifest).catch(() => undefined);
        }
        const k8sPlatform = await LocalWorkspace.createOrSelectStack(
            { stackName: "itest-teams-gwapi", workDir: ROOT },
            { envVars: ENV },
        );
        stacks.push(k8sPlatform);
        await setConfig(k8sPlatform, {
            ...config,
            [`${PROJECT}:gateway`]: { api: "gateway-api", name, namespace: NAMESPACES.gateway },
        });
        await k8sPlatform.up();
        const gateway = await cluster.gatewayApi("gateways", NAMESPACES.gateway, name);
        const listener = gateway.spec.listeners.find((l: any) => l.hostname === "*.a.aliyun.com");
        assert.deepEqual(listener.allowedRoutes.namespaces.selector.matchExpressions[0].values, [TEAM_A]);
        await new Promise((resolve) => setTimeout(resolve, 3000));

        const teamA = await teamStack(
            "itest-team-a-gwapi",
            (delegation) => {
                new AppRoutes("team-a-k8s", {
                    delegation,
                    namespace: TEAM_A,
                    routes: [{ host: "k.a.aliyun.com", service: "web", port: 8080 }],
                });
            },
            "itest-teams-gwapi",
        );
        await teamA.up();
        const route = await cluster.gatewayApi("httproutes", TEAM_A, "k.a.aliyun.com");
        assert.deepEqual(route.spec.parentRefs[0], {
            group: "gateway.networking.k8s.io",
            kind: "Gateway",
            name,
            namespace: NAMESPACES.gateway,
            sectionName: "https-wildcard.a.aliyun.com",
        });
        const stolen = {
            apiVersion: "gateway.networking.k8s.io/v1",
            kind: "HTTPRoute",
            metadata: { name: "stolen-shop", namespace: TEAM_A },
            spec: { parentRefs: [{ name, namespace: NAMESPACES.gateway }], hostnames: ["shop.aliyun.com"] },
        };
        const kubectl = spawnSync("kubectl", ["apply", "-f", "-"], { input: JSON.stringify(stolen), encoding: "utf8" });
        assert.notEqual(kubectl.status, 0, kubectl.stdout);
        assert.ok(kubectl.stderr.includes(delegationMessage), kubectl.stderr);
        await k8sPlatform.preview({ expectNoChanges: true });
    });

    it("T6. a team's deployer bound only to rbac/team.yaml runs its up and destroy", async () => {
        const account = { namespace: TEAM_A, name: "team-a-deployer" };
        await cluster.apply({ apiVersion: "v1", kind: "ServiceAccount", metadata: { ...account } });
        const roles = rbac(account, "team.yaml", () => TEAM_A);
        for (const manifest of roles) await cluster.apply(manifest);
        const kubeconfig = tokenKubeconfig(
            process.env.KUBECONFIG!,
            await cluster.serviceAccountToken(account.namespace, account.name),
        );
        try {
            const team = await teamStack(
                "itest-team-a-rbac",
                (delegation) => {
                    new AppRoutes("team-a-rbac", {
                        delegation,
                        namespace: TEAM_A,
                        routes: [{ host: "r.a.aliyun.com", service: "web", port: 8080 }],
                    });
                },
                PLATFORM,
                { KUBECONFIG: kubeconfig },
            );
            await team.up();
            assert.ok((await cluster.istioNames("virtualservices", TEAM_A)).includes("r.a.aliyun.com"));
            await team.destroy();
            assert.ok(!(await cluster.istioNames("virtualservices", TEAM_A)).includes("r.a.aliyun.com"));
        } finally {
            for (const manifest of [...roles].reverse()) await cluster.remove(manifest).catch(() => undefined);
        }
    });
});
