// mocha's TypeScript loader: ts-node without type-checking (npm test's tsc has just checked), compiling with
// SWC, which loads the suite in about a third of the CPU time of TypeScript's own transpiler.
require("ts-node").register({ transpileOnly: true, swc: true });
