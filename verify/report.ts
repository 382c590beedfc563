// One row per checked route, or JSON for machines.

import type { RouteResult } from "./check";

export function formatTable(results: RouteResult[]): string {
    const rows = results.map((r) => [
        r.ok ? (r.warnings.length ? "WARN" : "PASS") : "FAIL",
        r.host,
        r.path,
        r.daysLeft === undefined ? "-" : String(r.daysLeft),
        r.status === undefined ? "-" : String(r.status),
        [...r.failures, ...r.warnings].join("; ") || r.bodyStart || "",
    ]);
    const header = ["RESULT", "HOST", "PATH", "DAYS LEFT", "STATUS", "DETAIL"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const line = (cells: string[]) =>
        cells
            .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
            .join("  ")
            .trimEnd();
    const passed = results.filter((r) => r.ok).length;
    return [line(header), ...rows.map(line), "", `${passed} of ${results.length} routes passed`].join("\n");
}

export function formatJson(results: RouteResult[]): string {
    return JSON.stringify({ ok: results.every((r) => r.ok), results }, null, 2);
}
