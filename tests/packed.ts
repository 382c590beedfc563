// The npm package as a consumer gets it: `npm pack`, the tarball unpacked into a fresh folder's node_modules,
// and the package's own dependencies (plus `extra`) linked to this repository's, so that no registry is needed.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");

export interface Packed {
    /** The consumer folder. */
    dir: string;
    /** The files in the tarball, as npm lists them. */
    files: string[];
}

export function installPacked(prefix: string, extra: string[] = []): Packed {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const [packed] = JSON.parse(
        execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
            cwd: ROOT,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "ignore"],
        }),
    ) as { filename: string; files: { path: string }[] }[];
    const installed = path.join(dir, "node_modules", manifest.name);
    fs.mkdirSync(installed, { recursive: true });
    execFileSync("tar", ["xzf", path.join(dir, packed.filename), "-C", installed, "--strip-components", "1"]);
    for (const dependency of new Set([...Object.keys(manifest.dependencies), ...extra])) {
        const link = path.join(dir, "node_modules", dependency);
        fs.mkdirSync(path.dirname(link), { recursive: true });
        fs.symlinkSync(path.join(ROOT, "node_modules", dependency), link);
    }
    return { dir, files: packed.files.map((file) => file.path) };
}
