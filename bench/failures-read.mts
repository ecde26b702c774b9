// Failure reads at scale (docs/benchmarks.md "Failures"): GET /v1/failures' query (listFailures)
// and a group's page (getFailureGroup) over 1 day, 2 weeks and 30 days, timed in-process on a
// database seeded with bench/seed.mjs, whose failed rows are then signed by the backfill (the
// seed writes SQL directly, as rows stored before signatures existed would be).
//   npx tsx --conditions=react-server bench/failures-read.mts postgres|pglite [runs]
import { openDb } from "@/lib/db/open";
import { migrate } from "@/lib/db/migrate";
import { getFailureGroup, listFailures } from "@/lib/server/data/failures";
import { compactRollups } from "@/lib/server/data/rollups";
import { backfillFailuresOnce } from "@/lib/server/ingest/failure-backfill";
import { FAILURE_LIST } from "@/lib/validations/lists";
// @ts-expect-error plain ESM module without types
import { createPgDatabase, createPgliteDir } from "./lib/env.mjs";
// @ts-expect-error plain ESM module without types
import { seed } from "./seed.mjs";

const kind = process.argv[2] === "pglite" ? "pglite" : "postgres";
const runs = Number(process.argv[3] ?? 100_000);
const target = kind === "postgres" ? await createPgDatabase("failures_read") : createPgliteDir("failures_read");
const db = kind === "postgres" ? await openDb({ databaseUrl: target.url }) : await openDb({ dataDir: target.dir });
try {
  await migrate(db.sql);
  await db.sql.query(`INSERT INTO projects (id, name, slug) VALUES ('bench', 'Bench', 'bench')`);
  console.log(`[failures-read] seeding ${runs.toLocaleString("en-US")} runs on ${kind}…`);
  await seed(db.sql, "bench", { runs, bigRunSpans: 10, log: console.log });
  let t0 = performance.now();
  let signed = 0;
  for (let n; (n = await backfillFailuresOnce(db.sql)) > 0;) signed += n;
  console.log(`[failures-read] backfill signed ${signed.toLocaleString("en-US")} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await compactRollups(db.sql, "bench");
  await db.sql.exec(`VACUUM ANALYZE failure_occurrences, failure_groups, rollup_failures, rollup_failures_daily, runs`);
  const q = db.sql;
  const [occ] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM failure_occurrences`);
  const rows: string[] = [];
  for (const r of ["1d", "2w", "1M"]) {
    const f = FAILURE_LIST.parse(new URLSearchParams(`range=${r}`));
    const top = (await listFailures(q, "bench", f)).data[0]!.signature;
    const cases: Array<[string, () => Promise<unknown>]> = [
      ["GET /v1/failures (first page of 50)", () => listFailures(q, "bench", f)],
      ["/failures page data (with trends)", () => listFailures(q, "bench", f, { trend: true })],
      ["largest group's page", () => getFailureGroup(q, "bench", top, f)],
    ];
    for (const [label, fn] of cases) {
      const ts: number[] = [];
      for (let i = 0; i < 5; i++) {
        t0 = performance.now();
        await fn();
        ts.push(performance.now() - t0);
      }
      ts.sort((a, b) => a - b);
      rows.push(`| ${r} | ${label} | ${ts[2]!.toFixed(0)} ms |`);
    }
  }
  console.log(
    `\n| window | query (${kind}, ${runs.toLocaleString("en-US")} runs, ${occ!.n.toLocaleString("en-US")} occurrences) | median of 5 |\n|---|---|---|\n${rows.join("\n")}`,
  );
} finally {
  await db.close();
  await target.drop();
}
