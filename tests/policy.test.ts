// The policy pack: one passing and one violating case per rule, with validation args built here (the pattern
// of pulumi-policy-aws's createResourceValidationArgs), and the program's own resources passing every rule.

import * as assert from "node:assert/strict";
import type {
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { MANAGED_LABELS } from "../components";
import { EXTERNAL_CREDENTIALS_ANNOTATION, WORKLOAD_NAMESPACE_ANNOTATION } from "../components/gateway/spec";
import { RESERVED_SECRET_PREFIXES as CONFIG_RESERVED_PREFIXES } from "../domain/secretNames";
import * as pack from "../policy/policies";
import * as shared from "../policy/shared";
import { type ProgramRun, TYPES, runProgram } from "./harness";
import { devConfig, fixtureConfig } from "./fixtures";
import { issueCertificate } from "./pki";
import { policyViolations } from "./policyCheck";

const K8S_GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";

/** A second certificate, for shop.example.com and routed, from each source there is beside the stack's own CA. */
const SOURCES: Record<string, (config: Record<string, any>) => Record<string, any>> = {
    existing: (config) => withShop(config, { existing: issueCertificate(["shop.example.com"]) }),
    external: (config) => withShop(config, { external: true }),
    "cert-manager": (config) => {
        config.issuers = [
            {
                name: "acme",
                acme: {
                    server: "letsencrypt-staging",
                    email: "ops@example.com",
                    solvers: [
                        { dns01: { rfc2136: { nameserver: "ns1:53", tsigKeyName: "k", tsigSecretName: "tsig" } } },
                    ],
                },
            },
        ];
        return withShop(config, { certManager: { issuer: "acme" } });
    },
    // HTTP-01 beside a redirect: on Istio's API a port-80 Gateway of its own and a redirect bound to it.
    "cert-manager HTTP-01 with a redirect": (config) => {
        config.issuers = [
            {
                name: "acme",
                acme: { server: "letsencrypt-staging", email: "ops@example.com", solvers: [{ http01: {} }] },
            },
        ];
        withShop(config, { certManager: { issuer: "acme" }, httpsRedirect: true });
        return config;
    },
};

function withShop(config: Record<string, any>, source: Record<string, unknown>) {
    const { certPem, keyPem } = (source.existing ?? {}) as { certPem?: string; keyPem?: string };
    const entry = source.existing ? { existing: { certPem, keyPem } } : source;
    config.certificates.push({ name: "shop-credential", hosts: ["shop.example.com"], ...entry });
    config.routes.push({ host: "shop.example.com", service: "shop", port: 8080 });
    return config;
}

/** The config on the Gateway API (Istio's gateway class, the Gateway's own namespace), or as it is. */
function onApi(config: Record<string, any>, api: "istio" | "gateway-api") {
    if (api === "gateway-api" && config.gateway?.api !== "gateway-api") {
        const { name = "mysdsgateway" } = config.gateway ?? {};
        config.gateway = { api, className: "istio", name, namespace: "ingress" };
    }
    return config;
}

/** Runs the program and every rule of the pack on what it registered, as `pulumi preview --policy-pack` does. */
async function assertNoViolations(config: Record<string, any>): Promise<ProgramRun> {
    const run = await runProgram(config);
    assert.deepEqual(await policyViolations(run), []);
    return run;
}

const noOptions = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

function resourceArgs(type: string, props: Record<string, any>, name = "r"): ResourceValidationArgs {
    return {
        type,
        props,
        urn: `urn:pulumi:test::istio-gateway-tls::${type}::${name}`,
        name,
        opts: noOptions,
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T>() => ({}) as T,
    } as unknown as ResourceValidationArgs;
}

function stackArgs(resources: { type: string; props: Record<string, any>; name?: string }[]): StackValidationArgs {
    return {
        resources: resources.map(
            (r, i) =>
                ({
                    ...resourceArgs(r.type, r.props, r.name ?? `r${i}`),
                    dependencies: [],
                    propertyDependencies: {},
                }) as unknown as PolicyResource,
        ),
        stackTags: new Map(),
        getConfig: <T>() => ({}) as T,
    } as unknown as StackValidationArgs;
}

async function violationsOf(
    policy: ResourceValidationPolicy | StackValidationPolicy,
    args: ResourceValidationArgs | StackValidationArgs,
): Promise<string[]> {
    const violations: string[] = [];
    const report = (message: string) => violations.push(message);
    if ("validateStack" in policy) {
        await policy.validateStack(args as StackValidationArgs, report);
    } else {
        const validations = Array.isArray(policy.validateResource)
            ? policy.validateResource
            : [policy.validateResource];
        for (const validate of validations) await validate?.(args as ResourceValidationArgs, report);
    }
    return violations;
}

const tlsSecret = (
    name: string,
    namespace = "istio-system",
    data: Record<string, string> = { "tls.crt": "c", "tls.key": "k" },
) => ({
    type: TYPES.secret,
    props: { metadata: { name, namespace, labels: MANAGED_LABELS }, type: "kubernetes.io/tls", stringData: data },
});

const gateway = (
    servers: any[],
    annotations: Record<string, string> = { [WORKLOAD_NAMESPACE_ANNOTATION]: "istio-system" },
) => ({
    type: TYPES.gateway,
    props: {
        metadata: { name: "mysdsgateway", namespace: "default", annotations },
        spec: { selector: { istio: "ingressgateway" }, servers },
    },
});

const httpsServer = (credentialName: string, hosts = ["*.aliyun.com"], tls: Record<string, string> = {}) => ({
    port: { number: 443, name: "https", protocol: "HTTPS" },
    hosts,
    tls: { mode: "SIMPLE", credentialName, ...tls },
});

const virtualService = (hosts: string[], gateways = ["default/mysdsgateway"]) => ({
    type: TYPES.virtualService,
    props: { metadata: { name: "vs", namespace: "default" }, spec: { hosts, gateways, http: [] } },
});

describe("policy pack", () => {
    describe("gateway-credential-secret-managed", () => {
        const policy = pack.gatewayCredentialManaged;

        it("passes when the stack manages the TLS secret in the workload namespace", async () => {
            assert.deepEqual(
                await violationsOf(
                    policy,
                    stackArgs([gateway([httpsServer("myexample-credential")]), tlsSecret("myexample-credential")]),
                ),
                [],
            );
        });

        it("reports a credentialName with no managed secret", async () => {
            const violations = await violationsOf(policy, stackArgs([gateway([httpsServer("myexample-credential")])]));
            assert.equal(violations.length, 1);
            assert.match(
                violations[0],
                /uses credentialName "myexample-credential", but this stack provides no such Secret\. Manage a kubernetes\.io\/tls Secret "myexample-credential" in namespace "istio-system", have a cert-manager Certificate issue into it, or list it/,
            );
        });

        it("reports a secret in the Gateway's namespace instead of the workload's", async () => {
            const violations = await violationsOf(
                policy,
                stackArgs([
                    gateway([httpsServer("myexample-credential")]),
                    tlsSecret("myexample-credential", "default"),
                ]),
            );
            assert.equal(violations.length, 1);
            assert.match(violations[0], /only as Secret default\/myexample-credential.*namespace "istio-system"/);
        });

        it("follows the workload namespace the Gateway records", async () => {
            const args = stackArgs([
                gateway([httpsServer("c")], { [WORKLOAD_NAMESPACE_ANNOTATION]: "asm-gw" }),
                tlsSecret("c", "istio-system"),
            ]);
            assert.match((await violationsOf(policy, args))[0] ?? "", /namespace "asm-gw"/);
        });
    });

    describe("tls-secret-keys", () => {
        const policy = pack.tlsSecretKeys;

        it("passes a TLS secret with tls.crt and tls.key", async () => {
            const secret = tlsSecret("c");
            assert.deepEqual(await violationsOf(policy, resourceArgs(secret.type, secret.props)), []);
        });

        it("reports a missing tls.key and a token key", async () => {
            const secret = tlsSecret("c", "istio-system", { "tls.crt": "c", token: "t" });
            const violations = await violationsOf(policy, resourceArgs(secret.type, secret.props));
            assert.equal(violations.length, 2);
            assert.match(violations[0], /lacks tls\.key/);
            assert.match(violations[1], /"token" key/);
        });
    });

    describe("gateway-tls-min-1-2", () => {
        const policy = pack.gatewayMinTls12;

        it("passes TLS 1.2 and the default", async () => {
            const g = gateway([
                httpsServer("a"),
                httpsServer("b", ["x.example.com"], { minProtocolVersion: "TLSV1_2" }),
            ]);
            assert.deepEqual(await violationsOf(policy, resourceArgs(g.type, g.props)), []);
        });

        it("reports a server that allows TLS 1.0", async () => {
            const g = gateway([httpsServer("a", ["*.aliyun.com"], { minProtocolVersion: "TLSV1_0" })]);
            const violations = await violationsOf(policy, resourceArgs(g.type, g.props));
            assert.deepEqual(violations.length, 1);
            assert.match(violations[0], /servers\[0\] .* sets tls\.minProtocolVersion: TLSV1_0/);
        });
    });

    describe("virtualservice-hosts-served", () => {
        const policy = pack.virtualServiceHostsServed;

        it("passes hosts the Gateway serves", async () => {
            assert.deepEqual(
                await violationsOf(policy, stackArgs([gateway([httpsServer("c")]), virtualService(["a.aliyun.com"])])),
                [],
            );
        });

        it("reports a host the Gateway does not serve", async () => {
            const violations = await violationsOf(
                policy,
                stackArgs([gateway([httpsServer("c")]), virtualService(["a.aliyun.com", "shop.example.com"])]),
            );
            assert.equal(violations.length, 1);
            assert.match(
                violations[0],
                /routes host "shop\.example\.com" through Gateway default\/mysdsgateway, which serves only \["\*\.aliyun\.com"\]/,
            );
        });

        it("matches hosts as Istio does", () => {
            assert.ok(pack.gatewayHostServes("*.aliyun.com", "a.b.aliyun.com"));
            assert.ok(pack.gatewayHostServes("default/*.aliyun.com", "a.aliyun.com"));
            assert.ok(pack.gatewayHostServes("*", "anything.example"));
            assert.ok(!pack.gatewayHostServes("*.aliyun.com", "aliyun.com"));
        });
    });

    describe("secret-name-not-reserved", () => {
        const policy = pack.secretNameNotReserved;

        it("passes an ordinary name", async () => {
            const secret = tlsSecret("myexample-credential");
            assert.deepEqual(await violationsOf(policy, resourceArgs(secret.type, secret.props)), []);
        });

        it("reports names starting with istio or prometheus", async () => {
            for (const name of ["istio-ingressgateway-certs", "prometheus-tls"]) {
                const secret = tlsSecret(name);
                const violations = await violationsOf(policy, resourceArgs(secret.type, secret.props));
                assert.equal(violations.length, 1, name);
                assert.match(violations[0], /ASM reserves/);
            }
        });
    });

    it("shares its definitions with the component and the config validation", () => {
        assert.deepEqual(shared.RESERVED_SECRET_PREFIXES, [...CONFIG_RESERVED_PREFIXES]);
        assert.equal(shared.WORKLOAD_NAMESPACE_ANNOTATION, WORKLOAD_NAMESPACE_ANNOTATION);
        assert.equal(shared.EXTERNAL_CREDENTIALS_ANNOTATION, EXTERNAL_CREDENTIALS_ANNOTATION);
        assert.equal((MANAGED_LABELS as Record<string, string>)[shared.PART_OF_LABEL[0]], shared.PART_OF_LABEL[1]);
    });

    describe("on what the program registers, for every test stack and every certificate source, on both APIs", () => {
        for (const api of ["istio", "gateway-api"] as const) {
            // features has dual-stack and mutual TLS, which a Gateway API listener cannot express.
            for (const fixture of ["tutorial", "prod", "gateway-api", ...(api === "istio" ? ["features"] : [])]) {
                it(`${fixture} (${api}) passes every rule`, async () => {
                    await assertNoViolations(onApi(fixtureConfig(fixture), api));
                });
            }
            for (const [source, configure] of Object.entries(SOURCES)) {
                it(`a ${source} certificate beside the stack's own (${api}) passes every rule`, async () => {
                    const run = await assertNoViolations(onApi(configure(devConfig()), api));
                    assert.ok(run.resources.some((r) => r.type === TYPES.gateway || r.type === K8S_GATEWAY));
                });
            }
        }

        it("refuses a cert-manager Certificate issuing into another namespace than the gateway workload's", async () => {
            const run = await runProgram(SOURCES["cert-manager"](devConfig()));
            const moved = run.resources.map((r) =>
                r.type === shared.CERTIFICATE_RESOURCE_TYPE
                    ? { ...r, inputs: { ...r.inputs, metadata: { ...r.inputs.metadata, namespace: "elsewhere" } } }
                    : r,
            );
            const violations = await policyViolations({ ...run, resources: moved });
            assert.equal(violations.length, 1, violations.join("\n"));
            assert.match(
                violations[0],
                /uses credentialName "shop-credential", but this stack has it only as Secret elsewhere\/shop-credential \(issued by a cert-manager Certificate\)/,
            );
        });

        it("refuses a Gateway API listener whose Secret no one provides once the Certificate is gone", async () => {
            const run = await runProgram(onApi(SOURCES["cert-manager"](devConfig()), "gateway-api"));
            const without = run.resources.filter((r) => r.type !== shared.CERTIFICATE_RESOURCE_TYPE);
            const violations = await policyViolations({ ...run, resources: without });
            assert.equal(violations.length, 1, violations.join("\n"));
            assert.match(
                violations[0],
                /references Secret ingress\/shop-credential, but this stack provides no such kubernetes\.io\/tls Secret/,
            );
        });
    });
});
