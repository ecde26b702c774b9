// Failures, tools and metrics reads at scale, in-process (the data-layer calls behind GET
// /v1/failures, /v1/tools, /v1/metrics and the /failures, /tools and /overview pages, and the
// overview's parts), on a database seeded with bench/seed.mjs whose failed rows are signed as
// `npm run bench` signs them. For iterating on queries; the figures of record are `npm run bench`'s.
//   npx tsx --conditions=react-server bench/tools-metrics.mts postgres|pglite [runs] [--keep]
//   npx tsx --conditions=react-server bench/tools-metrics.mts --url=postgres://…  (a kept database)
// Each figure is the median of 5 calls after a warm-up call.
import { openDb } from "@/lib/db/open";
import { migrate } from "@/lib/db/migrate";
import { listFailures } from "@/lib/server/data/failures";
import { getMetrics } from "@/lib/server/data/metrics";
import { getOverview, kpis, kpisOf, series, top } from "@/lib/server/data/overview";
import { activeCounts, resolveScope, type Scope } from "@/lib/server/data/stats";
import { listTools, toolTrend } from "@/lib/server/data/tools";
import { FAILURE_LIST } from "@/lib/validations/lists";
import { parseWindow, previousWindow } from "@/lib/validations/window";
// @ts-expect-error plain ESM module without types
import { createPgDatabase, createPgliteDir, signSeededFailures } from "./lib/env.mjs";
// @ts-expect-error plain ESM module without types
import { seed } from "./seed.mjs";

const args = process.argv.slice(2);
const url = args.find((a) => a.startsWith("--url="))?.slice(6);
const dir = args.find((a) => a.startsWith("--dir="))?.slice(6);
const kind = url ? "postgres" : dir || args[0] === "pglite" ? "pglite" : "postgres";
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const keep = args.includes("--keep");
const target = url
  ? { url, drop: async () => {} }
  : dir
    ? { dir, drop: async () => {} }
    : kind === "postgres"
      ? await createPgDatabase("tools_metrics")
      : createPgliteDir("tools_metrics");
const db = target.url ? await openDb({ databaseUrl: target.url }) : await openDb({ dataDir: target.dir });
try {
  if (!url && !dir) {
    await migrate(db.sql);
    await db.sql.query(`INSERT INTO projects (id, name, slug) VALUES ('bench', 'Bench', 'bench')`);
    console.log(`[tools-metrics] seeding ${runs.toLocaleString("en-US")} runs on ${kind}…`);
    await seed(db.sql, "bench", { runs, bigRunSpans: 10, log: console.log });
    const t0 = performance.now();
    const signed = await signSeededFailures(db, "bench");
    console.log(`[tools-metrics] ${signed} failed rows signed in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } else {
    await migrate(db.sql);
  }
  const q = db.sql;
  const [project] = await q.query<{ id: string }>(`SELECT project_id AS id FROM runs GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
  const pid = project!.id;
  const all = (await resolveScope(q, pid, null)) as Scope;
  const [first] = await q.query<{ slug: string }>(`SELECT slug FROM agents WHERE project_id = $1 ORDER BY slug LIMIT 1`, [pid]);
  const agent = (await resolveScope(q, pid, first!.slug)) as Scope;
  const w = parseWindow(new URLSearchParams("range=1M"));
  const f = FAILURE_LIST.parse(new URLSearchParams("range=1M"));
  const cases: Array<[string, () => Promise<unknown>]> = [
    ["GET /v1/failures", () => listFailures(q, pid, f)],
    ["/failures data (trends, 50 groups)", () => listFailures(q, pid, f, { trend: true })],
    ["/failures data (trends, the page's 25 groups)", () => listFailures(q, pid, { ...f, limit: 25 }, { trend: true })],
    ["GET /v1/tools", () => listTools(q, all, w)],
    ["GET /v1/tools, one agent", () => listTools(q, agent, w)],
    ["/tools data (tools + trend)", () => Promise.all([listTools(q, all, w), toolTrend(q, all, w)])],
    ["GET /v1/metrics", () => getMetrics(q, all, w)],
    ["GET /v1/metrics, one agent", () => getMetrics(q, agent, w)],
    ["overview data", () => getOverview(q, all, w)],
    ["overview data, one agent", () => getOverview(q, agent, w)],
    ["  kpis (window)", () => kpis(q, all, w)],
    ["  kpis (previous window)", () => kpis(q, all, previousWindow(w))],
    ["  kpis (window and previous, one statement)", () => kpisOf(q, all, [w, previousWindow(w)])],
    ["  series", () => series(q, all, w)],
    ["  top agents", () => top(q, all, w, "agents")],
    ["  top models", () => top(q, all, w, "models")],
    ["  active users and orgs", () => activeCounts(q, all, [w])],
    ["  active users and orgs, window and previous", () => activeCounts(q, all, [w, previousWindow(w)])],
    ["  active users and orgs, one agent", () => activeCounts(q, agent, [w])],
  ];
  const only = args.find((a) => a.startsWith("--only="))?.slice(7);
  const rows: string[] = [];
  for (const [label, fn] of cases) {
    if (only && !label.includes(only)) continue;
    await fn();
    const ts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await fn();
      ts.push(performance.now() - t0);
    }
    ts.sort((a, b) => a - b);
    rows.push(`| ${label} | ${ts[2]!.toFixed(1)} ms | ${ts[0]!.toFixed(1)} ms |`);
    console.log(rows[rows.length - 1]);
  }
  const [{ n: nRuns } = { n: 0 }] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM runs`);
  console.log(`\n| query, 30 days (${kind}, ${nRuns.toLocaleString("en-US")} runs) | median of 5 | min |\n|---|---|---|\n${rows.join("\n")}`);
  if (keep) console.log(`kept: ${target.url ?? target.dir}`);
} finally {
  await db.close();
  if (!keep) await target.drop();
}
