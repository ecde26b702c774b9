// Topics and recaps at a chosen scale, on PGlite and PostgreSQL, in-process through the data layer
// and the engine's own functions (no HTTP):
//   node --conditions=react-server --import tsx bench/topics.mts [--runs=100000] [--db=pglite,postgres]
// Seeds runs with bench/seed.mjs (30 days, 8 agents, 3 in 4 runs conversational), gives the
// conversational runs prompts from the labelled intent corpus, then measures: re-clustering each
// agent (30-day window), CPU per run of the engine's topic assignment, the topics list and topic
// query p50, writing the recaps, and the recaps list and "so far" p50.
import { createPgDatabase, createPgliteDir, openBootstrapped, postgresAvailable } from "./lib/env.mjs";
import { seed } from "./seed.mjs";
import { loadIntentCorpus } from "@/tests/fixtures/topics/load";
import { listTopics, getTopic } from "@/lib/server/data/topics";
import { ALL_AGENTS, listRecaps } from "@/lib/server/data/recaps";
import { recluster, topicAnalyser } from "@/lib/server/insights/topics";
import { currentRecap, recapStep } from "@/lib/server/insights/recaps";
import { loadRunContexts } from "@/lib/server/insights/load";
import type { Sql } from "@/lib/db/sql";

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? "true"];
  }),
);
const runs = Number(args.runs ?? 100_000);
const dbs = (args.db ?? "pglite,postgres").split(",");
const reps = Number(args.reps ?? 15);

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timeIt(fn: () => Promise<unknown>, n = reps): Promise<number> {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return p50(xs);
}
const day = 86_400_000;

async function benchOne(kind: "pglite" | "postgres") {
  const target = kind === "postgres" ? await createPgDatabase("topics") : createPgliteDir("topics");
  const { db, projectId } = await openBootstrapped(target);
  const sql = db.sql as Sql;
  try {
    await seed(sql, projectId, { runs, analyze: kind === "postgres", log: () => {} });
    const prompts = loadIntentCorpus().prompts.map((p) => p.text);
    await sql.query(`UPDATE runs SET user_prompt = ($2::text[])[1 + abs(hashtext(id)) % $3] WHERE project_id = $1 AND conversational`, [
      projectId,
      prompts,
      prompts.length,
    ]);
    if (kind === "postgres") await sql.exec("VACUUM ANALYZE runs");
    const agents = await sql.query<{ id: string; slug: string }>(`SELECT id, slug FROM agents WHERE project_id = $1 ORDER BY id`, [projectId]);
    const conv = Number((await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM runs WHERE project_id = $1 AND conversational`, [projectId]))[0]!.n);
    console.log(`\n${kind}: ${runs.toLocaleString("en-US")} runs over 30 days, ${conv.toLocaleString("en-US")} conversational, ${agents.length} agents`);

    const times: number[] = [];
    let docs = 0;
    let topics = 0;
    for (const a of agents) {
      const t = performance.now();
      const r = await recluster(sql, projectId, a.id);
      times.push(performance.now() - t);
      docs += r.docs;
      topics += r.topics;
    }
    console.log(
      `  re-clustering one agent (30-day window, its prompts read, 3,000 clustered, all read reassigned): p50 ${(p50(times) / 1000).toFixed(1)} s, max ${(Math.max(...times) / 1000).toFixed(1)} s; ${docs.toLocaleString("en-US")} prompts, ${topics} topics in all`,
    );

    // The engine's assignment: load a batch as the engine does, then the analyser (lemmas + nearest topic).
    const sample = await sql.query<{ id: string }>(`SELECT id FROM runs WHERE project_id = $1 AND conversational ORDER BY md5(id) LIMIT 2000`, [projectId]);
    const analyser = topicAnalyser();
    let cpu = 0;
    let wall = 0;
    for (let i = 0; i < sample.length; i += 50) {
      const loaded = await loadRunContexts(
        sql,
        sample.slice(i, i + 50).map((r) => ({ projectId, runId: r.id })),
      );
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      await analyser.analyse(loaded, sql);
      const c = process.cpuUsage(c0);
      cpu += c.user + c.system;
      wall += performance.now() - w0;
    }
    console.log(
      `  topic assignment per run (engine analyser, after loading): ${(cpu / sample.length).toFixed(0)} µs CPU, ${((wall / sample.length) * 1000).toFixed(0)} µs wall`,
    );

    const now = new Date();
    const win = (ms: number) => ({ from: new Date(now.getTime() - ms), to: now, range: null });
    const one = agents[0]!.slug;
    const list30 = await listTopics(sql, projectId, { window: win(30 * day) });
    console.log(
      `  topics list p50: 1 day ${(await timeIt(() => listTopics(sql, projectId, { window: win(day) }))).toFixed(0)} ms, 30 days ${(await timeIt(() => listTopics(sql, projectId, { window: win(30 * day) }))).toFixed(0)} ms (all agents, ${list30.data.length} topics); one agent 30 days ${(await timeIt(() => listTopics(sql, projectId, { window: win(30 * day), agent: one }))).toFixed(0)} ms`,
    );
    const topicId = list30.data[0]!.id;
    console.log(`  topic page data p50 (30 days): ${(await timeIt(() => getTopic(sql, projectId, topicId, win(30 * day)))).toFixed(0)} ms`);

    const t0 = performance.now();
    const written = await recapStep(sql, { timeZone: "UTC", webhookUrl: null, baseUrl: null }, now, new Map());
    console.log(`  recaps written for the last day and week (all agents + each agent): ${written} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    console.log(
      `  recaps list p50: ${(await timeIt(() => listRecaps(sql, projectId, { agentKey: ALL_AGENTS, kind: "day", from: win(60 * day).from, to: now, limit: 20, cursor: null }))).toFixed(0)} ms; "so far" p50: day ${(await timeIt(() => currentRecap(sql, { projectId, agent: null }, "day", "UTC", null), 5)).toFixed(0)} ms, week ${(await timeIt(() => currentRecap(sql, { projectId, agent: null }, "week", "UTC", null), 5)).toFixed(0)} ms`,
    );
  } finally {
    await db.close();
    await target.drop();
  }
}

console.log(`Topics and recaps bench at ${runs.toLocaleString("en-US")} runs (in-process data layer; p50 of ${reps} calls after one warm-up)`);
for (const kind of dbs) {
  if (kind === "postgres" && !(await postgresAvailable())) {
    console.log("PostgreSQL is not reachable: skipped.");
    continue;
  }
  await benchOne(kind as "pglite" | "postgres");
}
