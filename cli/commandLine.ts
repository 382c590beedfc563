// What the project's commands (check-config, verify) share: parsing their options, `--help`, and a usage
// error's exit code.

import { type ParseArgsConfig, parseArgs } from "node:util";

/** Where a command writes; tests pass their own. */
export interface CommandIo {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * The parsed options, or the exit code to return: 0 after printing the usage for `--help`, 2 after a
 * usage error (the message, then the usage).
 */
export function parseCommandLine<O extends Options>(
    argv: string[],
    options: O,
    usage: string,
    io: CommandIo,
): ReturnType<typeof parseArgs<{ options: O }>>["values"] | number {
    try {
        const { values } = parseArgs({ args: argv, options: { ...options, help: { type: "boolean" } } });
        if ((values as { help?: boolean }).help) {
            io.stdout(`${usage}\n`);
            return 0;
        }
        return values as ReturnType<typeof parseArgs<{ options: O }>>["values"];
    } catch (error) {
        io.stderr(`${(error as Error).message}\n${usage}\n`);
        return 2;
    }
}
