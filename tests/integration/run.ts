// npm run test:integration: the integration suite on a real Pulumi engine and Kubernetes API server.
// Without its prerequisites it prints one line saying what is missing and how to provide it, and exits 0.

import Mocha from "mocha";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { engineVersions, missingPrerequisite } from "./prerequisites";

async function main(): Promise<number> {
    const missing = await missingPrerequisite();
    if (missing !== undefined) {
        console.log(`integration suite skipped: ${missing}`);
        return 0;
    }
    console.log(await engineVersions());
    // The scenarios run the program as Pulumi.yaml says, from dist/: build it first (incremental, so cheap).
    execFileSync(process.execPath, [path.join(__dirname, "..", "..", "scripts", "build.js")], { stdio: "inherit" });
    const mocha = new Mocha({
        timeout: 15 * 60_000,
        reporter: path.join(__dirname, "..", "reporter.js"),
        // Every file runs and every failure is reported: the files are independent (each has its own stacks,
        // namespaces and backend). Within a file a scenario may build on the one before it; each file says where.
        bail: false,
        // ITEST_GREP=F5 runs the scenarios whose titles match (their file's before hooks still run).
        ...(process.env.ITEST_GREP && { grep: process.env.ITEST_GREP }),
    });
    // ITEST_ONLY=package runs one scenario file (package.test.ts) instead of all of them.
    const only = process.env.ITEST_ONLY;
    for (const file of ["engine", "package", "planes", "faults", "recovery", "istiod", "certManager", "alerts"].filter(
        (name) => only === undefined || only === name,
    )) {
        mocha.addFile(path.join(__dirname, `${file}.test.ts`));
    }
    return new Promise((resolve) => mocha.run((failures) => resolve(failures === 0 ? 0 : 1)));
}

main().then(
    (code) => (process.exitCode = code),
    (error) => {
        console.error(error);
        process.exitCode = 1;
    },
);
