// The arguments of tsc for a bench's own compiled copy (bench/.build), apart from the type-check's.

/**
 * Incremental is off: the type-check's build info (node_modules/.cache) would otherwise say "up to date"
 * once the bench's folder was removed, and tsc would emit nothing there (the second `npm run bench` failed).
 */
export function benchBuildArgs(tsc: string, outDir: string): string[] {
    const overrides = { noEmit: "false", incremental: "false", declaration: "false", sourceMap: "false", outDir };
    return [tsc, "-p", "tsconfig.json", ...Object.entries(overrides).flatMap(([flag, value]) => [`--${flag}`, value])];
}
