// Real PEMs for the mocks and for X.509 tests, made with openssl (on the machine) and cached per process.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const workDirs: string[] = [];
process.on("exit", () => workDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A real CA made with openssl, that issues server certificates on demand. */
export class TestCa {
    readonly certPem: string;
    private readonly dir: string;
    private serial = 1;

    constructor(readonly name: string) {
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "igt-testca-"));
        workDirs.push(this.dir);
        execFileSync("openssl", ["req", "-x509", "-sha256", "-nodes", "-days", "3650", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
            "-subj", `/CN=${name}`, "-keyout", this.file("ca.key"), "-out", this.file("ca.crt")], { stdio: "pipe" });
        this.certPem = fs.readFileSync(this.file("ca.crt"), "utf8");
    }

    private file(name: string): string {
        return path.join(this.dir, name);
    }

    /** A server certificate with `hosts` as DNS SANs, valid for `days` from now. */
    issue(hosts: string[], days = 90): { certPem: string; keyPem: string } {
        const id = this.serial++;
        const key = this.file(`${id}.key`);
        const csr = this.file(`${id}.csr`);
        const ext = this.file(`${id}.ext`);
        const crt = this.file(`${id}.crt`);
        const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
        openssl("req", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-subj", `/CN=${hosts[0]}`, "-keyout", key, "-out", csr);
        fs.writeFileSync(ext, `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(",")}\n`);
        openssl("x509", "-req", "-days", String(days), "-in", csr, "-CA", this.file("ca.crt"), "-CAkey", this.file("ca.key"),
            "-set_serial", String(1000 + id), "-extfile", ext, "-out", crt);
        return { certPem: fs.readFileSync(crt, "utf8"), keyPem: fs.readFileSync(key, "utf8") };
    }
}

const caBySeed = new Map<string, string>();

/** A distinct real CA certificate per seed, so that a re-issued CA has a new PEM, as with the real provider. */
export function caCertPemFor(seed: string): string {
    const known = caBySeed.get(seed);
    if (known) return known;
    const pem = new TestCa(`test CA ${seed}`).certPem;
    caBySeed.set(seed, pem);
    return pem;
}

export interface IssuedCertificate {
    certPem: string;
    keyPem: string;
    caCertPem: string;
}

const issued = new Map<string, IssuedCertificate>();

/**
 * A real server certificate for `hosts` (as DNS SANs), valid for `days`, signed by a fresh CA of `caName`.
 * Certificates with the same arguments are made once per process.
 */
export function issueCertificate(hosts: string[], options: { days?: number; caName?: string } = {}): IssuedCertificate {
    const id = JSON.stringify([hosts, options.days ?? 90, options.caName ?? "Test CA"]);
    const known = issued.get(id);
    if (known) return known;
    const ca = new TestCa(options.caName ?? "Test CA");
    const result = { ...ca.issue(hosts, options.days ?? 90), caCertPem: ca.certPem };
    issued.set(id, result);
    return result;
}
