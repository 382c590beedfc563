import * as assert from "node:assert/strict";
import {
    coveringCandidates,
    hostCovers,
    hostProblem,
    labelProblem,
    subdomainProblem,
    routeObjectName,
} from "../domain/hosts";

describe("host rules", () => {
    describe("hostProblem", () => {
        for (const host of ["a.aliyun.com", "*.aliyun.com", "aliyun.com", "x-1.b2.example.co", "localhost"]) {
            it(`accepts ${host}`, () => assert.equal(hostProblem(host), undefined));
        }
        const bad: [string, RegExp][] = [
            ["", /empty/],
            ["a.*.com", /wildcard/],
            ["*a.com", /wildcard/],
            ["*.com", /top-level/],
            ["a.aliyun.com.", /ends with a dot/],
            ["A.aliyun.com", /uppercase/],
            ["a_b.aliyun.com", /RFC 1123/],
            ["-a.aliyun.com", /RFC 1123/],
            ["a..com", /RFC 1123/],
            [`${"a".repeat(64)}.com`, /RFC 1123/],
            [`${"a.".repeat(127)}com`, /at most 253/],
        ];
        for (const [host, reason] of bad) {
            it(`rejects ${JSON.stringify(host.length > 40 ? `${host.slice(0, 20)}…` : host)}`, () => {
                assert.match(hostProblem(host) ?? "accepted", reason);
            });
        }
    });

    describe("hostCovers", () => {
        it("matches exact hosts", () => assert.ok(hostCovers("a.aliyun.com", "a.aliyun.com")));
        it("lets a wildcard cover one label", () => assert.ok(hostCovers("*.aliyun.com", "a.aliyun.com")));
        it("does not let a wildcard cover the bare domain", () => assert.ok(!hostCovers("*.aliyun.com", "aliyun.com")));
        it("does not let a wildcard cover two labels, as TLS clients would not", () =>
            assert.ok(!hostCovers("*.aliyun.com", "x.a.aliyun.com")));
        it("covers a wildcard route only with the same wildcard", () => {
            assert.ok(hostCovers("*.aliyun.com", "*.aliyun.com"));
            assert.ok(!hostCovers("*.aliyun.com", "*.a.aliyun.com"));
        });
        it("never covers another domain", () => assert.ok(!hostCovers("*.aliyun.com", "a.example.com")));
    });

    describe("coveringCandidates", () => {
        it("lists the host and the wildcard over its parent: the only certificate hosts that can cover it", () => {
            assert.deepEqual(coveringCandidates("a.aliyun.com"), ["a.aliyun.com", "*.aliyun.com"]);
            assert.deepEqual(coveringCandidates("*.aliyun.com"), ["*.aliyun.com"]);
        });
    });

    describe("Kubernetes names", () => {
        it("accepts DNS-1123 subdomains and rejects uppercase, '_' and over 253 characters", () => {
            assert.equal(subdomainProblem("myexample-credential"), undefined);
            assert.equal(subdomainProblem("a.b-c"), undefined);
            assert.match(subdomainProblem("MyCred") ?? "", /DNS-1123/);
            assert.match(subdomainProblem("my_cred") ?? "", /DNS-1123/);
            assert.match(subdomainProblem("a".repeat(254)) ?? "", /at most 253/);
        });
        it("accepts DNS-1123 labels and rejects dots and over 63 characters", () => {
            assert.equal(labelProblem("istio-system"), undefined);
            assert.match(labelProblem("istio.system") ?? "", /DNS-1123 label/);
            assert.match(labelProblem("a".repeat(64)) ?? "", /at most 63/);
        });
        it("names a wildcard host's VirtualService wildcard.<domain>", () => {
            assert.equal(routeObjectName("*.aliyun.com"), "wildcard.aliyun.com");
            assert.equal(routeObjectName("a.aliyun.com"), "a.aliyun.com");
        });
    });
});
