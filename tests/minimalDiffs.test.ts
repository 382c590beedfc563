// Every config change a reviewer sees in a pull request yields exactly the change set it should, nothing more.
// Each row runs the program twice under mocks (config A, then B) and compares what was registered through
// the preview model of tests/diff.ts. New features add their row here.

import * as assert from "node:assert/strict";
import { describeChanges, diffRuns } from "./diff";
import { type ProgramRun, runProgram } from "./harness";
import { devConfig } from "./fixtures";

/** The dev stack plus a second certificate and its route, so "nothing else" has something to leave alone. */
function base() {
    const config = devConfig();
    config.certificates.push({ name: "shop-credential", hosts: ["shop.example.com"] });
    config.routes.push({ host: "shop.example.com", service: "shop", port: 8080, namespace: "shop" });
    return config;
}

interface Row {
    change: string;
    edit: (config: any) => void;
    expected: string[];
}

const ROWS: Row[] = [
    {
        change: "adding a route under an existing wildcard",
        edit: (c) => c.routes.push({ host: "c.aliyun.com", service: "myexampleapp", port: 80 }),
        expected: ["create ingress-route-c.aliyun.com"],
    },
    {
        change: "adding a certificate and its route",
        edit: (c) => {
            c.certificates.push({ name: "blog-credential", hosts: ["blog.example.org"] });
            c.routes.push({ host: "blog.example.org", service: "blog", port: 80, namespace: "blog" });
        },
        expected: [
            "create ingress-blog-credential", // CertificateAuthority component
            "create ingress-blog-credential", // GatewayCredential component
            "create ingress-blog-credential-ca-cert",
            "create ingress-blog-credential-ca-key",
            "create ingress-blog-credential-cert",
            "create ingress-blog-credential-csr",
            "create ingress-blog-credential-key",
            "create ingress-blog-credential-secret",
            "update ingress-gateway",
            "create ingress-route-blog.example.org",
        ],
    },
    {
        change: "rotating one certificate",
        edit: (c) => (c.certificates[1].rotation = "2026-12"),
        expected: [
            "update ingress-gateway",
            "replace ingress-shop-credential-cert",
            "replace ingress-shop-credential-csr",
            "replace ingress-shop-credential-key",
            "replace ingress-shop-credential-secret",
        ],
    },
    {
        change: "removing a route",
        edit: (c) => c.routes.splice(1, 1),
        expected: ["delete ingress-route-b.aliyun.com"],
    },
    {
        change: "reordering certificates and routes",
        edit: (c) => {
            c.certificates.reverse();
            c.routes.reverse();
        },
        expected: [],
    },
    {
        change: "turning on httpsRedirect",
        edit: (c) => (c.certificates[0].httpsRedirect = true),
        expected: ["update ingress-gateway"],
    },
    {
        change: "turning on dualStack",
        edit: (c) => (c.certificates[1].dualStack = true),
        expected: [
            "update ingress-gateway",
            "create ingress-shop-credential-ecdsa", // GatewayCredential component
            "create ingress-shop-credential-ecdsa-cert",
            "create ingress-shop-credential-ecdsa-csr",
            "create ingress-shop-credential-ecdsa-key",
            "create ingress-shop-credential-ecdsa-secret",
        ],
    },
    {
        change: "changing an image",
        edit: (c) => (c.sampleApps.httpbinImage = "registry.example.com/mirror/httpbin:latest"),
        expected: ["update ingress-samples-httpbin"],
    },
];

describe("minimal preview diffs", () => {
    let baseline: ProgramRun;
    before(async () => {
        baseline = await runProgram(base());
    });

    for (const row of ROWS) {
        it(`${row.change}: ${row.expected.length === 0 ? "no change at all" : row.expected.join(", ")}`, async () => {
            const edited = base();
            row.edit(edited);
            const after = await runProgram(edited);
            assert.deepEqual(describeChanges(diffRuns(baseline.resources, after.resources)), row.expected);
        });
    }
});
