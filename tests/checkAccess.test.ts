// `npm run check-access`: the permissions a stack's `up` needs (rbac/'s rules in the namespaces its config
// names), against what the API server says the identity may do (SelfSubjectRulesReview). Under a fake
// review here; the integration suite runs it against a real API server as a ServiceAccount.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { main, planeContexts } from "../cli/checkAccess";
import { type RulesReview, accessNeeds } from "../verify/access";
import { devConfig } from "./fixtures";

const ALL = ["get", "list", "watch", "create", "update", "patch", "delete"];

function stackFile(config: Record<string, unknown>): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "igt-access-")), "Pulumi.test.yaml");
    const prefixed = Object.fromEntries(Object.entries(config).map(([k, v]) => [`istio-gateway-tls:${k}`, v]));
    fs.writeFileSync(file, yaml.dump({ config: prefixed }));
    return file;
}

function run(config: Record<string, unknown>, review: RulesReview) {
    let stdout = "";
    let stderr = "";
    const code = main(["--file", stackFile(config)], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        review,
    });
    return { code, stdout, stderr };
}

/** What rbac/data-plane.yaml and control-plane.yaml grant, in the tutorial's namespaces. */
const tutorialRules: RulesReview = (_plane, namespace) =>
    namespace === "istio-system"
        ? [{ apiGroups: [""], resources: ["secrets"], verbs: ALL }]
        : namespace === "default"
          ? [{ apiGroups: ["networking.istio.io"], resources: ["gateways", "virtualservices"], verbs: ALL }]
          : [];

/** The config with its first certificate from cert-manager (a DNS-01 ClusterIssuer) and the alerts on. */
function withCertManager(config: Record<string, any>): Record<string, any> {
    const [cert] = config.certificates;
    delete cert.subject;
    delete cert.ca;
    cert.certManager = { issuer: "acme" };
    const dns01 = { rfc2136: { nameserver: "ns1:53", tsigKeyName: "k", tsigSecretName: "tsig" } };
    config.issuers = [{ name: "acme", acme: { server: "letsencrypt", email: "a@b.c", solvers: [{ dns01 }] } }];
    config.alerts = { enabled: true };
    return config;
}

