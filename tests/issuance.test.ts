// verify --issuance: cert-manager's own reason for a Certificate that is not Ready, read from objects
// recorded on the real controller (tests/recorded/cert-manager-failures.json: a ClusterIssuer that does not
// exist, and an RFC2136 server that refuses the TSIG key).

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../cli/verify";
import { type IssuanceObjects, issuanceReport } from "../verify/issuance";

const RECORDED: IssuanceObjects = JSON.parse(
    fs.readFileSync(path.join(__dirname, "recorded", "cert-manager-failures.json"), "utf8"),
);

describe("verify --issuance (why a cert-manager certificate is not Ready)", () => {
    it("a missing issuer: the CertificateRequest's words", () => {
        const report = issuanceReport("no-issuer", RECORDED);
        assert.equal(report.ready, false);
        assert.match(
            report.lines.join("\n"),
            /CertificateRequest no-issuer-1: Ready=False \(Pending\): Referenced "ClusterIssuer" not found/,
        );
    });

    it("a refused DNS update: down to the Challenge's reason", () => {
        const report = issuanceReport("bad-tsig", RECORDED);
        assert.match(
            report.lines.join("\n"),
            /Order bad-tsig-1-\d+: pending\n\s+Challenge y\.itest\.example: pending: DNS update failed: dns: bad authentication/,
        );
    });

    it("a Ready certificate is one line, and an unknown one says it is not there", () => {
        const ready = structuredClone(RECORDED);
        ready.certificates[0].status!.conditions = [
            { type: "Ready", status: "True", reason: "Ready", message: "up to date" },
        ];
        const name = ready.certificates[0].metadata.name;
        assert.deepEqual(issuanceReport(name, ready), {
            certificate: name,
            ready: true,
            lines: [`Certificate ${name}: Ready=True (Ready): up to date`],
        });
        assert.equal(issuanceReport("nope", RECORDED).lines[0], "Certificate nope: not found in the namespace");
    });
});

describe("npm run verify -- --issuance", () => {
    it("reports each cert-manager credential of the outputs, exit 1 when one is not Ready", async () => {
        const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "igt-issuance-"));
        const outputs = path.join(dir, "outputs.json");
        const credential = (name: string, source: string) => ({
            name,
            secretName: name,
            secretNamespace: "rec-cm",
            hosts: [],
            source,
        });
        fs.writeFileSync(
            outputs,
            JSON.stringify({
                credentials: [credential("no-issuer", "cert-manager"), credential("own", "issued")],
                routes: [],
            }),
        );
        let stdout = "";
        const namespaces: string[] = [];
        const code = await main(["--issuance", "--outputs", outputs], {
            progress: false,
            stdout: (text) => (stdout += text),
            stderr: (text) => assert.fail(text),
            issuance: (namespace) => {
                namespaces.push(namespace);
                return RECORDED;
            },
        });
        fs.rmSync(dir, { recursive: true, force: true });
        assert.equal(code, 1);
        assert.deepEqual(namespaces, ["rec-cm"]);
        assert.match(stdout, /^Certificate no-issuer: Ready=False[\s\S]*Referenced "ClusterIssuer" not found/);
        assert.ok(!stdout.includes("own"), stdout);
    });
});
