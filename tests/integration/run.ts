// npm run test:integration: the integration suite on a real Pulumi engine and Kubernetes API server.
// Without its prerequisites it prints one line saying what is missing and how to provide it, and exits 0.

import Mocha from "mocha";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { engineLine, engineOf, missingPrerequisite } from "./prerequisites";
import { type Result, type Run, type Scenario, mergeRun, readRecord, scenarioId, writeRecord } from "./runRecord";
import { ROOT } from "./stacks";

async function main(): Promise<number> {
    const missing = await missingPrerequisite();
    if (missing !== undefined) {
        console.log(`integration suite skipped: ${missing}`);
        return 0;
    }
    const engine = await engineOf();
    console.log(engineLine(engine));
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
    for (const file of [
        "engine",
        "package",
        "go",
        "planes",
        "faults",
        "recovery",
        "istiod",
        "certManager",
        "alerts",
        "teams",
    ].filter((name) => only === undefined || only === name)) {
        mocha.addFile(path.join(__dirname, `${file}.test.ts`));
    }
    const results: Omit<Scenario, "run">[] = [];
    const started = new Date();
    const runner = mocha.run((failures) => {
        const scope = [only && `ITEST_ONLY=${only}`, process.env.ITEST_GREP && `ITEST_GREP=${process.env.ITEST_GREP}`];
        const run: Run = {
            date: started.toISOString().slice(0, 10),
            ...commitOf(),
            ...(scope.some(Boolean) && { scope: scope.filter(Boolean).join(" ") }),
            engine,
        };
        writeRecord(mergeRun(readRecord(), run, results));
        resolve(failures === 0 ? 0 : 1);
    });
    let resolve: (code: number) => void = () => {};
    const record = (result: Result) => (test: Mocha.Test) => {
        const id = scenarioId(test.title);
        if (id === undefined) return;
        const file = path.basename(test.file ?? "", ".test.ts");
        results.push({ id, title: test.title, file, result, seconds: Math.round((test.duration ?? 0) / 100) / 10 });
    };
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, record("passed"));
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (runnable: Mocha.Runnable) => {
        // A failed hook stops its suite: every scenario there not yet reported failed with it.
        if ((runnable as { type?: string }).type !== "hook") return record("failed")(runnable as Mocha.Test);
        const reported = new Set(results.map((r) => r.title));
        const all = (suite?: Mocha.Suite): Mocha.Test[] =>
            suite ? [...suite.tests, ...suite.suites.flatMap(all)] : [];
        for (const test of all(runnable.parent).filter((t) => !reported.has(t.title))) record("failed")(test);
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, record("skipped"));
    return new Promise((done) => (resolve = done));
}

/** The commit the run tested, and whether the working tree differed from it. */
function commitOf(): { commit: string; uncommitted: boolean } {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
    return {
        commit: git("rev-parse", "HEAD"),
        uncommitted: git("status", "--porcelain", "--untracked-files=no") !== "",
    };
}

main().then(
    (code) => (process.exitCode = code),
    (error) => {
        console.error(error);
        process.exitCode = 1;
    },
);
