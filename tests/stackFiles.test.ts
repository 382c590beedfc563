// The committed stack files are the users' to edit: tests check only that each is valid, with the code
// `pulumi up` runs, never what it holds. `secure:` values are present secrets whose content cannot be read
// offline; only the checks that need their content are skipped, and the check says so.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { main } from "../cli/checkConfig";
import { parseStackFile } from "../config/stackFile";
import { UNREAD_SECRET } from "../config/unread";
import { ROOT } from "./harness";

/** Stack files git ignores (the integration suite's own, Pulumi.itest*.yaml) are nobody's config to check. */
const ignored = (file: string) => spawnSync("git", ["check-ignore", "-q", file], { cwd: ROOT }).status === 0;

const committedStackFiles = [
    ...fs.readdirSync(ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f) && !ignored(f)),
    ...fs
        .readdirSync(path.join(ROOT, "stacks", "examples"))
        .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
        .map((f) => path.join("stacks", "examples", f)),
];

function checkConfig(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
    let stdout = "";
    let stderr = "";
    const code = main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
    return { code, stdout, stderr };
}

function tempStackFile(text: string): string {
    const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "igt-stack-"));
    const file = path.join(dir, "Pulumi.test.yaml");
    fs.writeFileSync(file, text);
    return file;
}

const SECURE = "{ secure: v1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB }";

const BROUGHT_WITH_SECRETS = `config:
  istio-gateway-tls:certificates:
    - name: shop-credential
      hosts: ["shop.example.com"]
      existing:
        certPem: ${SECURE}
        keyPem: ${SECURE}
  istio-gateway-tls:routes:
    - host: shop.example.com
      service: shop
      port: 80
`;

const FIVE_MISTAKES = `config:
  istio-gateway-tls:certificates:
    - name: istio-credential
      hots: ["*.aliyun.com"]
  istio-gateway-tls:routes:
    - host: A.aliyun.com
      service: myexampleapp
      port: "80"
    - host: c.example.org
      service: httpbin
      port: 8000
`;

describe("committed stack files", () => {
    it("include the dev stack and an example environment", () => {
        assert.ok(committedStackFiles.includes("Pulumi.dev.yaml"));
        assert.ok(committedStackFiles.some((f) => f.startsWith(path.join("stacks", "examples"))));
    });

    for (const file of committedStackFiles) {
        it(`${file} is valid`, () => {
            const { code, stdout } = checkConfig(["--file", path.join(ROOT, file)]);
            assert.equal(code, 0, stdout);
        });
    }
});

describe("stack files with secure values", () => {
    it("reads a secure value as a present secret, and lists where it was", () => {
        const { config, securePaths } = parseStackFile(BROUGHT_WITH_SECRETS);
        assert.equal((config as any).certificates[0].existing.certPem, UNREAD_SECRET);
        assert.deepEqual(securePaths, ["certificates[0].existing.certPem", "certificates[0].existing.keyPem"]);
    });

    it("passes a brought certificate stored with --secret, saying which checks were skipped", () => {
        const { code, stdout } = checkConfig(["--file", tempStackFile(BROUGHT_WITH_SECRETS)]);
        assert.equal(code, 0, stdout);
        assert.match(stdout, /valid/);
        assert.match(
            stdout,
            /2 secure value\(s\) not read .* checks of their content were skipped .*certificates\[0\]\.existing\.certPem, certificates\[0\]\.existing\.keyPem/,
        );
    });

    it("still runs every check that does not need the secret's content", () => {
        const text = BROUGHT_WITH_SECRETS.replace("name: shop-credential", "name: istio-shop").replace(
            "host: shop.example.com",
            "host: other.example.com",
        );
        const { code, stdout } = checkConfig(["--file", tempStackFile(text)]);
        assert.equal(code, 1);
        assert.match(stdout, /certificates\[0\]\.name: starts with "istio"/);
        assert.match(stdout, /routes\[0\]\.host: is covered by no certificate/);
    });
});

describe("npm run check-config", () => {
    it("reports the five independent mistakes of one file in one run, each with a concrete fix", () => {
        const { code, stdout, stderr } = checkConfig(["--file", tempStackFile(FIVE_MISTAKES)]);
        assert.equal(code, 1);
        assert.equal(stderr, "");
        assert.match(stdout, /has 5 problems/);
        assert.match(stdout, /certificates\[0\]\.hots: is not a known setting.*\n\s+fix: did you mean "hosts"\?/);
        assert.match(
            stdout,
            /routes\[0\]\.port: must be a number, not a string \(got "80"\)\n\s+fix: write it as a number, without quotes: 80/,
        );
        assert.match(stdout, /routes\[0\]\.host: has uppercase letters.*\n\s+fix: use "a\.aliyun\.com"/);
        assert.match(
            stdout,
            /certificates\[0\]\.name: starts with "istio".*\n\s+fix: rename it, e\.g\. "gw-credential"/,
        );
        assert.match(
            stdout,
            /routes\[1\]\.host: is covered by no certificate.*\n\s+fix: add "c\.example\.org" \(or "\*\.example\.org"\)/,
        );
        assert.doesNotMatch(stdout, /\bat .*\.ts:\d+/, "a stack trace was printed");
    });

    it("finds Pulumi.<stack>.yaml by --stack in the current folder", () => {
        const file = tempStackFile(FIVE_MISTAKES);
        const { code, stdout } = checkConfig(["--stack", "test"], path.dirname(file));
        assert.equal(code, 1);
        assert.match(stdout, /^Pulumi\.test\.yaml: has 5 problems/);
    });

    it("says how to create a stack file that does not exist, and takes exactly one of --stack and --file", () => {
        const missing = checkConfig(["--stack", "nosuchstack"]);
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /pulumi stack init nosuchstack/);
        assert.equal(checkConfig([]).code, 2);
        assert.match(checkConfig([]).stderr, /usage:/);
    });
});

describe("Node.js version", () => {
    it("fails npm install and pulumi's program start below Node 22: engines plus engine-strict", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        assert.equal(pkg.engines.node, ">=22");
        assert.match(fs.readFileSync(path.join(ROOT, ".npmrc"), "utf8"), /^engine-strict=true$/m);
    });
});
