// Several data-plane clusters (dataPlanes) and certificates managed elsewhere (external), under mocks: where
// each object goes, what the Gateways wait for, and the exact change sets of rotating, adding and removing a
// cluster. Without dataPlanes nothing changes (tests/unchanged.test.ts and the golden record hold that).

import * as assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { Provider } from "@pulumi/kubernetes/provider";
import { SecureIngress } from "../components";
import { describeChanges, diffRuns } from "./diff";
import { devConfig } from "./fixtures";
import { type ProgramRun, type RegisteredResource, TYPES, runComponents, runProgram, refusedProblems } from "./harness";
import { caCertPemFor } from "./pki";
import { policyViolations } from "./policyCheck";

const TWO = [
    { name: "hangzhou", context: "hz" },
    { name: "beijing", context: "bj" },
];
const providerOf = (r: RegisteredResource) => r.provider?.split("::")[3];
const withPlanes = (dataPlanes: unknown, extra: Record<string, unknown> = {}): Record<string, any> => ({
    ...devConfig(),
    dataPlanes,
    ...extra,
});

const problemsOf = refusedProblems;

describe("several data planes (dataPlanes)", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram(withPlanes(TWO));
    });

    it("registers every credential Secret once in each cluster, through that cluster's provider", () => {
        const secrets = run.ofType(TYPES.secret);
        assert.deepEqual(secrets.map((s) => [s.name, providerOf(s), s.inputs.metadata.name]).sort(), [
            ["ingress-myexample-credential-secret-beijing", "data-plane-beijing", "myexample-credential"],
            ["ingress-myexample-credential-secret-hangzhou", "data-plane-hangzhou", "myexample-credential"],
        ]);
        for (const provider of run
            .ofType("pulumi:providers:kubernetes")
            .filter((p) => p.name.startsWith("data-plane"))) {
            assert.equal(provider.inputs.enableSecretMutable, "true", `${provider.name}: renewals would replace`);
        }
    });

    it("without controlPlane (multi-primary), puts a Gateway and the routes in every cluster", () => {
        const gateways = run.ofType(TYPES.gateway);
        assert.deepEqual(gateways.map(providerOf).sort(), ["data-plane-beijing", "data-plane-hangzhou"]);
        for (const r of run.ofType(TYPES.virtualService)) assert.match(providerOf(r)!, /^data-plane-/);
        assert.equal(run.ofType(TYPES.virtualService).length, 4);
    });

    it("with controlPlane (ASM), keeps one Gateway on the control plane and only Secrets on the data planes", async () => {
        const asm = await runProgram(withPlanes(TWO, { controlPlane: { context: "asm" } }));
        assert.deepEqual(asm.ofType(TYPES.gateway).map(providerOf), ["control-plane"]);
        assert.deepEqual(asm.ofType(TYPES.secret).map(providerOf).sort(), [
            "data-plane-beijing",
            "data-plane-hangzhou",
        ]);
    });

    it("deploys the sample apps to the first cluster by default, or where sampleApps.dataPlanes says", async () => {
        const first = run.ofType(TYPES.deployment).map(providerOf);
        assert.deepEqual([...new Set(first)], ["data-plane-hangzhou"]);
        const both = await runProgram(
            withPlanes(TWO, { sampleApps: { enabled: true, dataPlanes: ["beijing", "hangzhou"] } }),
        );
        assert.deepEqual([...new Set(both.ofType(TYPES.namespacePatch).map(providerOf))].sort(), [
            "data-plane-beijing",
            "data-plane-hangzhou",
        ]);
    });

    it("makes every Gateway wait for the Secrets of every cluster", async () => {
        let ingress: SecureIngress | undefined;
        await runComponents((instrumentation) => {
            const planes = Object.fromEntries(TWO.map((p) => [p.name, new Provider(p.name, {}, instrumentation)]));
            ingress = new SecureIngress("edge", { ...withPlanes(TWO) } as never, {
                ...instrumentation,
                dataPlaneProviders: planes,
            });
            return { credentials: ingress.credentialSummaries };
        });
        const credential = ingress!.gatewayCredentials["myexample-credential"];
        const dependencies = [...(await (credential.credentialName as any).allResources())];
        for (const secret of Object.values(credential.secrets)) {
            assert.ok(dependencies.includes(secret), "a Gateway would not wait for one cluster's Secret");
        }
    });

    it("reports the clusters each Secret is in", () => {
        assert.deepEqual(run.outputs.credentials[0].clusters, ["hangzhou", "beijing"]);
    });

    const changes = async (before: Record<string, unknown>, after: Record<string, unknown>) =>
        describeChanges(diffRuns((await runProgram(before)).resources, (await runProgram(after)).resources));

    it("rotation: a new Secret in every cluster, every Gateway switched, every old Secret replaced", async () => {
        const rotated = withPlanes(TWO);
        rotated.certificates[0].rotation = "2026-12";
        const set = diffRuns((await runProgram(withPlanes(TWO))).resources, (await runProgram(rotated)).resources);
        const kube = set
            .filter((c) => c.type === TYPES.secret || c.type === TYPES.gateway)
            .map((c) => `${c.change} ${c.name}`)
            .sort();
        assert.deepEqual(kube, [
            "replace ingress-myexample-credential-secret-beijing",
            "replace ingress-myexample-credential-secret-hangzhou",
            "update ingress-beijing-gateway",
            "update ingress-hangzhou-gateway",
        ]);
    });

    it("renewal updates every cluster's Secret in place, under the same name", async () => {
        const at = (now: Date) =>
            runComponents((instrumentation) => {
                const planes = Object.fromEntries(
                    TWO.map((p) => [p.name, new Provider(`data-plane-${p.name}`, {}, instrumentation)]),
                );
                const ingress = new SecureIngress("ingress", { ...withPlanes(TWO), now: now.toISOString() } as never, {
                    ...instrumentation,
                    dataPlaneProviders: planes,
                });
                return { credentials: ingress.credentialSummaries };
            });
        const before = await at(new Date("2026-12-01T00:00:00Z"));
        const due = new Date(Date.parse(before.outputs.credentials[0].renewAfter) + 86_400_000);
        const secrets = diffRuns(before.resources, (await at(due)).resources)
            .filter((c) => c.type === TYPES.secret)
            .map((c) => `${c.change} ${c.name}`)
            .sort();
        assert.deepEqual(secrets, [
            "update ingress-myexample-credential-secret-beijing",
            "update ingress-myexample-credential-secret-hangzhou",
        ]);
    });

    it("adding a cluster adds exactly its Secret, Gateway and routes; removing it deletes only those", async () => {
        const three = [...TWO, { name: "shenzhen", context: "sz" }];
        const added = await changes(withPlanes(TWO), withPlanes(three));
        assert.deepEqual(added, [
            "create data-plane-shenzhen",
            "create ingress-myexample-credential-secret-shenzhen",
            "create ingress-shenzhen",
            "create ingress-shenzhen-gateway",
            "create ingress-shenzhen-route-a.aliyun.com",
            "create ingress-shenzhen-route-b.aliyun.com",
        ]);
        const removed = await changes(withPlanes(three), withPlanes(TWO));
        assert.deepEqual(
            removed,
            added.map((line) => line.replace(/^create/, "delete")),
        );
    });

    it("refuses an empty list, repeated or ill-formed names, a cluster named twice or equal to the control plane", async () => {
        assert.deepEqual(
            (await problemsOf(withPlanes([]))).map((p) => p.path),
            ["dataPlanes"],
        );
        const problems = await problemsOf(
            withPlanes(
                [
                    { name: "hangzhou", context: "hz" },
                    { name: "hangzhou", context: "hz2" },
                    { name: "Bei_Jing", context: "hz" },
                    { name: "asm", context: "asm" },
                    { name: "bare" },
                ],
                { controlPlane: { context: "asm" }, sampleApps: { enabled: true, dataPlanes: ["shanghai"] } },
            ),
        );
        assert.deepEqual(
            problems.map((p) => p.path),
            [
                "dataPlanes[2].name",
                "dataPlanes[4]",
                "dataPlanes[1].name",
                "dataPlanes[2]",
                "dataPlanes[3]",
                "sampleApps.dataPlanes[0]",
            ],
        );
        assert.match(problems.find((p) => p.path === "dataPlanes[3]")!.message, /control plane's API server/);
        assert.match(problems.find((p) => p.path === "sampleApps.dataPlanes[0]")!.fix, /hangzhou/);
    });
});

