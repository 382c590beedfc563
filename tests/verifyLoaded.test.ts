// `npm run verify -- --loaded`: what each gateway pod's Envoy has loaded, read from its admin config dump in
// Envoy's documented JSON (admin.v3.SecretsConfigDump: dynamic_active_secrets, each with its Secret's
// tls_certificate.certificate_chain, the private key redacted), against the stack's credentials.

import * as assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../cli/verify";
import type { PodSource } from "../verify/loaded";
import type { StackOutputs } from "../verify/outputs";
import { TestCa } from "./pki";

const ca = new TestCa("loaded CA");
const current = ca.issue(["*.aliyun.com"]);
const earlier = ca.issue(["*.aliyun.com"]);
const stranger = new TestCa("stranger CA").issue(["*.aliyun.com"]);

/** A config dump as Envoy's admin API returns it for `?resource=dynamic_active_secrets`: one SecretsConfigDump. */
const envoyDump = (secrets: Record<string, string>) => ({
    configs: [
        {
            "@type": "type.googleapis.com/envoy.admin.v3.SecretsConfigDump",
            dynamic_active_secrets: Object.entries(secrets).map(([name, certPem]) => ({
                name: `kubernetes://${name}`,
                version_info: "2026-12-01T00:00:00Z/3",
                last_updated: "2026-12-01T00:00:01.000Z",
                secret: {
                    "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret",
                    name: `kubernetes://${name}`,
                    tls_certificate: {
                        certificate_chain: { inline_bytes: Buffer.from(certPem).toString("base64") },
                        private_key: { inline_string: "[redacted]" },
                    },
                },
            })),
        },
    ],
});

const outputs: StackOutputs = {
    credentials: [
        {
            name: "myexample-credential",
            secretName: "myexample-credential",
            secretNamespace: "istio-system",
            hosts: ["*.aliyun.com"],
            notAfter: new Date(new X509Certificate(current.certPem).validTo).toISOString(),
            fingerprintSha256: new X509Certificate(current.certPem).fingerprint256,
            caCertPem: ca.certPem,
        },
    ],
    routes: [],
};

async function loaded(pods: Record<string, unknown>, extra: string[] = []) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "igt-loaded-"));
    const file = path.join(dir, "outputs.json");
    fs.writeFileSync(file, JSON.stringify(outputs));
    const asked: { namespace?: string; selector?: Record<string, string> } = {};
    const source: PodSource = {
        pods(namespace, selector) {
            Object.assign(asked, { namespace, selector });
            return Object.keys(pods);
        },
        dump: (_namespace, pod) => pods[pod],
    };
    let stdout = "";
    let stderr = "";
    const code = await main(["--loaded", "--outputs", file, ...extra], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        progress: false,
        pods: source,
    });
    return { code, stdout, stderr, asked };
}

describe("verify --loaded (what the gateway's Envoy has loaded)", () => {
    it("passes when every pod has the stack's current certificate, finding the pods by the selector", async () => {
        const run = await loaded(
            {
                "gw-a": envoyDump({ "myexample-credential": current.certPem }),
                "gw-b": envoyDump({ "myexample-credential": current.certPem }),
            },
            ["--selector", "istio=ingressgateway,app=gw"],
        );
        assert.equal(run.code, 0, run.stdout + run.stderr);
        assert.deepEqual(run.asked, { namespace: "istio-system", selector: { istio: "ingressgateway", app: "gw" } });
        assert.match(run.stdout, /^PASS {2}gw-a {2}myexample-credential \(myexample-credential\): current/m);
        assert.match(run.stdout, /in 2 pod\(s\)/);
        assert.doesNotMatch(run.stdout, /PRIVATE KEY|redacted/);
    });

    it("tells an old certificate of the stack's CA from a foreign one, and a secret not loaded", async () => {
        const old = await loaded({ "gw-a": envoyDump({ "myexample-credential": earlier.certPem }) });
        assert.equal(old.code, 1);
        assert.match(old.stdout, /FAIL {2}gw-a {2}myexample-credential \(myexample-credential\): old/);
        const foreign = await loaded({ "gw-a": envoyDump({ "myexample-credential": stranger.certPem }) });
        assert.match(foreign.stdout, /: foreign/);
        const missing = await loaded({ "gw-a": envoyDump({ "other-credential": current.certPem }) });
        assert.match(missing.stdout, /: not loaded/);
        assert.equal(missing.code, 1);
    });

    it("reads the given pods with --pod, and fails clearly when no pod matches", async () => {
        const given = await loaded({ "gw-z": envoyDump({ "myexample-credential": current.certPem }) }, [
            "--pod",
            "gw-z",
        ]);
        assert.equal(given.code, 0, given.stdout + given.stderr);
        assert.equal(given.asked.namespace, undefined, "listed pods although --pod was given");
        const none = await loaded({});
        assert.equal(none.code, 2);
        assert.match(none.stderr, /no gateway pod in istio-system with labels istio=ingressgateway/);
    });
});
