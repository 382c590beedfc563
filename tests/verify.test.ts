// `npm run verify` against a real HTTPS server on 127.0.0.1 that picks a certificate by SNI and answers like
// the tutorial's NGINX and httpbin. Real certificates from openssl; no mock of tls. Loopback only.

import * as assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import { main, parseIngress } from "../cli/verify";
import type { RouteObject } from "../verify/clusterRoutes";
import type { StackOutputs } from "../verify/outputs";
import { TestCa } from "./pki";

const DAY_MS = 24 * 60 * 60 * 1000;

interface Served {
    certPem: string;
    keyPem: string;
}

/** An HTTPS server on 127.0.0.1 that serves `certificates[sni]` and answers /hello and /status/418. */
async function startGateway(
    certificates: Record<string, Served>,
    bodies: Record<string, string> = {},
    clientAuth: { requestCert: boolean; rejectUnauthorized: boolean; ca?: string } = {
        requestCert: false,
        rejectUnauthorized: false,
    },
): Promise<{ port: number; close: () => Promise<void> }> {
    const contexts = Object.fromEntries(
        Object.entries(certificates).map(([host, c]) => [
            host,
            tls.createSecureContext({ cert: c.certPem, key: c.keyPem, ...(clientAuth.ca && { ca: clientAuth.ca }) }),
        ]),
    );
    const fallback = Object.values(certificates)[0];
    const options = {
        cert: fallback.certPem,
        key: fallback.keyPem,
        ...clientAuth,
        SNICallback: (name: string, cb: (e: Error | null, c?: tls.SecureContext) => void) =>
            cb(null, contexts[name] ?? contexts[Object.keys(contexts)[0]]),
    };
    const server = https.createServer(options, (req, res) => {
        const host = (req.headers.host ?? "").split(":")[0];
        if (host === "a.aliyun.com" && req.url?.startsWith("/hello")) {
            res.writeHead(200, { "content-type": "text/plain" }).end(bodies[host] ?? "Welcome to a.aliyun.com!");
        } else if (host === "b.aliyun.com" && req.url === "/status/418") {
            res.writeHead(418).end(bodies[host] ?? "\n    -=[ teapot ]=-\n");
        } else {
            res.writeHead(404).end("no route");
        }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        port: (server.address() as AddressInfo).port,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}

/** Stack outputs as the program would export them for a credential over *.aliyun.com. */
function outputsFor(ca: TestCa, served: Served, renewBeforeDays = 30): StackOutputs {
    const x509 = new X509Certificate(served.certPem);
    return {
        credentials: [
            {
                name: "myexample-credential",
                hosts: ["*.aliyun.com"],
                notAfter: new Date(x509.validTo).toISOString(),
                fingerprintSha256: x509.fingerprint256,
                caCertPem: ca.certPem,
                renewBeforeDays,
            },
        ],
        routes: [
            {
                host: "a.aliyun.com",
                path: "/hello",
                port: 443,
                credential: "myexample-credential",
                expect: { status: 200, bodyIncludes: "Welcome to a.aliyun.com!" },
            },
            {
                host: "b.aliyun.com",
                path: "/status/418",
                port: 443,
                credential: "myexample-credential",
                expect: { status: 418 },
            },
        ],
    };
}

interface CliRun {
    code: number;
    stdout: string;
    stderr: string;
}

async function verify(
    port: number,
    outputs: StackOutputs,
    extra: string[] = [],
    now?: Date,
    routeObjects?: () => RouteObject[],
): Promise<CliRun> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "igt-verify-"));
    const file = path.join(dir, "outputs.json");
    fs.writeFileSync(file, JSON.stringify(outputs));
    let stdout = "";
    let stderr = "";
    try {
        const code = await main(["--ingress", `127.0.0.1:${port}`, "--outputs", file, "--timeout", "3000", ...extra], {
            stdout: (t) => (stdout += t),
            stderr: (t) => (stderr += t),
            progress: true,
            now,
            routeObjects,
        });
        return { code, stdout, stderr };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("verify CLI (against a local HTTPS server)", function () {
    this.timeout(30000);
    const ca = new TestCa("verify test CA");
    const current = ca.issue(["*.aliyun.com", "aliyun.com"]);

    it("passes every route when the right certificate is served and the backends answer", async () => {
        const gateway = await startGateway({ "a.aliyun.com": current, "b.aliyun.com": current });
        try {
            const run = await verify(gateway.port, outputsFor(ca, current));
            assert.equal(run.code, 0, run.stdout);
            assert.match(run.stdout, /^PASS\s+a\.aliyun\.com\s+\/hello\s+\d+\s+200\s+Welcome to a\.aliyun\.com!$/m);
            assert.match(run.stdout, /^PASS\s+b\.aliyun\.com\s+\/status\/418\s+\d+\s+418\s+-=\[ teapot \]=-$/m);
            assert.match(run.stdout, /2 of 2 routes passed/);
            assert.match(run.stderr, /checking routes: 2\/2 done/);
        } finally {
            await gateway.close();
        }
    });

    it("--routes-from-cluster: also checks the teams' routes bound to the Gateway, and fails a host no credential serves", async () => {
        const gateway = await startGateway({ "a.aliyun.com": current });
        const bound = ["default/mysdsgateway"];
        const objects: RouteObject[] = [
            {
                kind: "VirtualService",
                metadata: { namespace: "team-a" },
                spec: { hosts: ["a.aliyun.com"], gateways: bound, http: [{ match: [{ uri: { prefix: "/hello" } }] }] },
            },
            {
                kind: "VirtualService",
                metadata: { namespace: "team-a" },
                spec: { hosts: ["x.example.com"], gateways: bound },
            },
            {
                kind: "VirtualService",
                metadata: { namespace: "team-a" },
                spec: { hosts: ["d.aliyun.com"], gateways: ["other/gw"] },
            },
        ];
        try {
            const outputs = { ...outputsFor(ca, current), routes: [], gateway: "default/mysdsgateway" };
            const run = await verify(gateway.port, outputs, ["--routes-from-cluster"], undefined, () => objects);
            assert.equal(run.code, 1, run.stdout);
            assert.match(run.stdout, /^PASS\s+a\.aliyun\.com\s+\/hello\s+\d+\s+200/m);
            assert.match(run.stdout, /^FAIL\s+x\.example\.com[\s\S]*no credential of this stack serves the host/m);
            assert.doesNotMatch(run.stdout, /d\.aliyun\.com/);
        } finally {
            await gateway.close();
        }
    });

    it("checks the gateway of every cluster given with several --ingress, and fails when one serves a foreign certificate", async () => {
        const stranger = new TestCa("stranger CA").issue(["*.aliyun.com"]);
        const good = await startGateway({ "a.aliyun.com": current });
        const bad = await startGateway({ "a.aliyun.com": stranger });
        try {
            const run = await verify(good.port, outputsFor(ca, current), [
                "--ingress",
                `127.0.0.1:${bad.port}`,
                "--host",
                "a.aliyun.com",
            ]);
            assert.equal(run.code, 1, run.stdout);
            assert.match(
                run.stdout,
                new RegExp(`^ingress 127\\.0\\.0\\.1:${good.port}\n(.*\n)*?PASS\\s+a\\.aliyun\\.com`, "m"),
            );
            assert.match(
                run.stdout,
                new RegExp(`^ingress 127\\.0\\.0\\.1:${bad.port}\n(.*\n)*?FAIL\\s+a\\.aliyun\\.com`, "m"),
            );
        } finally {
            await good.close();
            await bad.close();
        }
    });

    it("verifies an external certificate (no fingerprint in outputs) by its chain and hosts", async () => {
        const gateway = await startGateway({ "a.aliyun.com": current });
        try {
            const outputs = outputsFor(ca, current);
            const { fingerprintSha256, notAfter, ...external } = outputs.credentials[0];
            outputs.credentials[0] = external;
            assert.equal((await verify(gateway.port, outputs, ["--host", "a.aliyun.com"])).code, 0);
            const stranger = new TestCa("stranger CA").issue(["*.aliyun.com"]);
            const other = await startGateway({ "a.aliyun.com": stranger });
            try {
                assert.equal((await verify(other.port, outputs, ["--host", "a.aliyun.com"])).code, 1);
            } finally {
                await other.close();
            }
        } finally {
            await gateway.close();
        }
    });

    it("fails on a certificate from another CA", async () => {
        const stranger = new TestCa("stranger CA").issue(["*.aliyun.com"]);
        const gateway = await startGateway({ "a.aliyun.com": stranger });
        try {
            const run = await verify(gateway.port, outputsFor(ca, current), ["--host", "a.aliyun.com"]);
            assert.equal(run.code, 1);
            assert.match(
                run.stdout,
                /FAIL\s+a\.aliyun\.com.*chain does not verify against the CA of "myexample-credential"/,
            );
        } finally {
            await gateway.close();
        }
    });

    it("fails on the old certificate after a simulated rotation", async () => {
        const old = ca.issue(["*.aliyun.com", "aliyun.com"], 30);
        const rotated = ca.issue(["*.aliyun.com", "aliyun.com"], 90);
        const gateway = await startGateway({ "a.aliyun.com": old });
        try {
            const run = await verify(gateway.port, outputsFor(ca, rotated), ["--host", "a.aliyun.com"]);
            assert.equal(run.code, 1);
            const expected = new X509Certificate(rotated.certPem).fingerprint256;
            const served = new X509Certificate(old.certPem).fingerprint256;
            assert.ok(
                run.stdout.includes(`served certificate is the OLD one (fingerprint ${served}, expected ${expected})`),
                run.stdout,
            );
        } finally {
            await gateway.close();
        }
    });

    it("fails on an expired certificate (clock injected), within renewBeforeDays, and within --min-days", async () => {
        const shortLived = ca.issue(["*.aliyun.com"], 10);
        const gateway = await startGateway({ "a.aliyun.com": shortLived });
        try {
            const later = await verify(
                gateway.port,
                outputsFor(ca, shortLived),
                ["--host", "a.aliyun.com"],
                new Date(Date.now() + 11 * DAY_MS),
            );
            assert.equal(later.code, 1);
            assert.match(later.stdout, /FAIL.*certificate expired on/);
            // Ten days left: within the default, renewBeforeDays (30), so due and not renewed.
            const now = await verify(gateway.port, outputsFor(ca, shortLived), ["--host", "a.aliyun.com"]);
            assert.equal(now.code, 1, now.stdout);
            assert.match(
                now.stdout,
                /FAIL.*expires in \d+ days, within renewBeforeDays \(30\); run pulumi up to renew/,
            );
            // --min-days sets the bound instead: 5 passes with ten days left, 20 fails.
            const five = await verify(gateway.port, outputsFor(ca, shortLived), [
                "--host",
                "a.aliyun.com",
                "--min-days",
                "5",
            ]);
            assert.equal(five.code, 0, five.stdout);
            const twenty = await verify(gateway.port, outputsFor(ca, shortLived), [
                "--host",
                "a.aliyun.com",
                "--min-days",
                "20",
            ]);
            assert.equal(twenty.code, 1);
            assert.match(twenty.stdout, /FAIL.*within --min-days 20/);
        } finally {
            await gateway.close();
        }
    });

    it("fails on a host missing from the certificate's SANs", async () => {
        const narrow = ca.issue(["a.aliyun.com"]);
        const gateway = await startGateway({ "b.aliyun.com": narrow });
        const outputs = outputsFor(ca, narrow);
        try {
            const run = await verify(gateway.port, outputs, ["--host", "b.aliyun.com"]);
            assert.equal(run.code, 1);
            assert.match(run.stdout, /FAIL\s+b\.aliyun\.com.*host not in the certificate's SANs/);
        } finally {
            await gateway.close();
        }
    });

    it("fails on a wrong body, and names a missing route", async () => {
        const gateway = await startGateway({ "a.aliyun.com": current }, { "a.aliyun.com": "Welcome to nginx!" });
        try {
            const outputs = outputsFor(ca, current);
            outputs.routes.push({ host: "c.aliyun.com", path: "/", port: 443, credential: "myexample-credential" });
            const run = await verify(gateway.port, outputs, ["--host", "a.aliyun.com", "--host", "c.aliyun.com"]);
            assert.equal(run.code, 1);
            assert.match(
                run.stdout,
                /FAIL\s+a\.aliyun\.com.*body does not include "Welcome to a\.aliyun\.com!" \(starts "Welcome to nginx!"\)/,
            );
            assert.match(run.stdout, /FAIL\s+c\.aliyun\.com.*no route: 404/);
        } finally {
            await gateway.close();
        }
    });

    it("fails on a refused connection", async () => {
        const gateway = await startGateway({ "a.aliyun.com": current });
        const { port } = gateway;
        await gateway.close();
        const run = await verify(port, outputsFor(ca, current));
        assert.equal(run.code, 1);
        assert.match(run.stdout, /FAIL\s+a\.aliyun\.com.*connection refused/);
    });

    it("gives machine-readable results with --json", async () => {
        const gateway = await startGateway({ "a.aliyun.com": current, "b.aliyun.com": current });
        try {
            const run = await verify(gateway.port, outputsFor(ca, current), ["--json"]);
            const report = JSON.parse(run.stdout);
            assert.equal(report.ok, true);
            assert.deepEqual(
                report.results.map((r: any) => [r.host, r.status, r.ok]),
                [
                    ["a.aliyun.com", 200, true],
                    ["b.aliyun.com", 418, true],
                ],
            );
        } finally {
            await gateway.close();
        }
    });

    it("verifies against --ca instead of the stack's CA", async () => {
        const other = new TestCa("override CA");
        const served = other.issue(["*.aliyun.com"]);
        const gateway = await startGateway({ "a.aliyun.com": served });
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "igt-ca-"));
        fs.writeFileSync(path.join(dir, "ca.crt"), other.certPem);
        try {
            const outputs = outputsFor(ca, served);
            assert.equal((await verify(gateway.port, outputs, ["--host", "a.aliyun.com"])).code, 1);
            assert.equal(
                (await verify(gateway.port, outputs, ["--host", "a.aliyun.com", "--ca", path.join(dir, "ca.crt")]))
                    .code,
                0,
            );
        } finally {
            await gateway.close();
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    describe("mutual TLS", () => {
        const clientCa = new TestCa("client CA");
        const client = clientCa.issue(["client.example.com"]);
        const mutualOutputs = (mode: "MUTUAL" | "OPTIONAL_MUTUAL") => {
            const outputs = outputsFor(ca, current);
            outputs.credentials[0] = { ...outputs.credentials[0], mode };
            outputs.routes = outputs.routes.slice(0, 1);
            return outputs;
        };
        const writeClient = () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "igt-client-"));
            fs.writeFileSync(path.join(dir, "client.crt"), client.certPem);
            fs.writeFileSync(path.join(dir, "client.key"), client.keyPem);
            return {
                dir,
                args: ["--client-cert", path.join(dir, "client.crt"), "--client-key", path.join(dir, "client.key")],
            };
        };

        it("MUTUAL: presents the client certificate, and passes when a client without one is refused", async () => {
            const gateway = await startGateway(
                { "a.aliyun.com": current },
                {},
                { requestCert: true, rejectUnauthorized: true, ca: clientCa.certPem },
            );
            const files = writeClient();
            try {
                const run = await verify(gateway.port, mutualOutputs("MUTUAL"), files.args);
                assert.equal(run.code, 0, run.stdout);
                assert.match(run.stdout, /PASS\s+a\.aliyun\.com\s+\/hello/);
            } finally {
                await gateway.close();
                fs.rmSync(files.dir, { recursive: true, force: true });
            }
        });

        it("MUTUAL: takes the client from sampleClients in outputs read with --show-secrets", async () => {
            const gateway = await startGateway(
                { "a.aliyun.com": current },
                {},
                { requestCert: true, rejectUnauthorized: true, ca: clientCa.certPem },
            );
            try {
                const outputs = { ...mutualOutputs("MUTUAL"), sampleClients: { "myexample-credential": client } };
                assert.equal((await verify(gateway.port, outputs)).code, 0);
            } finally {
                await gateway.close();
            }
        });

        it("MUTUAL: fails when the gateway accepts a client without a certificate", async () => {
            const gateway = await startGateway(
                { "a.aliyun.com": current },
                {},
                { requestCert: true, rejectUnauthorized: false, ca: clientCa.certPem },
            );
            const files = writeClient();
            try {
                const run = await verify(gateway.port, mutualOutputs("MUTUAL"), files.args);
                assert.equal(run.code, 1);
                assert.match(run.stdout, /accepted a client without a certificate, but the credential is MUTUAL/);
            } finally {
                await gateway.close();
                fs.rmSync(files.dir, { recursive: true, force: true });
            }
        });

        it("MUTUAL: fails, saying what to pass, without a client certificate", async () => {
            const gateway = await startGateway(
                { "a.aliyun.com": current },
                {},
                { requestCert: true, rejectUnauthorized: true, ca: clientCa.certPem },
            );
            try {
                const run = await verify(gateway.port, mutualOutputs("MUTUAL"));
                assert.equal(run.code, 1);
                assert.match(run.stdout, /pass --client-cert and --client-key/);
            } finally {
                await gateway.close();
            }
        });

        it("OPTIONAL_MUTUAL: succeeds without a client certificate", async () => {
            const gateway = await startGateway(
                { "a.aliyun.com": current },
                {},
                { requestCert: true, rejectUnauthorized: false, ca: clientCa.certPem },
            );
            try {
                const run = await verify(gateway.port, mutualOutputs("OPTIONAL_MUTUAL"));
                assert.equal(run.code, 0, run.stdout);
            } finally {
                await gateway.close();
            }
        });
    });

    it("dualStack: accepts the second certificate's fingerprint", async () => {
        const second = ca.issue(["*.aliyun.com", "aliyun.com"]);
        const gateway = await startGateway({ "a.aliyun.com": second });
        try {
            const outputs = outputsFor(ca, current);
            assert.equal((await verify(gateway.port, outputs, ["--host", "a.aliyun.com"])).code, 1);
            const secondaryFingerprintSha256 = new X509Certificate(second.certPem).fingerprint256;
            outputs.credentials[0] = { ...outputs.credentials[0], secondaryFingerprintSha256 };
            assert.equal((await verify(gateway.port, outputs, ["--host", "a.aliyun.com"])).code, 0);
        } finally {
            await gateway.close();
        }
    });

    it("rejects bad arguments with usage, exit 2", async () => {
        const errors: string[] = [];
        const io = { stdout: () => undefined, stderr: (t: string) => errors.push(t), progress: false };
        assert.equal(await main([], io), 2);
        assert.match(errors.join(""), /--ingress is required/);
        assert.equal(await main(["--ingress", "127.0.0.1", "--outputs", "/nonexistent/outputs.json"], io), 2);
        assert.match(errors.join(""), /no such file/);
        assert.deepEqual(parseIngress("[::1]:8443"), { address: "::1", port: 8443 });
        assert.deepEqual(parseIngress("gateway.example"), { address: "gateway.example", port: undefined });
    });
});
