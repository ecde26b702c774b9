// Topics and recaps at a chosen scale, on PGlite and PostgreSQL, in-process through the data layer
// and the engine's own functions (no HTTP):
//   node --conditions=react-server --import tsx bench/topics.mts [--runs=100000] [--db=pglite,postgres]
//     [--target=<postgresql url | PGlite dir> --project=<its project id>] [--steps=prompts,cluster,fill,read,recaps] [--keep]
//     [--words-only] (re-clustering without the word vectors, as before they were added)
// Seeds runs with bench/seed.mjs (30 days, 8 agents, 3 in 4 runs conversational), or takes an
// already seeded database (--target, e.g. a copy of a 1M template; --db names its kind), gives the
// conversational runs prompts from the labelled intent corpus, then measures: re-clustering each
// agent (30-day window), CPU per run of the engine's topic assignment, the topics list and topic
// query p50, writing the recaps, and the recaps list and "so far" p50. --steps runs some of the
// steps only (at 1M, one per call, on a kept target). "fill" gives every conversational run the
// re-clustering did not read (beyond its read cap) the topic of a read run with the same prompt and
// agent, as the engine's assignment would (same prompt, same lemmas, same nearest topic): without
// it, a 1M database would have topics for the read cap's runs only.
import { createPgDatabase, createPgliteDir, openBootstrapped, postgresAvailable } from "./lib/env.mjs";
import { seed } from "./seed.mjs";
import { loadIntentCorpus } from "@/tests/fixtures/topics/load";
import { listTopics, getTopic } from "@/lib/server/data/topics";
import { ALL_AGENTS, listRecaps } from "@/lib/server/data/recaps";
import { recluster, topicAnalyser } from "@/lib/server/insights/topics";
import { currentRecap, recapStep } from "@/lib/server/insights/recaps";
import { loadRunContexts } from "@/lib/server/insights/load";
import { rebuildStaleTopicDays } from "@/lib/server/insights/topic-days";
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
const steps = new Set((args.steps ?? "prompts,cluster,fill,read,recaps").split(","));
const given = args.target as string | undefined;
const keep = args.keep === "true" || given !== undefined;

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
  const target = given
    ? kind === "postgres"
      ? { url: given, drop: async () => {} }
      : { dir: given, drop: async () => {} }
    : kind === "postgres"
      ? await createPgDatabase("topics")
      : createPgliteDir("topics");
  const boot = await openBootstrapped(target);
  const db = boot.db;
  // A template seeded elsewhere may hold its runs under another project (--project=<id>).
  const projectId = (args.project as string | undefined) ?? boot.projectId;
  const sql = db.sql as Sql;
  const step = async (name: string, fn: () => Promise<void>) => {
    if (!steps.has(name)) return;
    const t = performance.now();
    await fn();
    console.log(`  [${name}: ${((performance.now() - t) / 1000).toFixed(1)} s]`);
  };
  try {
    if (!given) await seed(sql, projectId, { runs, analyze: kind === "postgres", log: () => {} });
    const agents = await sql.query<{ id: string; slug: string }>(`SELECT id, slug FROM agents WHERE project_id = $1 ORDER BY id`, [projectId]);
    const [counts] = await sql.query<{ n: string; conv: string }>(
      `SELECT count(*)::text AS n, count(*) FILTER (WHERE conversational)::text AS conv FROM runs WHERE project_id = $1`,
      [projectId],
    );
    console.log(
      `\n${kind}: ${Number(counts!.n).toLocaleString("en-US")} runs over 30 days, ${Number(counts!.conv).toLocaleString("en-US")} conversational, ${agents.length} agents`,
    );
    await step("prompts", async () => {
      const prompts = loadIntentCorpus().prompts.map((p) => p.text);
      await sql.query(`UPDATE runs SET user_prompt = ($2::text[])[1 + abs(hashtext(id)) % $3] WHERE project_id = $1 AND conversational`, [
        projectId,
        prompts,
        prompts.length,
      ]);
      if (kind === "postgres") await sql.exec("VACUUM ANALYZE runs");
    });
    await step("cluster", () => clusterAll(sql, projectId, agents));
    await step("fill", () => fill(sql, projectId));
    if (steps.has("read")) await reads(sql, projectId, agents);
    await step("recaps", () => recaps(sql, projectId));
  } finally {
    await db.close();
    if (keep) console.log(`kept: ${target.url ?? target.dir}`);
    else await target.drop();
  }
}

