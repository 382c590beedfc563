// Hosts delegated to teams' namespaces: the rules and their refusals, the Gateway's `ns/host` servers and
// listeners' allowedRoutes under mocks, and the admission policy's CEL, evaluated against sample objects as the
// API server evaluates a ValidatingAdmissionPolicy (matchConditions, then variables, then the validation).

import * as assert from "node:assert/strict";
import { run } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { type AdmissionTarget, admissionObjects, delegateOf, serverHosts } from "../domain/delegation";
import { devConfig, problemsOf } from "./fixtures";
import { runProgram } from "./harness";
import { policyViolations } from "./policyCheck";

const VAP = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy";
const BINDING = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding";
const K8S_GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";

/** The dev stack with two teams: team-a gets its own wildcard, team-b one host under the platform's wildcard. */
function delegatingConfig(): Record<string, any> {
    const config = devConfig();
    config.certificates[0].hosts = ["*.aliyun.com", "aliyun.com", "*.a.aliyun.com"];
    config.delegations = [
        { namespace: "team-b", hosts: ["shop.aliyun.com"] },
        { namespace: "team-a", hosts: ["*.a.aliyun.com"] },
    ];
    return config;
}

const TARGET: AdmissionTarget = {
    gateway: { name: "mysdsgateway", namespace: "default" },
    delegations: [
        { namespace: "team-a", hosts: ["*.a.aliyun.com"] },
        { namespace: "team-b", hosts: ["shop.aliyun.com"] },
    ],
};

/** What the API server decides for an object created in `namespace`: not matched, allowed, or the message. */
function admit(object: Record<string, any>, namespace: string): "not bound" | "allowed" | string {
    const { policy } = admissionObjects(TARGET);
    const request = { namespace };
    const cel = (expression: string, variables: Record<string, unknown> = {}) =>
        run(expression, { object, request, variables } as Parameters<typeof run>[1], { funcs: strings });
    if (cel(policy.spec.matchConditions[0].expression) !== true) return "not bound";
    const variables: Record<string, unknown> = {};
    for (const variable of policy.spec.variables) variables[variable.name] = cel(variable.expression, variables);
    const [validation] = policy.spec.validations;
    return cel(validation.expression, variables) === true
        ? "allowed"
        : String(cel(validation.messageExpression, variables));
}

const virtualService = (hosts: string[], gateways = ["default/mysdsgateway"]) => ({
    kind: "VirtualService",
    spec: { hosts, gateways },
});
const httpRoute = (hostnames: string[], parentRefs: object[] = [{ name: "mysdsgateway", namespace: "default" }]) => ({
    kind: "HTTPRoute",
    spec: { hostnames, parentRefs },
});