describe("check-access (the permissions up needs, before it runs)", () => {
    it("places rbac/'s rules in the namespaces the config names", () => {
        const needs = accessNeeds(
            Object.fromEntries(
                Object.entries({ ...devConfig(), sampleApps: { enabled: false } }).map(([k, v]) => [k, v]),
            ),
        );
        const secrets = needs.filter((n) => n.resource === "secrets");
        assert.deepEqual([...new Set(secrets.map((n) => n.namespace))], ["istio-system"]);
        assert.deepEqual(secrets.map((n) => n.verb).sort(), [...ALL].sort());
        assert.deepEqual(
            [
                ...new Set(
                    needs
                        .filter((n) => n.apiGroup === "networking.istio.io")
                        .map((n) => `${n.namespace}/${n.resource}`),
                ),
            ],
            ["default/gateways", "default/virtualservices"],
        );
    });

    it("asks for cert-manager's objects and the PrometheusRule only where the config makes them", () => {
        const kinds = (config: Record<string, unknown>) => [
            ...new Set(
                accessNeeds(config)
                    .filter((n) => n.apiGroup === "cert-manager.io" || n.apiGroup === "monitoring.coreos.com")
                    .map((n) => `${n.file} ${n.namespace || "(cluster)"}/${n.resource}`),
            ),
        ];
        assert.deepEqual(kinds(devConfig()), []);
        const config = withCertManager(devConfig());
        assert.deepEqual(kinds(config), [
            "cert-manager.yaml istio-system/certificates",
            "cert-manager.yaml istio-system/issuers",
            "cert-manager-cluster-issuers.yaml (cluster)/clusterissuers",
            "alerts.yaml istio-system/prometheusrules",
        ]);
        // An Issuer, not a ClusterIssuer: no ClusterRole is asked for.
        config.issuers[0].kind = "Issuer";
        assert.ok(!kinds(config).some((k) => k.includes("clusterissuers")));
    });

    it("with data planes, asks each cluster for its Secrets and cert-manager objects, the control plane for the Istio objects", () => {
        const config = devConfig();
        config.sampleApps = { enabled: false };
        config.controlPlane = { context: "asm" };
        config.dataPlanes = [
            { name: "hangzhou", context: "hz" },
            { name: "beijing", context: "bj" },
        ];
        withCertManager(config);
        const where = new Map<string, Set<string>>();
        for (const need of accessNeeds(config)) {
            const planes = where.get(need.file) ?? new Set();
            where.set(need.file, planes.add(need.plane));
        }
        assert.deepEqual(Object.fromEntries([...where].map(([file, planes]) => [file, [...planes]])), {
            "data-plane.yaml": ["hangzhou", "beijing"],
            "control-plane.yaml": ["control"],
            "cert-manager.yaml": ["hangzhou", "beijing"],
            "cert-manager-cluster-issuers.yaml": ["hangzhou", "beijing"],
            "alerts.yaml": ["hangzhou"],
        });
        // Without a control plane (multi-primary), every data plane gets the Istio objects too.
        delete config.controlPlane;
        assert.deepEqual(
            [
                ...new Set(
                    accessNeeds(config)
                        .filter((n) => n.file === "control-plane.yaml")
                        .map((n) => n.plane),
                ),
            ],
            ["hangzhou", "beijing"],
        );
    });

    it("reviews each data plane in its own context and names the cluster a permission is missing on", () => {
        const config = { ...devConfig(), sampleApps: { enabled: false } } as Record<string, any>;
        config.dataPlanes = [
            { name: "hangzhou", context: "hz" },
            { name: "beijing", context: "bj" },
        ];
        const onlyHangzhou: RulesReview = (plane, namespace) =>
            plane === "beijing" && namespace === "istio-system" ? [] : tutorialRules(plane, namespace);
        const result = run(config, onlyHangzhou);
        assert.equal(result.code, 1);
        assert.match(result.stdout, /^missing: create secrets in namespace istio-system on the data plane beijing /m);
        assert.doesNotMatch(result.stdout, /hangzhou/);
        assert.deepEqual(planeContexts(config, undefined, undefined), {
            data: undefined,
            control: undefined,
            hangzhou: "hz",
            beijing: "bj",
        });
        delete config.dataPlanes[1].context;
        assert.match(String(planeContexts(config, undefined, undefined)), /set dataPlanes\[1\]\.context \(beijing\)/);
        assert.equal(run(config, onlyHangzhou).code, 2);
    });

    it("with delegations, asks for the cluster-scoped admission policy where the Istio objects go", () => {
        const config = devConfig();
        config.sampleApps = { enabled: false };
        config.delegations = [{ namespace: "team-a", hosts: ["shop.aliyun.com"] }];
        const needs = accessNeeds(config).filter((n) => n.file === "delegations.yaml");
        assert.deepEqual(
            [...new Set(needs.map((n) => `${n.plane} ${n.namespace || "(cluster)"}/${n.resource}`))],
            ["data (cluster)/validatingadmissionpolicies", "data (cluster)/validatingadmissionpolicybindings"],
        );
        config.controlPlane = { context: "asm" };
        assert.ok(
            accessNeeds(config)
                .filter((n) => n.file === "delegations.yaml")
                .every((n) => n.plane === "control"),
        );
        assert.deepEqual(
            accessNeeds(devConfig()).filter((n) => n.file === "delegations.yaml"),
            [],
        );
    });

    it("passes when every need is granted, and names each missing one with the file that grants it", () => {
        const config = { ...devConfig(), sampleApps: { enabled: false } };
        assert.equal(run(config, tutorialRules).code, 0);
        const withoutRoutes: RulesReview = (plane, namespace) =>
            tutorialRules(plane, namespace).map((rule) => ({
                ...rule,
                resources: rule.resources?.filter((r) => r !== "virtualservices"),
            }));
        const result = run(config, withoutRoutes);
        assert.equal(result.code, 1);
        assert.match(
            result.stdout,
            /^missing: patch virtualservices\.networking\.istio\.io in namespace default on the data plane \(granted by rbac\/control-plane\.yaml\)$/m,
        );
    });

    it("with the sample apps, asks for the provider's readiness reads and the namespace label by name", () => {
        const result = run({ ...devConfig(), sampleApps: { enabled: true, namespace: "shop" } }, tutorialRules);
        assert.equal(result.code, 1);
        for (const read of [
            "list pods in namespace shop",
            "watch replicasets.apps in namespace shop",
            "list persistentvolumeclaims in namespace shop",
            "list endpoints in namespace shop",
        ]) {
            assert.ok(result.stdout.includes(`missing: ${read}`), `${read} not asked for:\n${result.stdout}`);
        }
        assert.match(result.stdout, /missing: patch namespaces named shop \(cluster-scoped\)/);
    });

    it("a wildcard rule grants everything; a rule for other names does not grant the namespace patch", () => {
        const admin: RulesReview = () => [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }];
        assert.equal(run({ ...devConfig(), sampleApps: { enabled: true } }, admin).code, 0);
        const otherName: RulesReview = (plane, namespace) => [
            ...admin(plane, namespace).map((rule) => ({
                ...rule,
                resources: [
                    "secrets",
                    "configmaps",
                    "services",
                    "serviceaccounts",
                    "deployments",
                    "replicasets",
                    "pods",
                    "persistentvolumeclaims",
                    "endpoints",
                    "gateways",
                    "virtualservices",
                ],
            })),
            { apiGroups: [""], resources: ["namespaces"], verbs: ["get", "patch"], resourceNames: ["other"] },
        ];
        assert.match(
            run({ ...devConfig(), sampleApps: { enabled: true } }, otherName).stdout,
            /missing: get namespaces named default/,
        );
    });
});
