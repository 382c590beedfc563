// istio-gateway-tls-check-config: validates a stack file offline, with the code `pulumi up` runs, and prints
// every problem with its path, value and fix. Exit 0 when valid, 1 on problems, 2 on a usage error.
//   npm run check-config -- --stack <name> | --file <Pulumi.<name>.yaml>

import * as fs from "node:fs";
import * as path from "node:path";
import { type CommandIo, parseCommandLine } from "./commandLine";
import { ConfigError } from "../config/validation/problems";
import { readProjectConfig } from "../config/load";
import { asEngineConfig, readStackFile } from "../config/stackFile";
import { parseStackConfig } from "../config/resolve";

export const USAGE = `usage: istio-gateway-tls-check-config --stack <name> | --file <path>

  --stack <name>  check Pulumi.<name>.yaml in the current folder
  --file <path>   check this stack file`;

export interface Io extends CommandIo {
    now?: Date;
    cwd?: string;
}

export function main(argv: string[], io: Io): number {
    const values = parseCommandLine(argv, { stack: { type: "string" }, file: { type: "string" } }, USAGE, io);
    if (typeof values === "number") return values;
    if ((values.stack === undefined) === (values.file === undefined)) {
        io.stderr(`give one of --stack and --file\n${USAGE}\n`);
        return 2;
    }
    const file = values.file ?? path.join(io.cwd ?? process.cwd(), `Pulumi.${values.stack}.yaml`);
    if (!fs.existsSync(file)) {
        io.stderr(
            `${file} does not exist; create the stack with \`pulumi stack init ${values.stack ?? "<name>"}\` and set its config\n`,
        );
        return 2;
    }
    let stackFile: ReturnType<typeof readStackFile>;
    try {
        stackFile = readStackFile(file);
    } catch (error) {
        io.stderr(`${file} is not valid YAML: ${(error as Error).message}\n`);
        return 1;
    }
    const name = path.basename(file);
    try {
        const { ingress } = parseStackConfig(readProjectConfig(asEngineConfig(stackFile.config)), io.now ?? new Date());
        const routes = ingress.routes?.length ?? 0;
        io.stdout(`${name}: valid (${ingress.certificates.length} certificate(s), ${routes} route(s))\n`);
    } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        io.stdout(`${name}: ${error.message.replace(/^istio-gateway-tls stack config /, "")}\n`);
        return 1;
    } finally {
        if (stackFile.securePaths.length > 0) {
            io.stdout(
                `note: ${stackFile.securePaths.length} secure value(s) not read without the stack's passphrase, so checks of their content were skipped ` +
                    `(\`pulumi preview\` runs them): ${stackFile.securePaths.join(", ")}\n`,
            );
        }
    }
    return 0;
}

export function run(): void {
    process.exitCode = main(process.argv.slice(2), {
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
    });
}
