// Real PEMs for the mocks and for X.509 tests, made with openssl (on the machine) and cached per process.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const workDirs: string[] = [];
process.on("exit", () => {
    for (const dir of workDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A real CA made with openssl, that issues server certificates on demand. */
export class TestCa {
    readonly certPem: string;
    private readonly dir: string;
    private serial = 1;

    constructor(readonly name: string) {
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "igt-testca-"));
        workDirs.push(this.dir);
        // A minimal openssl config: no default extensions, only the ones given, and one openssl run per certificate.
        fs.writeFileSync(this.file("openssl.cnf"), "[req]\ndistinguished_name = dn\n[dn]\n");
        this.openssl(
            "-days",
            "3650",
            "-subj",
            `/CN=${name}`,
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
            "-keyout",
            this.file("ca.key"),
            "-out",
            this.file("ca.crt"),
        );
        this.certPem = fs.readFileSync(this.file("ca.crt"), "utf8");
    }

    private file(name: string): string {
        return path.join(this.dir, name);
    }

    /** `openssl req -x509` with a new P-256 key and the minimal config. */
    private openssl(...args: string[]): void {
        execFileSync(
            "openssl",
            [
                "req",
                "-x509",
                "-config",
                this.file("openssl.cnf"),
                "-sha256",
                "-nodes",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                ...args,
            ],
            { stdio: "pipe" },
        );
    }

    /** A server certificate with `hosts` as DNS SANs, valid for `days` from now. */
    issue(hosts: string[], days = 90): { certPem: string; keyPem: string } {
        const id = this.serial++;
        const key = this.file(`${id}.key`);
        const crt = this.file(`${id}.crt`);
        this.openssl(
            "-days",
            String(days),
            "-subj",
            `/CN=${hosts[0]}`,
            "-CA",
            this.file("ca.crt"),
            "-CAkey",
            this.file("ca.key"),
            "-set_serial",
            String(1000 + id),
            "-addext",
            `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(",")}`,
            "-addext",
            "basicConstraints=critical,CA:FALSE",
            "-addext",
            "keyUsage=critical,digitalSignature",
            "-addext",
            "extendedKeyUsage=serverAuth,clientAuth",
            "-keyout",
            key,
            "-out",
            crt,
        );
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
