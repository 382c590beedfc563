// Bad config is reported before anything is registered, each problem with its path, value and fix.

import * as assert from "node:assert/strict";
import { RunError } from "@pulumi/pulumi";
import { type Problem, didYouMean } from "../config/validation/problems";
import { checkConfigRules } from "../config/validation/rules";
import { checkConfigShape } from "../config/validation/shape";
import type { PlainIngressConfig } from "../config/model/stack";
import { programError } from "./harness";
import { devConfig, problemsOf } from "./fixtures";

function onlyProblemAt(config: unknown, path: string): Problem {
    const problems = problemsOf(config);
    assert.deepEqual(
        problems.map((p) => p.path),
        [path],
        JSON.stringify(problems, null, 2),
    );
    return problems[0];
}

const base = (): PlainIngressConfig & Record<string, any> => devConfig() as PlainIngressConfig;

describe("config validation", () => {
    it("accepts the dev stack", () => {
        assert.deepEqual(problemsOf(devConfig()), []);
    });

    describe("secret names", () => {
        for (const name of ["istio-ingressgateway-certs", "prometheus-tls"]) {
            it(`rejects ${name}: ASM reserves the prefix`, () => {
                const config = base();
                config.certificates[0].name = name;
                const problem = onlyProblemAt(config, "certificates[0].name");
                assert.equal(problem.value, name);
                assert.match(problem.message, /ASM reserves/);
                assert.match(problem.fix, /rename it, e\.g\. "gw-[a-z-]+"/);
            });
        }

        it("rejects a name that is not a DNS-1123 subdomain, suggesting a valid one", () => {
            const config = base();
            config.certificates[0].name = "My_Credential";
            const problem = onlyProblemAt(config, "certificates[0].name");
            assert.match(problem.message, /DNS-1123/);
            assert.match(problem.fix, /"my-credential"/);
        });

        it("rejects two certificates with the same name", () => {
            const config = base();
            config.certificates.push({ name: "myexample-credential", hosts: ["shop.example.com"] });
            const problem = onlyProblemAt(config, "certificates[1].name");
            assert.match(problem.message, /also the name of certificates\[0\]/);
        });
    });

    describe("hosts and coverage", () => {
        it("rejects an invalid certificate host with its index", () => {
            const config = base();
            config.certificates[0].hosts.push("a.*.aliyun.com");
            const problem = onlyProblemAt(config, "certificates[0].hosts[1]");
            assert.equal(problem.value, "a.*.aliyun.com");
            assert.match(problem.message, /wildcard/);
        });

        it("rejects a route whose host no certificate covers, naming the route and the certificates", () => {
            const config = base();
            config.routes!.push({ host: "shop.example.com", service: "shop", port: 80 });
            const problem = onlyProblemAt(config, "routes[2].host");
            assert.equal(problem.value, "shop.example.com");
            assert.match(problem.message, /covered by no certificate.*myexample-credential \(\*\.aliyun\.com\)/);
            assert.match(problem.fix, /add "shop\.example\.com" \(or "\*\.example\.com"\) to a certificate's hosts/);
        });

        it("rejects the bare domain under a wildcard certificate: *.aliyun.com does not cover aliyun.com", () => {
            const config = base();
            config.routes!.push({ host: "aliyun.com", service: "web", port: 80 });
            onlyProblemAt(config, "routes[2].host");
        });

        it("rejects a host listed by two certificates, and the ambiguous route it makes", () => {
            const config = base();
            config.certificates.push({ name: "second", hosts: ["a.aliyun.com"] });
            const problems = problemsOf(config);
            assert.deepEqual(
                problems.map((p) => p.path),
                ["routes[0].host"],
            );
            assert.match(problems[0].message, /"myexample-credential" and "second"/);
            config.certificates[1].hosts = ["*.aliyun.com"];
            assert.deepEqual(
                problemsOf(config).map((p) => p.path),
                ["certificates[1].hosts[0]", "routes[0].host", "routes[1].host"],
            );
        });

        it("rejects a repeated route: the same host and path prefix", () => {
            const config = base();
            config.routes!.push({ host: "a.aliyun.com", pathPrefix: "/hello", service: "other", port: 80 });
            const problem = onlyProblemAt(config, "routes[2]");
            assert.match(problem.message, /repeats the host and path prefix of routes\[0\]/);
        });
    });

    describe("values", () => {
        it("rejects ports that are not whole numbers from 1 to 65535", () => {
            for (const port of [0, 65536, 80.5]) {
                const config = base();
                config.routes![0].port = port;
                const problem = onlyProblemAt(config, "routes[0].port");
                assert.match(problem.fix, /from 1 to 65535/);
            }
        });

        it("rejects a path prefix that does not start with /", () => {
            const config = base();
            config.routes![0].pathPrefix = "hello";
            assert.match(onlyProblemAt(config, "routes[0].pathPrefix").fix, /"\/hello"/);
        });

        it("rejects validityDays of zero, and a CA that expires before its certificate", () => {
            const config = base();
            config.certificates[0].validityDays = 0;
            onlyProblemAt(config, "certificates[0].validityDays");
            config.certificates[0].validityDays = 730;
            assert.match(onlyProblemAt(config, "certificates[0].ca.validityDays").message, /shorter than/);
        });

        it("rejects RSA below 2048 bits, and unknown algorithms and curves", () => {
            const config = base() as any;
            Object.assign(config.certificates[0], { rsaBits: 1024, keyAlgorithm: "DSA", ecdsaCurve: "P224" });
            const problems = problemsOf(config);
            assert.deepEqual(problems.map((p) => p.path).sort(), [
                "certificates[0].ecdsaCurve",
                "certificates[0].keyAlgorithm",
                "certificates[0].rsaBits",
            ]);
            const rsaBits = problems.find((p) => p.path.endsWith("rsaBits"))!;
            assert.equal(rsaBits.message, "is not a supported RSA key size");
            assert.equal(rsaBits.fix, "use one of 2048, 3072, 4096");
        });

        it("rejects namespaces that are not DNS-1123 labels", () => {
            const config = base();
            config.gateway!.workloadNamespace = "Istio_System";
            assert.match(onlyProblemAt(config, "gateway.workloadNamespace").fix, /"istio-system"/);
        });

        it("rejects a destination Istio would refuse at apply time: a Service name with '_', a host with a wildcard", () => {
            const config = base();
            config.routes![0].service = "my_app";
            const problem = onlyProblemAt(config, "routes[0].service");
            assert.match(problem.message, /not a Service name/);
            assert.match(problem.fix, /"my-app"/);
            config.routes![0].service = "*.default.svc.cluster.local";
            assert.match(onlyProblemAt(config, "routes[0].service").message, /wildcard/);
            config.routes![0].service = "httpbin.other.svc.cluster.local";
            assert.deepEqual(problemsOf(config), []);
        });

        it("rejects a clusterDomain that is not a DNS name, saying what kubelet calls it", () => {
            const config = base();
            config.clusterDomain = "cluster.local.";
            const problem = onlyProblemAt(config, "clusterDomain");
            assert.match(problem.message, /not a DNS name: it ends with a dot/);
            assert.match(problem.fix, /--cluster-domain/);
            config.clusterDomain = "*.local";
            assert.match(onlyProblemAt(config, "clusterDomain").message, /wildcard/);
            config.clusterDomain = "cluster.example";
            assert.deepEqual(problemsOf(config), []);
        });
    });

    describe("shape", () => {
        it("names an unknown key and suggests the near miss, as one problem: the misspelled key is read as meant", () => {
            const config = base() as any;
            config.certificates[0].hostz = config.certificates[0].hosts;
            delete config.certificates[0].hosts;
            const problem = onlyProblemAt(config, "certificates[0].hostz");
            assert.match(problem.fix, /did you mean "hosts"\? Rename it to hosts/);
        });

        it("still asks for a required key that is missing and not misspelled", () => {
            const config = base() as any;
            delete config.certificates[0].hosts;
            const problem = onlyProblemAt(config, "certificates[0].hosts");
            assert.match(problem.message, /is required/);
            assert.match(problem.fix, /pulumi config set --path 'certificates\[0\]\.hosts\[0\]'/);
        });

        it("names an unknown top-level key such as certificate", () => {
            const { problems } = checkConfigShape({ certificate: [], certificates: devConfig().certificates });
            assert.deepEqual(
                problems.map((p) => p.path),
                ["certificate"],
            );
            assert.match(problems[0].fix, /did you mean "certificates"\?/);
        });

        it("reads a misspelled top-level key as meant: no cascade of coverage problems", () => {
            const config = base() as any;
            config.certificate = config.certificates;
            delete config.certificates;
            assert.deepEqual(
                problemsOf(config).map((p) => p.path),
                ["certificate"],
            );
        });

        it("rejects a string where a list is expected, showing the list form", () => {
            const config = base() as any;
            config.certificates[0].hosts = "*.aliyun.com";
            const problem = onlyProblemAt(config, "certificates[0].hosts");
            assert.match(problem.message, /must be a list, not a string/);
            assert.match(problem.fix, /\["\*\.aliyun\.com"\]/);
        });

        it("rejects an object where a string is expected", () => {
            const config = base() as any;
            config.routes[0].service = { name: "myexampleapp" };
            assert.match(onlyProblemAt(config, "routes[0].service").message, /must be a string, not an object/);
        });

        it("asks for missing certificates with an example pulumi config set command", () => {
            const { problems } = checkConfigShape({});
            assert.deepEqual(
                problems.map((p) => p.path),
                ["certificates"],
            );
            assert.match(problems[0].fix, /pulumi config set --path 'certificates\[0\]\.name'/);
        });
    });

    describe("each bad value, at its path (issue #4's numbered cases)", () => {
        type Case = [label: string, mutate: (c: any) => void, path: string, message: RegExp];
        const cases: Case[] = [
            [
                "1. secret name with '_'",
                (c) => (c.certificates[0].name = "my_credential"),
                "certificates[0].name",
                /DNS-1123/,
            ],
            [
                "1. secret name over 253 characters",
                (c) => (c.certificates[0].name = "a".repeat(254)),
                "certificates[0].name",
                /at most 253/,
            ],
            ["3. empty host", (c) => (c.certificates[0].hosts[0] = ""), "certificates[0].hosts[0]", /is empty/],
            [
                "3. host that is not RFC 1123",
                (c) => (c.certificates[0].hosts[0] = "a_b.aliyun.com"),
                "certificates[0].hosts[0]",
                /RFC 1123/,
            ],
            [
                "3. wildcard inside a label",
                (c) => (c.certificates[0].hosts[0] = "*a.aliyun.com"),
                "certificates[0].hosts[0]",
                /wildcard/,
            ],
            [
                "3. host with a trailing dot",
                (c) => (c.certificates[0].hosts[0] = "*.aliyun.com."),
                "certificates[0].hosts[0]",
                /ends with a dot/,
            ],
            [
                "3. host over 253 characters",
                (c) => (c.certificates[0].hosts[0] = `${"a.".repeat(127)}com`),
                "certificates[0].hosts[0]",
                /at most 253/,
            ],
            ["3. invalid route host", (c) => (c.routes[0].host = "a..aliyun.com"), "routes[0].host", /RFC 1123/],
            ["6. gateway port out of range", (c) => (c.gateway.port = 0), "gateway.port", /not a valid port/],
            [
                "6. port given as a string",
                (c) => (c.routes[0].port = "80"),
                "routes[0].port",
                /must be a number, not a string/,
            ],
            [
                "7. negative validityDays",
                (c) => (c.certificates[0].validityDays = -1),
                "certificates[0].validityDays",
                /not a valid number of days/,
            ],
            ["11. gateway namespace", (c) => (c.gateway.namespace = "Default"), "gateway.namespace", /DNS-1123 label/],
            [
                "11. route namespace",
                (c) => (c.routes[0].namespace = "my.shop"),
                "routes[0].namespace",
                /DNS-1123 label/,
            ],
            [
                "11. sample apps namespace",
                (c) => (c.sampleApps.namespace = "-apps"),
                "sampleApps.namespace",
                /DNS-1123 label/,
            ],
            [
                "12. ECDSA curve P224",
                (c) => Object.assign(c.certificates[0], { keyAlgorithm: "ECDSA", ecdsaCurve: "P224" }),
                "certificates[0].ecdsaCurve",
                /not a supported curve/,
            ],
            [
                "13. probe path outside the prefix",
                (c) => (c.routes[0].probePath = "/other"),
                "routes[0].probePath",
                /not under the route's path prefix/,
            ],
        ];
        for (const [label, mutate, path, message] of cases) {
            it(label, () => {
                const config = devConfig();
                mutate(config);
                const problem = onlyProblemAt(config, path);
                assert.match(problem.message, message);
                assert.ok(problem.fix.length > 0, "no fix given");
            });
        }
    });

    it("reports shape and rule problems together, and keeps checking sound entries", () => {
        const config = base() as any;
        config.certificates[0].hostz = ["*.aliyun.com"];
        config.routes[0].port = "80";
        config.routes[1].pathPrefix = "status";
        config.gateway.workloadNamespace = "Istio";
        const problems = problemsOf(config);
        assert.deepEqual(problems.map((p) => p.path).sort(), [
            "certificates[0].hostz",
            "gateway.workloadNamespace",
            "routes[0].port",
            "routes[1].pathPrefix",
        ]);
    });

    it("does not report coverage against a certificate it could not read", () => {
        const config = base() as any;
        config.certificates[0].hosts = "*.aliyun.com";
        assert.deepEqual(
            problemsOf(config).map((p) => p.path),
            ["certificates[0].hosts"],
        );
    });

    it("suggests near misses only", () => {
        assert.equal(didYouMean("hostz", ["hosts", "name"]), "hosts");
        assert.equal(didYouMean("certificate", ["gateway", "certificates", "routes"]), "certificates");
        assert.equal(didYouMean("banana", ["hosts", "name"]), undefined);
    });

    it("checks rules on typed args too, so the component can be used without stack config", () => {
        const problems = checkConfigRules({
            certificates: [{ name: "istio-x", hosts: ["a.example.com"] }],
            routes: [{ host: "b.example.com", service: "s", port: 80 }],
        });
        assert.deepEqual(
            problems.map((p) => p.path),
            ["certificates[0].name", "routes[0].host"],
        );
    });

    describe("in the program", () => {
        it("lists every problem at once, with path, value and fix, and registers nothing", async () => {
            const config = devConfig();
            config.certificates[0].name = "istio-credential";
            config.certificates[0].hosts[0] = "*a.aliyun.com";
            config.routes[1].port = 70000;
            const { error, registered } = await programError(config);
            assert.equal(registered, 0);
            assert.ok(RunError.isInstance(error), "not a RunError: Pulumi would print a stack trace");
            const message = error.message;
            assert.match(message, /has \d+ problems; nothing was applied/);
            assert.match(
                message,
                /certificates\[0\]\.name: starts with "istio".*\(got "istio-credential"\)\n\s+fix: rename it/,
            );
            assert.match(message, /certificates\[0\]\.hosts\[0\]: has a wildcard .*\(got "\*a\.aliyun\.com"\)/);
            assert.match(
                message,
                /routes\[1\]\.port: is not a valid port \(got 70000\)\n\s+fix: use a whole number from 1 to 65535/,
            );
        });

        it("rejects a stack with no certificates before registering anything", async () => {
            const { error, registered } = await programError({});
            assert.equal(registered, 0);
            assert.match(error.message, /certificates: is required/);
        });
    });
});

describe("validation runs once per program run", () => {
    it("the SecureIngress that parseStackConfig feeds finds its resolution by content instead of validating again", () => {
        const { parseStackConfig, resolveIngressConfig } = require("../config/resolve");
        const now = new Date("2026-12-01T00:00:00Z");
        const { ingress, resolved } = parseStackConfig(devConfig(), now);
        // The same content (a copy, not the same object) at the same time: the very same resolution.
        assert.equal(resolveIngressConfig(structuredClone(ingress), now, "component"), resolved);
        // Another clock, or other content, is validated and resolved anew.
        assert.notEqual(resolveIngressConfig(structuredClone(ingress), new Date("2027-01-01T00:00:00Z")), resolved);
        const other = structuredClone(ingress);
        other.certificates[0].validityDays = 200;
        assert.notEqual(resolveIngressConfig(other, now, "component"), resolved);
        other.certificates[0].validityDays = 0;
        assert.throws(
            () => resolveIngressConfig(other, now, "component"),
            /validityDays: is not a valid number of days/,
        );
    });
});
