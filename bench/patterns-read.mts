// The pattern reads alone at a given scale, without seeding runs: engine results (run_patterns)
// written with SQL as bench/patterns.mts writes them for N runs over 30 days (8 agents, 20,000
// users, sessions of 4 runs; task_failure on ~7% of runs, frustration ~3%, confusion ~2%, each tool
// pattern ~1%, one user-defined pattern ~2%), then the reads timed in-process (median of 5, or
// BENCH_REPS, after a warm-up). The runs table is empty, so the examples' prompts are not read (one primary-key lookup
// of at most 18 runs). Writing 1M runs' matches is heavy: run it under the bench lock.
//   npx tsx --conditions=react-server bench/patterns-read.mts <postgres|pglite> [runs]
// BENCH_KEEP=1 keeps the database and prints where; BENCH_REUSE=<that url or directory> times the
// reads again on it without writing.
import { openDb } from "@/lib/db/open";
import { migrate } from "@/lib/db/migrate";
import type { Queryable } from "@/lib/db/sql";
import { getPattern, listPatterns, patternsOverview } from "@/lib/server/data/patterns";
import { PATTERN_LIST } from "@/lib/validations/lists";
// @ts-expect-error plain ESM module without types
import { createPgDatabase, createPgliteDir } from "./lib/env.mjs";

const kind = process.argv[2] === "pglite" ? "pglite" : "postgres";
const runs = Number(process.argv[3] ?? 1_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const reuse = process.env.BENCH_REUSE;
const target: { url?: string; dir?: string; drop: () => Promise<void> } = reuse
  ? { ...(kind === "postgres" ? { url: reuse } : { dir: reuse }), drop: async () => {} }
  : kind === "postgres"
    ? await createPgDatabase("patternsread")
    : createPgliteDir("patternsread");
const db = kind === "postgres" ? await openDb({ databaseUrl: target.url! }) : await openDb({ dataDir: target.dir! });
const EVIDENCE = JSON.stringify([{ source: "turn", ref: "x", text: "I already told you, this is not what I asked.", highlight: [0, 18] }]);

async function seed(q: Queryable) {
  await q.query(`INSERT INTO projects (id, name, slug) VALUES ('bench', 'Bench', 'bench')`);
  await q.query(`INSERT INTO agents (id, project_id, name, slug) SELECT 'agt_' || i, 'bench', 'Agent ' || i, 'agent-' || i FROM generate_series(0, 7) i`);
  await q.query(`INSERT INTO patterns (project_id, id, name, scope, rule) VALUES ('bench', 'pat_bench', 'Bench rule', 'all', $1)`, [
    JSON.stringify({ match: "any", conditions: [{ field: "prompt", op: "contains", value: "x" }] }),
  ]);
  const t0 = performance.now();
  // In slices of 100k runs (one statement each, as the engine's batches are many small statements).
  for (let from = 0; from < runs; from += 100_000) {
    await q.query(
      `INSERT INTO run_patterns (project_id, pattern_id, run_id, start_time, agent_id, session_id, user_id, evidence)
       SELECT 'bench', p.id, 'run-' || g, now() - (g::float8 / $2) * interval '30 days', 'agt_' || (g % 8), 'sess-' || (g / 4),
              'user-' || (abs(hashint4(g * 7)) % 20000), $1::jsonb
       FROM generate_series($3::int, $4::int) g CROSS JOIN LATERAL (SELECT abs(hashint4(g)) % 1000 AS h) x
       JOIN LATERAL (VALUES ('task_failure', x.h < 70), ('frustration', x.h BETWEEN 100 AND 129), ('confusion', x.h BETWEEN 200 AND 219),
         ('tool_error_loop', x.h BETWEEN 300 AND 309), ('repeated_calls', x.h BETWEEN 400 AND 409), ('pat_bench', x.h BETWEEN 500 AND 519)) AS p(id, hit) ON p.hit`,
      [EVIDENCE, runs, from, Math.min(from + 99_999, runs - 1)],
    );
  }
  const ms = performance.now() - t0;
  await q.exec(`ANALYZE run_patterns`);
  await q.exec(`ANALYZE pattern_days`);
  const [{ n } = { n: "0" }] = await q.query<{ n: string }>(`SELECT count(*)::text AS n FROM run_patterns`);
  const [{ d } = { d: "0" }] = await q.query<{ d: string }>(`SELECT count(*)::text AS d FROM pattern_days`);
  console.log(
    `[patterns-read] ${kind}: ${Number(n).toLocaleString("en-US")} matches for ${runs.toLocaleString("en-US")} runs and ${Number(d).toLocaleString("en-US")} pattern_days rows written in ${(ms / 1000).toFixed(1)} s`,
  );
}

try {
  const q = db.sql;
  await migrate(q);
  if (!reuse) await seed(q);
  const p = (s: string) => new URLSearchParams(s);
  const cases: Array<[string, () => Promise<unknown>]> = [
    ["/patterns page data (patternsOverview), 30 days", () => patternsOverview(q, "bench", PATTERN_LIST.parse(p("range=1M")))],
    ["/patterns page data, 30 days, one agent", () => patternsOverview(q, "bench", PATTERN_LIST.parse(p("range=1M&agent=agent-3")))],
    ["/patterns page data, 1 day", () => patternsOverview(q, "bench", PATTERN_LIST.parse(p("range=1d")))],
    ["GET /v1/patterns (listPatterns), 30 days", () => listPatterns(q, "bench", PATTERN_LIST.parse(p("range=1M")))],
    ["GET /v1/patterns/frustration, 30 days", () => getPattern(q, "bench", "frustration", PATTERN_LIST.parse(p("range=1M")))],
  ];
  const rows: string[] = [];
  for (const [label, fn] of cases) {
    await fn();
    const ts: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const s = performance.now();
      const c = process.cpuUsage();
      await fn();
      const d = process.cpuUsage(c);
      ts.push(performance.now() - s);
      cpu.push((d.user + d.system) / 1000);
    }
    const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    rows.push(`| ${label} | ${med(ts).toFixed(0)} ms | ${Math.min(...ts).toFixed(0)} ms | ${med(cpu).toFixed(0)} ms |`);
  }
  // CPU: this process's, all threads (PGlite's worker included; PostgreSQL's server not).
  console.log(
    `\n| query (${kind}, matches of ${runs.toLocaleString("en-US")} runs) | median | fastest | median CPU of this process |\n|---|---|---|---|\n${rows.join("\n")}`,
  );
} finally {
  await db.close();
  if (process.env.BENCH_KEEP || reuse) console.log(`[patterns-read] kept: ${target.url ?? target.dir}`);
  else await target.drop();
}
