// Patterns at scale: the /patterns page's data (patternsOverview), GET /v1/patterns (listPatterns),
// a pattern's page (getPattern) and `pattern=` on the runs list, timed in-process, and a
// user-defined pattern's backfill speed, on a database seeded with bench/seed.mjs (8 agents,
// 20,000 users, sessions of 4 runs, 30 days) plus engine results written with SQL in the shape the
// engine stores them (run_patterns): task_failure on every failed run and ~2% more, frustration on
// ~3% and confusion on ~2% of conversational runs, each tool pattern on ~1%, one user-defined
// pattern on ~2%.
//   npx tsx --conditions=react-server bench/patterns.mts postgres [runs] [backfillDays]
//   npx tsx --conditions=react-server bench/patterns.mts pglite [runs] [backfillDays]
// Each query figure is the median of 5 calls after one warm-up call. BENCH_KEEP=1 keeps the database.
// BENCH_REUSE=<url or directory> runs on a database already seeded with bench/seed.mjs in project
// `bench` (the 1M-run templates) without seeding it again, nor writing engine results again if
// there are some. BENCH_BACKFILL_S=<s> stops the backfill after that long and reports its rate.
import { openDb } from "@/lib/db/open";
import { migrate } from "@/lib/db/migrate";
import { getPattern, listPatterns, patternsOverview } from "@/lib/server/data/patterns";
import { listRuns } from "@/lib/server/data/runs";
import { backfillStep } from "@/lib/server/insights/backfill";
import { createUserPattern } from "@/lib/server/insights/user-pattern-store";
import { PATTERN_LIST, RUN_LIST } from "@/lib/validations/lists";
// @ts-expect-error plain ESM module without types
import { createPgDatabase, createPgliteDir } from "./lib/env.mjs";
// @ts-expect-error plain ESM module without types
import { seed } from "./seed.mjs";

const kind = process.argv[2] === "pglite" ? "pglite" : "postgres";
const runs = Number(process.argv[3] ?? 100_000);
const backfillDays = Number(process.argv[4] ?? 3); // 0: no backfill
const reuse = process.env.BENCH_REUSE;
const backfillLimitMs = Number(process.env.BENCH_BACKFILL_S ?? Infinity) * 1000;
const target: { url?: string; dir?: string; drop: () => Promise<void> } = reuse
  ? { ...(kind === "postgres" ? { url: reuse } : { dir: reuse }), drop: async () => {} }
  : kind === "postgres"
    ? await createPgDatabase("patterns")
    : createPgliteDir("patterns");
const db = kind === "postgres" ? await openDb({ databaseUrl: target.url! }) : await openDb({ dataDir: target.dir! });

const EVIDENCE = JSON.stringify([{ source: "turn", ref: "x", text: "I already told you, this is not what I asked.", highlight: [0, 18] }]);

