// Real PEMs for the mocks and for X.509 tests, made once per test process with openssl (on the machine).

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface TestPki {
    caCertPem: string;
    serverCertPem: string;
    serverKeyPem: string;
}

let cached: TestPki | undefined;

export function testPki(): TestPki {
    if (cached) return cached;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "igt-pki-"));
    const file = (name: string) => path.join(dir, name);
    const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
    try {
        openssl("req", "-x509", "-sha256", "-nodes", "-days", "365", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
            "-subj", "/O=test Inc./CN=test CA", "-keyout", file("ca.key"), "-out", file("ca.crt"));
        openssl("req", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
            "-subj", "/CN=aliyun.com/O=test", "-keyout", file("server.key"), "-out", file("server.csr"));
        fs.writeFileSync(file("san.ext"), "subjectAltName=DNS:*.aliyun.com,DNS:aliyun.com\n");
        openssl("x509", "-req", "-days", "365", "-in", file("server.csr"), "-CA", file("ca.crt"), "-CAkey", file("ca.key"),
            "-set_serial", "1", "-extfile", file("san.ext"), "-out", file("server.crt"));
        cached = {
            caCertPem: fs.readFileSync(file("ca.crt"), "utf8"),
            serverCertPem: fs.readFileSync(file("server.crt"), "utf8"),
            serverKeyPem: fs.readFileSync(file("server.key"), "utf8"),
        };
        return cached;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
