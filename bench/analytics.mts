// Analytics data-layer latency at scale (overview, users/orgs tables and pages, feedback), timed
// in-process on a database seeded with bench/seed.mjs (8 agents, 20,000 users in 500 orgs, 30 days).
//   npx tsx --conditions=react-server bench/analytics.mts postgres [runs]   (throwaway PostgreSQL database)
//   npx tsx --conditions=react-server bench/analytics.mts pglite [runs]     (throwaway embedded database)
// Each figure is the median of 3 calls after the seed's ANALYZE.
import { openDb } from "@/lib/db/open";
import { migrate } from "@/lib/db/migrate";
import { listFeedback } from "@/lib/server/data/feedback";
import { getOrg, getUser, listOrgs, listUsers } from "@/lib/server/data/people";
import { getOverview } from "@/lib/server/data/overview";
import { resolveScope, type Scope } from "@/lib/server/data/stats";
import { FEEDBACK_LIST, USER_LIST } from "@/lib/validations/lists";
import { parseWindow, type Range } from "@/lib/validations/window";
// @ts-expect-error plain ESM module without types
import { createPgDatabase, createPgliteDir } from "./lib/env.mjs";
// @ts-expect-error plain ESM module without types
import { seed } from "./seed.mjs";

const kind = process.argv[2] === "pglite" ? "pglite" : "postgres";
const runs = Number(process.argv[3] ?? 1_000_000);
const target = kind === "postgres" ? await createPgDatabase("analytics") : createPgliteDir("analytics");
const db = kind === "postgres" ? await openDb({ databaseUrl: target.url }) : await openDb({ dataDir: target.dir });
try {
  await migrate(db.sql);
  await db.sql.query(`INSERT INTO projects (id, name, slug) VALUES ('bench', 'Bench', 'bench')`);
  console.log(`[analytics] seeding ${runs.toLocaleString("en-US")} runs on ${kind}…`);
  await seed(db.sql, "bench", { runs, bigRunSpans: 10, log: console.log });
  const q = db.sql;
  const all = (await resolveScope(q, "bench", null)) as Scope;
  const [first] = await q.query<{ slug: string }>(`SELECT slug FROM agents WHERE project_id = 'bench' ORDER BY slug LIMIT 1`);
  const agent = (await resolveScope(q, "bench", first!.slug)) as Scope;
  const params = (s: string) => new URLSearchParams(s);
  const rows: string[] = [];
  for (const r of ["1d", "2w", "1M"] as Range[]) {
    const w = parseWindow(params(`range=${r}`));
    const cases: Array<[string, () => Promise<unknown>]> = [
      ["overview", () => getOverview(q, all, w)],
      ["overview, one agent", () => getOverview(q, agent, w)],
      ["users, last seen", () => listUsers(q, all, USER_LIST.parse(params(`range=${r}`)))],
      ["users, one agent", () => listUsers(q, agent, USER_LIST.parse(params(`range=${r}`)))],
      ["users, sort=cost", () => listUsers(q, all, USER_LIST.parse(params(`range=${r}&sort=cost`)))],
      ["orgs, last seen", () => listOrgs(q, all, USER_LIST.parse(params(`range=${r}`)))],
      ["user page", () => getUser(q, all, "user-00042", w)],
      ["org page", () => getOrg(q, all, "org-042", w)],
      ["feedback", () => listFeedback(q, all, FEEDBACK_LIST.parse(params(`range=${r}`)))],
    ];
    for (const [label, fn] of cases) {
      const ts: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await fn();
        ts.push(performance.now() - t0);
      }
      ts.sort((a, b) => a - b);
      rows.push(`| ${r} | ${label} | ${ts[1]!.toFixed(0)} ms |`);
    }
  }
  console.log(`\n| window | query (${kind}, ${runs.toLocaleString("en-US")} runs) | median |\n|---|---|---|\n${rows.join("\n")}`);
} finally {
  await db.close();
  await target.drop();
}
