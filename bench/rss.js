// Preloaded into a bench run's program process (NODE_OPTIONS=--require): at exit, appends the process's
// peak resident set size in KiB to BENCH_RSS_FILE, so bench/engine.ts can record the program's memory.
const fs = require("node:fs");

process.on("exit", () => {
    if (process.env.BENCH_RSS_FILE)
        fs.appendFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS}\n`);
});