describe("delegations: teams route their own hosts on the platform's gateway", () => {
    describe("rules", () => {
        it("accepts delegated hosts that the stack's certificates serve", () => {
            assert.deepEqual(problemsOf(delegatingConfig()), []);
        });

        it("reports every problem at once, each with its path and fix", () => {
            const config = delegatingConfig();
            config.delegations = [
                { namespace: "team-a", hosts: ["*.a.aliyun.com", "x.a.aliyun.com"] },
                { namespace: "team-a", hosts: ["other.example.com"] },
                { namespace: "default", hosts: ["b.aliyun.com"] },
                { namespace: "Team_C", hosts: [] },
            ];
            const byPath = Object.fromEntries(problemsOf(config).map((p) => [p.path, p]));
            assert.match(byPath["delegations[0].hosts[1]"].message, /overlaps "\*\.a\.aliyun\.com" of this delegation/);
            assert.match(byPath["delegations[1].namespace"].message, /repeats the namespace of delegations\[0\]/);
            assert.match(byPath["delegations[1].hosts[0]"].message, /served by none of the stack's certificates/);
            assert.match(byPath["delegations[1].hosts[0]"].fix, /"\*\.example\.com"/);
            assert.match(byPath["delegations[2].namespace"].message, /the Gateway's own namespace/);
            assert.match(byPath["delegations[3].namespace"].fix, /"team-c"/);
            assert.match(byPath["delegations[3].hosts"].message, /delegates no host/);
            // The dev stack's own route for b.aliyun.com is now delegated to default's... refused as a platform route.
            assert.match(byPath["routes[1].host"].message, /is delegated to namespace default/);
        });

        it("refuses a host delegated to two namespaces, and a wildcard delegation without a wildcard certificate", () => {
            const config = delegatingConfig();
            config.delegations.push({ namespace: "team-c", hosts: ["x.a.aliyun.com"] });
            config.certificates[0].hosts = ["*.aliyun.com", "aliyun.com"];
            const problems = problemsOf(config);
            const messages = (path: string) => problems.filter((p) => p.path === path).map((p) => p.message);
            assert.ok(
                messages("delegations[2].hosts[0]").some((m) =>
                    /overlaps "\*\.a\.aliyun\.com" of delegations\[1\] \(team-a\)/.test(m),
                ),
            );
            const fixes = problems.filter((p) => p.path === "delegations[1].hosts[0]").map((p) => p.fix);
            assert.ok(
                fixes.some((f) => /add "\*\.a\.aliyun\.com" itself to a certificate's hosts/.test(f)),
                fixes.join("\n"),
            );
        });
    });

    describe("the Gateway", () => {
        it("names each Istio server host with the only namespace that may bind it", () => {
            const delegations = TARGET.delegations;
            assert.deepEqual(serverHosts(["*.aliyun.com", "*.a.aliyun.com"], "default", delegations), [
                "default/*.aliyun.com",
                "team-a/*.a.aliyun.com",
                "team-b/shop.aliyun.com",
            ]);
            assert.equal(delegateOf("x.a.aliyun.com", delegations), "team-a");
            assert.equal(delegateOf("a.aliyun.com", delegations), undefined);
        });

        it("under mocks: the Gateway's servers, and the admission policy bound outside the Gateway's namespace", async () => {
            const run = await runProgram(delegatingConfig());
            assert.deepEqual(await policyViolations(run), []);
            const [server] = run.named("ingress-gateway").inputs.spec.servers;
            assert.deepEqual(server.hosts, [
                "default/*.aliyun.com",
                "default/aliyun.com",
                "team-a/*.a.aliyun.com",
                "team-b/shop.aliyun.com",
            ]);
            const [policy] = run.ofType(VAP);
            assert.equal(policy.inputs.metadata.name, "istio-gateway-tls.default.mysdsgateway.hosts");
            const [binding] = run.ofType(BINDING);
            assert.equal(binding.inputs.spec.policyName, policy.inputs.metadata.name);
            assert.deepEqual(binding.inputs.spec.matchResources.namespaceSelector.matchExpressions[0].values, [
                "default",
            ]);
            assert.deepEqual(run.outputs.delegations, {
                gateway: { api: "istio", name: "mysdsgateway", namespace: "default" },
                hosts: { "team-a": ["*.a.aliyun.com"], "team-b": ["shop.aliyun.com"] },
            });
        });

        it("without delegations, nothing changes: bare hosts and no policy", async () => {
            const run = await runProgram(devConfig());
            assert.deepEqual(run.named("ingress-gateway").inputs.spec.servers[0].hosts, ["*.aliyun.com"]);
            assert.equal(run.ofType(VAP).length, 0);
        });

        it("Gateway API: a delegated host's listener admits its namespace only, after the platform's listeners", async () => {
            const config = delegatingConfig();
            config.gateway = { api: "gateway-api", name: "k8s-gateway", namespace: "platform" };
            const run = await runProgram(config);
            const [gateway] = run.ofType(K8S_GATEWAY);
            const listeners = gateway.inputs.spec.listeners.map((l: any) => [
                l.name,
                l.allowedRoutes?.namespaces.selector.matchExpressions[0].values[0] ?? "Same",
            ]);
            assert.deepEqual(listeners, [
                ["https-wildcard.a.aliyun.com", "team-a"],
                ["https-wildcard.aliyun.com", "Same"],
                ["https-aliyun.com", "Same"],
                ["https-shop.aliyun.com", "team-b"],
            ]);
        });
    });

    describe("the admission policy's CEL", () => {
        it("ignores routes bound to another gateway, or to none", () => {
            assert.equal(admit(virtualService(["x.b.example.com"], ["other/gw"]), "team-a"), "not bound");
            assert.equal(admit(httpRoute(["shop.aliyun.com"], [{ name: "mysdsgateway" }]), "team-a"), "not bound");
            assert.equal(admit({ kind: "VirtualService", spec: { hosts: ["x"] } }, "team-a"), "not bound");
        });

        it("allows a team's hosts: its own host, and one label under its wildcard", () => {
            assert.equal(admit(virtualService(["x.a.aliyun.com", "*.a.aliyun.com"]), "team-a"), "allowed");
            assert.equal(admit(virtualService(["shop.aliyun.com"]), "team-b"), "allowed");
            assert.equal(admit(httpRoute(["y.a.aliyun.com"]), "team-a"), "allowed");
            // Bound through its own namespace's short name: the Gateway is in default, so that is another Gateway.
            assert.equal(admit(virtualService(["x.a.aliyun.com"], ["mysdsgateway"]), "team-a"), "not bound");
        });

        it("refuses another team's host, naming it and the namespace it is delegated to", () => {
            assert.equal(
                admit(virtualService(["shop.aliyun.com"]), "team-a"),
                "host shop.aliyun.com is delegated to namespace team-b, not to team-a (gateway default/mysdsgateway; ask its platform stack to delegate the host)",
            );
            assert.match(
                admit(httpRoute(["z.a.aliyun.com"]), "team-b"),
                /^host z\.a\.aliyun\.com is delegated to namespace team-a, not to team-b/,
            );
        });

        it("refuses hosts delegated to nobody, two labels under a wildcard, and any host from an undelegated namespace", () => {
            assert.match(
                admit(virtualService(["b.aliyun.com"]), "team-a"),
                /host b\.aliyun\.com is delegated to no namespace/,
            );
            assert.match(
                admit(virtualService(["y.x.a.aliyun.com"]), "team-a"),
                /host y\.x\.a\.aliyun\.com is delegated to no namespace/,
            );
            assert.match(admit(virtualService(["*.aliyun.com"]), "team-a"), /host \*\.aliyun\.com/);
            assert.match(
                admit(httpRoute(["x.a.aliyun.com"]), "team-z"),
                /delegated to namespace team-a, not to team-z/,
            );
        });
    });
});
