// npm run render: what a stack would apply, as Kubernetes manifests in a folder, without a cluster and
// without touching the stack's state. Its config (Pulumi.<stack>.yaml) is applied to a throwaway stack on a
// throwaway local backend with `renderDir` set, so the Kubernetes provider writes YAML instead of calling an
// API server. Needs the Pulumi CLI; Secrets are written in plaintext (the keys are generated for the render).
//   npm run render -- [--stack dev] [--out rendered]

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { PROJECT } from "../config/load";
import { readStackFile } from "../config/stackFile";
import { type CommandIo, parseCommandLine } from "./commandLine";

export const USAGE = `usage: npm run render -- [--stack <name>] [--out <folder>]

  --stack <name>   the stack file Pulumi.<name>.yaml in the current folder (default: dev)
  --out <folder>   where the manifests go (default: rendered); emptied first`;

export interface Io extends CommandIo {
    cwd?: string;
    /** Runs the Pulumi CLI; tests pass their own. */
    pulumi?: (args: string[], env: NodeJS.ProcessEnv, cwd: string) => void;
}

const runPulumi = (args: string[], env: NodeJS.ProcessEnv, cwd: string) => {
    execFileSync("pulumi", args, { env, cwd, stdio: ["ignore", "inherit", "inherit"] });
};

export function main(argv: string[], io: Io): number {
    const values = parseCommandLine(argv, { stack: { type: "string" }, out: { type: "string" } }, USAGE, io);
    if (typeof values === "number") return values;
    const cwd = io.cwd ?? process.cwd();
    const stack = values.stack ?? "dev";
    const out = path.resolve(cwd, values.out ?? "rendered");
    const file = path.join(cwd, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        io.stderr(`${file} does not exist\n${USAGE}\n`);
        return 2;
    }
    const { securePaths } = readStackFile(file);
    if (securePaths.length > 0) {
        io.stderr(
            `Pulumi.${stack}.yaml has secret values (${securePaths.join(", ")}), which only its own stack can read: ` +
                `run pulumi config set renderDir ${values.out ?? "rendered"} && pulumi up --stack ${stack} instead\n`,
        );
        return 2;
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "igt-render-"));
    // `stack init` writes the throwaway stack's Pulumi.<name>.yaml (its encryption salt) beside the project's.
    const name = `render-${path
        .basename(work)
        .replace(/^igt-render-/, "")
        .toLowerCase()}`;
    const written = path.join(cwd, `Pulumi.${name}.yaml`);
    try {
        const document = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
        const config = { ...document.config, [`${PROJECT}:renderDir`]: out };
        delete (config as Record<string, unknown>).encryptionsalt;
        const configFile = path.join(work, "config.yaml");
        fs.writeFileSync(configFile, yaml.dump({ config }));
        fs.mkdirSync(path.join(work, "state"));
        fs.rmSync(out, { recursive: true, force: true });
        const env = {
            ...process.env,
            PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
            PULUMI_CONFIG_PASSPHRASE: "",
            PULUMI_SKIP_UPDATE_CHECK: "true",
        };
        const pulumi = io.pulumi ?? runPulumi;
        pulumi(["stack", "init", name, "--non-interactive"], env, cwd);
        pulumi(["up", "--yes", "--skip-preview", "--stack", name, "--config-file", configFile], env, cwd);
        io.stdout(`manifests of stack ${stack} written to ${out} (Secrets in plaintext: keep it out of git)\n`);
        return 0;
    } catch (error) {
        io.stderr(`render failed: ${(error as Error).message.split("\n")[0]}\n`);
        return 1;
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
        fs.rmSync(written, { force: true });
    }
}

export function run(): void {
    process.exitCode = main(process.argv.slice(2), {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
    });
}
