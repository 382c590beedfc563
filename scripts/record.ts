// npm run record: regenerates the docs' tables from the records — each page's "How this was shown" table from
// the integration suite's run record (tests/integration/record.json), and the performance page's tables from
// the benchmarks' records (bench/*.json). `--check` only reports stale pages; tests/record.test.ts compares each page with regenerated().

import * as fs from "node:fs";
import * as path from "node:path";
import { withBenchTables } from "../bench/tables";
import { readRecord } from "../tests/integration/runRecord";
import { withShownTables } from "../tests/integration/shown";

const ROOT = path.join(__dirname, "..");

/** The pages that may cite the record: the README and every page under docs/. */
export function pages(): string[] {
    const docs = fs.readdirSync(path.join(ROOT, "docs")).filter((name) => name.endsWith(".md"));
    return ["README.md", ...docs.map((name) => path.join("docs", name))];
}

/** A page as `npm run record` would write it. */
export function regenerated(page: string): string {
    const markdown = fs.readFileSync(path.join(ROOT, page), "utf8");
    return withShownTables(withBenchTables(markdown), readRecord());
}

if (require.main === module) {
    const check = process.argv.includes("--check");
    const stale = pages().flatMap((page) => {
        const fresh = regenerated(page);
        return fresh === fs.readFileSync(path.join(ROOT, page), "utf8") ? [] : [{ page, fresh }];
    });
    if (check) {
        for (const { page } of stale) console.log(`stale: ${page} (run npm run record)`);
        process.exitCode = stale.length > 0 ? 1 : 0;
    } else {
        for (const { page, fresh } of stale) fs.writeFileSync(path.join(ROOT, page), fresh);
        console.log(stale.length > 0 ? `wrote ${stale.map((s) => s.page).join(", ")}` : "every page is current");
    }
}