try {
  await migrate(db.sql);
  const q = db.sql;
  if (!reuse) {
    await db.sql.query(`INSERT INTO projects (id, name, slug) VALUES ('bench', 'Bench', 'bench')`);
    console.log(`[patterns] seeding ${runs.toLocaleString("en-US")} runs on ${kind}…`);
    await seed(db.sql, "bench", { runs, bigRunSpans: 10, log: console.log });
  }
  // Nothing waits in the queue: the seed bypassed the triggers.
  await q.query(`DELETE FROM insight_queue`);
  const written = (await q.query(`SELECT 1 FROM run_patterns LIMIT 1`)).length > 0;
  if (!written)
    await q.query(`INSERT INTO patterns (project_id, id, name, scope, rule) VALUES ('bench', 'pat_bench', 'Bench rule', 'all', $1)`, [
      JSON.stringify({ match: "any", conditions: [{ field: "prompt", op: "contains", value: "x" }] }),
    ]);
  const t0 = performance.now();
  if (!written)
    await q.query(
      `INSERT INTO run_patterns (project_id, pattern_id, run_id, start_time, agent_id, session_id, user_id, evidence)
     SELECT r.project_id, p.id, r.id, r.start_time, r.agent_id, r.session_id, r.user_id, $1::jsonb
     FROM runs r CROSS JOIN LATERAL (SELECT abs(hashtext(r.id)) % 1000 AS h) x
     JOIN LATERAL (VALUES
       ('task_failure', r.status = 2 OR x.h < 20),
       ('frustration', r.conversational IS TRUE AND x.h BETWEEN 100 AND 129),
       ('confusion', r.conversational IS TRUE AND x.h BETWEEN 200 AND 219),
       ('tool_error_loop', x.h BETWEEN 300 AND 309),
       ('repeated_calls', x.h BETWEEN 400 AND 409),
       ('pat_bench', x.h BETWEEN 500 AND 519)
     ) AS p(id, hit) ON p.hit
     WHERE r.project_id = 'bench' AND NOT r.placeholder`,
      [EVIDENCE],
    );
  await q.exec(`ANALYZE run_patterns`);
  await q.exec(`ANALYZE pattern_days`);
  const [{ n } = { n: "0" }] = await q.query<{ n: string }>(`SELECT count(*)::text AS n FROM run_patterns`);
  const [{ d } = { d: "0" }] = await q.query<{ d: string }>(`SELECT count(*)::text AS d FROM pattern_days`);
  console.log(
    `[patterns] ${Number(n).toLocaleString("en-US")} engine results written in ${((performance.now() - t0) / 1000).toFixed(1)} s ` +
      `(with their ${Number(d).toLocaleString("en-US")} pattern_days rows, kept by the triggers)`,
  );

  const [agent] = await q.query<{ slug: string }>(`SELECT slug FROM agents WHERE project_id = 'bench' ORDER BY slug LIMIT 1`);
  const p = (s: string) => new URLSearchParams(s);
  const rows: string[] = [];
  const cases: Array<[string, () => Promise<unknown>]> = [
    ["/patterns page data (patternsOverview), 30 days", () => patternsOverview(q, "bench", PATTERN_LIST.parse(p("range=1M")))],
    ["/patterns page data, 30 days, one agent", () => patternsOverview(q, "bench", PATTERN_LIST.parse(p(`range=1M&agent=${agent!.slug}`)))],
    ["/patterns page data, 1 day", () => patternsOverview(q, "bench", PATTERN_LIST.parse(p("range=1d")))],
    ["GET /v1/patterns (listPatterns), 30 days", () => listPatterns(q, "bench", PATTERN_LIST.parse(p("range=1M")))],
    ["GET /v1/patterns, 30 days, status=error (joins runs)", () => listPatterns(q, "bench", PATTERN_LIST.parse(p("range=1M&status=error")))],
    ["GET /v1/patterns/frustration, 30 days", () => getPattern(q, "bench", "frustration", PATTERN_LIST.parse(p("range=1M")))],
    ["GET /v1/runs?pattern=frustration, 30 days", () => listRuns(q, "bench", RUN_LIST.parse(p("range=1M&pattern=frustration&limit=50")))],
    [
      "GET /v1/runs?pattern=repeated_calls&agent=…, 30 days",
      () => listRuns(q, "bench", RUN_LIST.parse(p(`range=1M&pattern=repeated_calls&agent=${agent!.slug}&limit=50`))),
    ],
  ];
  for (const [label, fn] of cases) {
    await fn();
    const ts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      await fn();
      ts.push(performance.now() - s);
    }
    ts.sort((a, b) => a - b);
    rows.push(`| ${label} | ${ts[2]!.toFixed(0)} ms |`);
  }
  console.log(`\n| query (${kind}, ${runs.toLocaleString("en-US")} runs) | median |\n|---|---|\n${rows.join("\n")}`);

  // Backfill: a user-defined pattern over every run of the last `backfillDays` days.
  if (backfillDays > 0) {
    const created = await createUserPattern(
      q,
      "bench",
      { name: "Cancel or export", scope: "all", rule: { match: "any", conditions: [{ field: "prompt", op: "contains_words", words: ["cancel", "export"] }] } },
      { backfillDays },
    );
    const b0 = performance.now();
    let done = 0;
    for (let step = await backfillStep(db.sql); step > 0; step = await backfillStep(db.sql)) {
      done += step;
      if (performance.now() - b0 > backfillLimitMs) break;
    }
    const ms = performance.now() - b0;
    const [found = { n: "0" }] = await q.query<{ n: string }>(`SELECT count(*)::text AS n FROM run_patterns WHERE pattern_id = $1`, [created.id]);
    console.log(
      `\n[patterns] backfill of ${backfillDays} days on ${kind}: ${done.toLocaleString("en-US")} runs in ${(ms / 1000).toFixed(1)} s = ` +
        `${(((ms / Math.max(done, 1)) * 10_000) / 1000).toFixed(1)} s per 10k runs (${Number(found.n).toLocaleString("en-US")} matches)`,
    );
  }
} finally {
  await db.close();
  // BENCH_KEEP=1 keeps the database for EXPLAIN (its URL or directory is printed).
  if (process.env.BENCH_KEEP) console.log(`[patterns] kept: ${target.url ?? target.dir}`);
  else await target.drop();
}