describe("certificates managed elsewhere (external)", () => {
    const externalConfig = () => {
        const config = devConfig();
        config.certificates.push({
            name: "asm-managed",
            hosts: ["shop.example.com"],
            external: true,
            caCertPem: caCertPemFor("external"),
        });
        config.routes.push({ host: "shop.example.com", service: "shop", port: 8080 });
        return config;
    };
    let run: ProgramRun;
    before(async () => {
        run = await runProgram(externalConfig());
    });

    it("creates no key, no certificate and no Secret for it", () => {
        assert.equal(
            run.resources.filter((r) => r.name.includes("asm-managed")).length,
            0,
            run.resources
                .filter((r) => r.name.includes("asm-managed"))
                .map((r) => r.name)
                .join(", "),
        );
        assert.deepEqual(
            run.ofType(TYPES.secret).map((s) => s.inputs.metadata.name),
            ["myexample-credential"],
        );
    });

    it("gives the Gateway a server naming the Secret, recorded as external for the policy pack", async () => {
        const [gateway] = run.ofType(TYPES.gateway);
        const server = gateway.inputs.spec.servers.find((s: any) => s.hosts.includes("shop.example.com"));
        assert.equal(server.tls.credentialName, "asm-managed");
        assert.equal(gateway.inputs.metadata.annotations["istio-gateway-tls.io/external-credentials"], "asm-managed");
        assert.deepEqual(await policyViolations(run), []);
    });

    it("reports it as external, with the CA from config and no fingerprint", () => {
        const summary = run.outputs.credentials.find((c: any) => c.name === "asm-managed");
        assert.equal(summary.source, "external");
        assert.equal(summary.fingerprintSha256, undefined);
        assert.equal(new X509Certificate(summary.caCertPem).subject.includes("test CA external"), true);
    });

    it("refuses what would shape a key or Secret the stack does not make, and a caCertPem without external", async () => {
        const config = externalConfig();
        Object.assign(config.certificates[1], { rotation: "2026-12", validityDays: 90, clientCa: { generate: true } });
        config.certificates[0].caCertPem = caCertPemFor("x");
        const problems = await problemsOf(config);
        assert.deepEqual(problems.map((p) => p.path).sort(), [
            "certificates[0].caCertPem",
            "certificates[1].clientCa",
            "certificates[1].rotation",
            "certificates[1].validityDays",
        ]);
    });
});
