// AppRoutes, an application team's routes from its own stack: only hosts delegated to its namespace, refused
// before anything is registered otherwise, bound to the platform's Gateway on either API.

import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { AppRoutes, type AppRoutesArgs } from "../components/appRoutes";
import { ConfigError } from "../config/validation/problems";
import { gatewayOfOutputs, routesOfObjects, withClusterRoutes } from "../verify/clusterRoutes";
import { runComponents } from "./harness";

const DELEGATION = {
    gateway: { api: "istio", name: "mysdsgateway", namespace: "default" },
    hosts: { "team-a": ["*.a.aliyun.com"], "team-b": ["shop.aliyun.com"] },
};

function teamA(routes: AppRoutesArgs["routes"], api = "istio"): AppRoutesArgs {
    return { delegation: { ...DELEGATION, gateway: { ...DELEGATION.gateway, api } }, namespace: "team-a", routes };
}

async function build(args: AppRoutesArgs) {
    let error: unknown;
    const run = await runComponents((instrumentation) => {
        try {
            const routes = new AppRoutes("team-a", args, instrumentation);
            return { hosts: routes.hosts };
        } catch (thrown) {
            error = thrown;
            return {};
        }
    });
    return { run, error };
}

describe("AppRoutes: a team's routes on the platform's gateway", () => {
    it("makes a VirtualService per delegated host in the team's namespace, bound to the platform's Gateway", async () => {
        const { run, error } = await build(
            teamA([
                { host: "x.a.aliyun.com", service: "web", port: 8080 },
                { host: "x.a.aliyun.com", pathPrefix: "/api", service: "api", port: 80 },
                { host: "y.a.aliyun.com", service: "web", port: 8080 },
            ]),
        );
        assert.equal(error, undefined);
        const services = run.ofType("kubernetes:networking.istio.io/v1:VirtualService");
        assert.deepEqual(services.map((vs) => `${vs.inputs.metadata.namespace}/${vs.inputs.metadata.name}`).sort(), [
            "team-a/x.a.aliyun.com",
            "team-a/y.a.aliyun.com",
        ]);
        const x = services.find((vs) => vs.inputs.metadata.name === "x.a.aliyun.com")!;
        assert.deepEqual(x.inputs.spec.gateways, ["default/mysdsgateway"]);
        assert.deepEqual(
            x.inputs.spec.http.map((h: any) => [h.match[0].uri.prefix, h.route[0].destination.host]),
            [
                ["/api", "api.team-a.svc.cluster.local"],
                ["/", "web.team-a.svc.cluster.local"],
            ],
        );
        assert.deepEqual(run.outputs.hosts, ["x.a.aliyun.com", "y.a.aliyun.com"]);
    });

    it("takes the delegation as an Output (another language's StackReference), settled before anything is checked", async () => {
        const args = teamA([{ host: "x.a.aliyun.com", service: "web", port: 8080 }]);
        const { run, error } = await build({ ...args, delegation: pulumi.output(args.delegation) as never });
        assert.equal(error, undefined);
        assert.deepEqual(run.outputs.hosts, ["x.a.aliyun.com"]);
    });

    it("Gateway API: an HTTPRoute attached to the delegated host's listener", async () => {
        const { run } = await build(teamA([{ host: "x.a.aliyun.com", service: "web", port: 8080 }], "gateway-api"));
        const [route] = run.ofType("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute");
        assert.equal(route.inputs.metadata.namespace, "team-a");
        assert.deepEqual(route.inputs.spec.parentRefs, [
            { name: "mysdsgateway", namespace: "default", sectionName: "https-wildcard.a.aliyun.com" },
        ]);
        assert.deepEqual(route.inputs.spec.rules[0].backendRefs, [{ name: "web", namespace: "team-a", port: 8080 }]);
    });

    it("refuses hosts outside its delegation, naming whose they are, and registers nothing, itself included", async () => {
        const { run, error } = await build(
            teamA([
                { host: "x.a.aliyun.com", service: "web", port: 8080 },
                { host: "shop.aliyun.com", service: "web", port: 8080 },
                { host: "b.aliyun.com", service: "web", port: 8080, namespace: "other" },
            ]),
        );
        assert.ok(error instanceof ConfigError, String(error));
        assert.deepEqual(
            error.problems.map((p) => `${p.path}: ${p.message}`),
            [
                "routes[1].host: is delegated to namespace team-b, not to team-a",
                "routes[2].namespace: is not the team's namespace team-a: a team routes to its own services",
                "routes[2].host: is not delegated to namespace team-a",
            ],
        );
        assert.match(
            error.problems[2].fix,
            /route a host under \*\.a\.aliyun\.com, or ask the platform stack to delegate b\.aliyun\.com to team-a/,
        );
        assert.equal(run.resources.length, 0);
    });
});

describe("verify --routes-from-cluster: the routes bound to the platform's Gateway", () => {
    const credentials = [{ name: "wild", hosts: ["*.a.aliyun.com"] }];

    it("takes the Gateway and its API from the delegations output, else from gateway (Istio's API)", () => {
        assert.deepEqual(gatewayOfOutputs({ gateway: "default/mysdsgateway" }), {
            api: "istio",
            namespace: "default",
            name: "mysdsgateway",
        });
        const gateway = { api: "gateway-api", namespace: "platform", name: "k8s" };
        assert.deepEqual(gatewayOfOutputs({ gateway: "platform/k8s", delegations: { gateway } }), gateway);
        assert.throws(() => gatewayOfOutputs({}), /name no gateway/);
    });

    it("reads HTTPRoutes whose parentRef names the Gateway (its namespace defaulting to the route's), with their first path", () => {
        const gateway = { api: "gateway-api", namespace: "platform", name: "k8s" };
        const route = (namespace: string, parent: { name: string; namespace?: string }, host: string) => ({
            kind: "HTTPRoute",
            metadata: { namespace },
            spec: { hostnames: [host], parentRefs: [parent], rules: [{ matches: [{ path: { value: "/api" } }] }] },
        });
        const found = routesOfObjects(
            [
                route("team-a", { name: "k8s", namespace: "platform" }, "x.a.aliyun.com"),
                route("platform", { name: "k8s" }, "y.a.aliyun.com"),
                route("team-a", { name: "k8s" }, "z.a.aliyun.com"),
            ],
            gateway,
            credentials,
            443,
        );
        assert.deepEqual(
            found.map((r) => `${r.host}${r.path} ${r.credential}`),
            ["x.a.aliyun.com/api wild", "y.a.aliyun.com/api wild"],
        );
        const own = [{ host: "y.a.aliyun.com", path: "/api", credential: "wild" }];
        assert.deepEqual(
            withClusterRoutes(own, found).map((r) => r.host),
            ["y.a.aliyun.com", "x.a.aliyun.com"],
        );
    });
});
