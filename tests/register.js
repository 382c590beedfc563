// mocha's TypeScript loader: ts-node without type-checking (npm test's tsc has just checked), compiling with
// SWC, which loads the suite in about a third of the CPU time of TypeScript's own transpiler.
require("ts-node").register({ transpileOnly: true, swc: true });

// The suite must not depend on the machine: @pulumi/kubernetes's Provider fills an unset kubeconfig from
// $KUBECONFIG, which would then show in the registered inputs. Tests that need it set it themselves.
delete process.env.KUBECONFIG;
