// One measured consumer start in a fresh process (bench/consumer.ts): from the process's start to the first
// resource registration of a SecureIngress, loaded from the compiled package (dist/) or from the sources
// through ts-node (BENCH_FROM = dist | source). Prints one JSON line.
const { performance } = require("node:perf_hooks");
const path = require("node:path");
const from = process.env.BENCH_FROM;
if (from === "source")
    require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
const pulumi = require("@pulumi/pulumi");
let first;
pulumi.runtime
    .setMocks({
        newResource(args) {
            if (first === undefined) {
                first = performance.now();
                process.stdout.write(`${JSON.stringify({ from, firstRegistrationMs: Math.round(first) })}\n`);
                process.exit(0);
            }
            return { id: args.name, state: args.inputs };
        },
        call: (args) => args.inputs,
    })
    .then(() => {
        const { SecureIngress } = require(from === "dist" ? "../dist/components/index.js" : "../components/index.ts");
        new SecureIngress("edge", {
            certificates: [{ name: "shop-credential", hosts: ["shop.example.com"] }],
            routes: [{ host: "shop.example.com", service: "shop", port: 8080 }],
        });
    });