async function clusterAll(sql: Sql, projectId: string, agents: { id: string }[]) {
  {
    const times: number[] = [];
    let docs = 0;
    let topics = 0;
    for (const a of agents) {
      const t = performance.now();
      const r = await recluster(sql, projectId, a.id, args["words-only"] ? { options: { wordVectorWeight: 0 } } : {});
      times.push(performance.now() - t);
      docs += r.docs;
      topics += r.topics;
    }
    console.log(
      `  re-clustering one agent (30-day window, its prompts read, 3,000 clustered, all read reassigned): p50 ${(p50(times) / 1000).toFixed(1)} s, max ${(Math.max(...times) / 1000).toFixed(1)} s; ${docs.toLocaleString("en-US")} prompts, ${topics} topics in all`,
    );

    // The sketches of the days runs left are rebuilt (the engine does it between batches).
    while ((await rebuildStaleTopicDays(sql)) > 0);
  }
}

/** Every conversational run without a topic takes the topic of a read run with the same prompt and agent. */
async function fill(sql: Sql, projectId: string) {
  await sql.query(
    `INSERT INTO run_topics (project_id, run_id, topic_id, model_id, similarity, start_time, agent_key, session_id, user_id, errored, feedback_score, frustrated)
     SELECT r.project_id, r.id, k.topic_id, k.model_id, k.similarity, r.start_time, COALESCE(r.agent_id, ''), r.session_id, r.user_id, r.status = 2,
       r.feedback_score, EXISTS (SELECT 1 FROM run_patterns rp WHERE rp.project_id = r.project_id AND rp.pattern_id = 'frustration' AND rp.run_id = r.id)
     FROM runs r
     JOIN (SELECT DISTINCT ON (rt.agent_key, x.user_prompt) rt.agent_key, x.user_prompt, rt.topic_id, rt.model_id, rt.similarity
           FROM run_topics rt JOIN runs x ON x.project_id = rt.project_id AND x.id = rt.run_id WHERE rt.project_id = $1
           ORDER BY rt.agent_key, x.user_prompt, rt.start_time DESC) k ON k.agent_key = COALESCE(r.agent_id, '') AND k.user_prompt = r.user_prompt
     WHERE r.project_id = $1 AND r.conversational AND NOT r.placeholder
       AND NOT EXISTS (SELECT 1 FROM run_topics t WHERE t.project_id = r.project_id AND t.run_id = r.id)`,
    [projectId],
  );
  // On PGlite too: the embedded database's maintenance would vacuum them (a fifth of topic_days is
  // dead after the triggers' updates), and unvacuumed its reads took 2-3 times as long.
  await sql.exec("VACUUM ANALYZE run_topics, topic_days");
  const [n] = await sql.query<{ n: string; days: string }>(
    `SELECT (SELECT count(*) FROM run_topics WHERE project_id = $1)::text AS n, (SELECT count(*) FROM topic_days WHERE project_id = $1)::text AS days`,
    [projectId],
  );
  console.log(`  runs with a topic: ${Number(n!.n).toLocaleString("en-US")}; topic days: ${Number(n!.days).toLocaleString("en-US")}`);
}

async function reads(sql: Sql, projectId: string, agents: { id: string; slug: string }[]) {
  {
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
  }
}

async function recaps(sql: Sql, projectId: string) {
  {
    const now = new Date();
    const win = (ms: number) => ({ from: new Date(now.getTime() - ms), to: now, range: null });

    const t0 = performance.now();
    // The "prompts" step's update queued every conversational run for the insight engine again, and
    // a recap waits for the engine's queue (and ten minutes after the runs' last change, settleMs);
    // the bench's other steps have done the engine's work on these runs, so both are skipped here.
    await sql.query(`DELETE FROM insight_queue WHERE project_id = $1`, [projectId]);
    const written = await recapStep(sql, { timeZone: "UTC", webhookUrl: null, baseUrl: null, settleMs: 0 }, now, new Map());
    console.log(`  recaps written for the last day and week (all agents + each agent): ${written} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    console.log(
      `  recaps list p50: ${(await timeIt(() => listRecaps(sql, projectId, { agentKey: ALL_AGENTS, kind: "day", from: win(60 * day).from, to: now, limit: 20, cursor: null }))).toFixed(0)} ms; "so far" p50: day ${(await timeIt(() => currentRecap(sql, { projectId, agent: null }, "day", "UTC", null), 5)).toFixed(0)} ms, week ${(await timeIt(() => currentRecap(sql, { projectId, agent: null }, "week", "UTC", null), 5)).toFixed(0)} ms`,
    );
  }
}

console.log(
  `Topics and recaps bench ${given ? `on ${given}` : `at ${runs.toLocaleString("en-US")} runs`} (in-process data layer; p50 of ${reps} calls after one warm-up)`,
);
for (const kind of dbs) {
  if (kind === "postgres" && !(await postgresAvailable())) {
    console.log("PostgreSQL is not reachable: skipped.");
    continue;
  }
  await benchOne(kind as "pglite" | "postgres");
}
