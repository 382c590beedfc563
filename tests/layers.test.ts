// The layers of the code: domain ← config ← components ← the program and the tools ← the CLIs. A module
// imports from its own layer or one below, and no chain of imports comes back to where it started. Read
// with TypeScript's own import scanner (no type-check), so the test costs a few milliseconds.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { ROOT } from "./harness";

/** Each layer's roots, lowest first. The program (index.ts, provider.ts) and the tools share a layer. */
const LAYERS: string[][] = [
    ["domain"],
    ["config"],
    ["components"],
    ["index.ts", "provider.ts", "verify", "recover"],
    ["cli"],
];

function layerOf(file: string): number {
    return LAYERS.findIndex((roots) => roots.some((root) => file === root || file.startsWith(`${root}/`)));
}

/** Every source of the layers, by path relative to the repository, with the sources it imports. */
function importGraph(root = ROOT): Map<string, string[]> {
    const files = LAYERS.flat().flatMap((entry) =>
        entry.endsWith(".ts")
            ? [entry]
            : fs
                  .readdirSync(path.join(root, entry), { recursive: true, encoding: "utf8" })
                  .filter((file) => file.endsWith(".ts"))
                  .map((file) => `${entry}/${file.split(path.sep).join("/")}`),
    );
    const known = new Set(files);
    const graph = new Map<string, string[]>();
    for (const file of files) {
        const { importedFiles } = ts.preProcessFile(fs.readFileSync(path.join(root, file), "utf8"), true, true);
        const targets = importedFiles
            .map((imported) => imported.fileName)
            .filter((name) => name.startsWith("."))
            .map((name) => {
                const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), name));
                return [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => known.has(candidate)) ?? base;
            });
        graph.set(file, targets);
    }
    return graph;
}

/** Each import from a higher layer, as `importer -> imported`. */
function upwardImports(graph: Map<string, string[]>): string[] {
    return [...graph].flatMap(([file, targets]) =>
        targets.filter((target) => layerOf(target) > layerOf(file)).map((target) => `${file} -> ${target}`),
    );
}

/** Every import cycle, each as the chain that closes it. */
function importCycles(graph: Map<string, string[]>): string[] {
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const cycles: string[] = [];
    const visit = (file: string) => {
        state.set(file, "open");
        stack.push(file);
        for (const target of graph.get(file) ?? []) {
            if (state.get(target) === "open") cycles.push([...stack.slice(stack.indexOf(target)), target].join(" -> "));
            else if (!state.has(target)) visit(target);
        }
        stack.pop();
        state.set(file, "done");
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    return cycles;
}

describe("layers", () => {
    const graph = importGraph();

    it("no module imports from a layer above its own (domain ← config ← components ← program, tools ← CLIs)", () => {
        assert.deepEqual(upwardImports(graph), []);
    });

    it("no import cycle", () => {
        assert.deepEqual(importCycles(graph), []);
    });

    it("finds an upward import and a cycle when there is one, so the checks above have teeth", () => {
        const bad = new Map([
            ["domain/a.ts", ["config/b.ts"]],
            ["config/b.ts", ["config/c.ts"]],
            ["config/c.ts", ["config/b.ts"]],
        ]);
        assert.deepEqual(upwardImports(bad), ["domain/a.ts -> config/b.ts"]);
        assert.deepEqual(importCycles(bad), ["config/b.ts -> config/c.ts -> config/b.ts"]);
    });
});
