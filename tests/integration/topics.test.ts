// Topics on a real database: the engine's job clusters an agent's conversational prompts into a
// model, each analysed run gets its nearest topic, `GET /v1/topics` counts them over a window,
// `?topic=` lists a topic's runs, the run detail names its topic, ids survive a re-clustering,
// and nothing crosses projects.
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { processBatch } from "@/lib/server/insights/engine";
import { getInsightStatus } from "@/lib/server/insights/status";
import { recluster, reclusterStep } from "@/lib/server/insights/topics";
import { requestRecluster } from "@/lib/server/data/topics";
import { createProject, type TestProject, withInstalledProject } from "../helpers/db";
import { startFakeLlm } from "../helpers/fake-llm";
import { fakeEmbedding } from "../helpers/fake-embeddings";
import { getJson } from "../helpers/routes";
import { sendFeedback, sendRuns, type TestRun } from "./analytics-data";

interface Intent {
  intent: string;
  keyTerm: string;
  prompts: string[];
}
const corpus = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/topics/intents.json"), "utf8")) as { intents: Intent[] };
// Four distinct intents, 15 prompts each: enough for the clustering, small enough for a quick test.
// (60 prompts of close intents, such as a refund and a late order, can fall into one topic: the
// clustering's quality is measured on the whole corpus in lib/insights/topics/quality.test.ts.)
const PICKED = ["password_reset", "cancel_subscription", "delete_account", "sizing"];
const intents = corpus.intents.filter((i) => PICKED.includes(i.intent)).map((i) => ({ ...i, prompts: i.prompts.slice(0, 15) }));

let b: TestProject;
const sql = () => s.db.sql;
const base = Date.now() - 3 * 3_600_000;

async function drain() {
  for (let i = 0; i < 50; i++) {
    const r = await processBatch(sql(), { batchSize: 50, idleSeconds: 3600 });
    if (r.analysed + r.failed === 0) return;
  }
  throw new Error("the queue did not drain");
}

const runsOf = (intent: Intent, k: number): TestRun[] =>
  intent.prompts.map((prompt, n) => ({
    id: `${intent.intent}-${n}`,
    start: new Date(base + (k * 30 + n) * 60_000),
    agent: "shop-bot",
    sessionId: `s-${intent.intent}-${n % 5}`,
    userId: `u-${n % 3}`,
    prompt,
    error: n === 0,
  }));

const s = withInstalledProject(async () => {
  b = await createProject(s.db, "other");
  await sendRuns(s.project.ingestKey, intents.flatMap(runsOf));
  // A run that is not conversational never gets a topic.
  await sendRuns(s.project.ingestKey, [{ id: "batch-job", start: new Date(base), agent: "shop-bot", prompt: "reset password for all accounts" }]);
  await drain();
});

const topicsOf = async (key: string, query = "range=1d") => {
  const res = await getJson(`/v1/topics?${query}`, key);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data as Array<{
    id: string;
    label: string;
    keywords: string[];
    runCount: number;
    sessionCount: number;
    userCount: number;
    failureRate: number;
    thumbsUp: number;
    thumbsDown: number;
    previousRunCount: number;
  }>;
};

it("has no topics before the first clustering, then one per intent with its runs counted", async () => {
  expect(await topicsOf(s.project.readKey)).toEqual([]);
  const before = await getJson(`/v1/runs/${intents[0]!.intent}-1`, s.project.readKey);
  expect(before.body.insights.topic).toBeNull();

  expect(await reclusterStep(sql(), 24)).toBe(1);
  // Done: not due again for 24 hours.
  expect(await reclusterStep(sql(), 24)).toBe(0);

  const topics = await topicsOf(s.project.readKey);
  expect(topics.length).toBe(intents.length);
  for (const intent of intents) {
    const topic = topics.find((x) => x.keywords.slice(0, 3).includes(intent.keyTerm));
    expect(topic, `a topic labelled with "${intent.keyTerm}"`).toBeDefined();
  }
  const rows = await sql().query<{ topic_id: string; n: string; s: string; u: string; e: string }>(
    `SELECT rt.topic_id, count(*)::text AS n, count(DISTINCT r.session_id)::text AS s, count(DISTINCT r.user_id)::text AS u,
       count(*) FILTER (WHERE r.status = 2)::text AS e
     FROM run_topics rt JOIN runs r ON r.project_id = rt.project_id AND r.id = rt.run_id WHERE rt.project_id = $1 GROUP BY rt.topic_id`,
    [s.project.projectId],
  );
  expect(rows.reduce((s, r) => s + Number(r.n), 0)).toBeGreaterThan(intents.length * 15 * 0.7);
  for (const r of rows) {
    const topic = topics.find((x) => x.id === r.topic_id)!;
    expect([topic.runCount, topic.sessionCount, topic.userCount]).toEqual([Number(r.n), Number(r.s), Number(r.u)]);
    expect(topic.failureRate).toBeCloseTo(Number(r.e) / Number(r.n), 6);
    expect(topic.previousRunCount).toBe(0);
  }
  expect((await sql().query(`SELECT 1 FROM run_topics WHERE project_id = $1 AND run_id = 'batch-job'`, [s.project.projectId])).length).toBe(0);
  // Per agent, and an unknown agent.
  expect((await topicsOf(s.project.readKey, "range=1d&agent=shop-bot")).length).toBe(intents.length);
  expect(await topicsOf(s.project.readKey, "range=1d&agent=nobody")).toEqual([]);
});

it("lists a topic's runs, names a run's topic, and assigns new runs as the engine analyses them", async () => {
  const topics = await topicsOf(s.project.readKey);
  const password = topics.find((x) => x.keywords.slice(0, 3).includes("password"))!;
  const res = await getJson(`/v1/runs?range=1d&topic=${password.id}&limit=100`, s.project.readKey);
  expect(res.status).toBe(200);
  const ids = (res.body.data as { id: string }[]).map((r) => r.id).sort();
  const expected = (
    await sql().query<{ run_id: string }>(`SELECT run_id FROM run_topics WHERE project_id = $1 AND topic_id = $2 ORDER BY run_id`, [
      s.project.projectId,
      password.id,
    ])
  ).map((r) => r.run_id);
  expect(ids).toEqual(expected);
  expect(ids.length).toBe(password.runCount);

  const sessions = await getJson(`/v1/sessions?range=1d&topic=${password.id}&limit=100`, s.project.readKey);
  const expectedSessions = (
    await sql().query<{ session_id: string }>(`SELECT DISTINCT session_id FROM run_topics WHERE project_id = $1 AND topic_id = $2 ORDER BY session_id`, [
      s.project.projectId,
      password.id,
    ])
  ).map((r) => r.session_id);
  expect((sessions.body.data as { id: string }[]).map((s) => s.id).sort()).toEqual(expectedSessions);
  expect(expectedSessions.length).toBe(password.sessionCount);

  const detail = await getJson(`/v1/runs/${ids[0]}`, s.project.readKey);
  expect(detail.body.insights.topic).toEqual({ id: password.id, label: password.label });

  await sendRuns(s.project.ingestKey, [
    {
      id: "new-1",
      start: new Date(),
      agent: "shop-bot",
      sessionId: "s-new",
      userId: "u-new",
      prompt: "I forgot my password and the reset link is not working",
    },
  ]);
  await drain();
  expect((await getJson(`/v1/runs/new-1`, s.project.readKey)).body.insights.topic).toEqual({ id: password.id, label: password.label });
  const after = (await topicsOf(s.project.readKey)).find((x) => x.id === password.id)!;
  expect(after.runCount).toBe(password.runCount + 1);
  expect(after.userCount).toBe(password.userCount + 1);

  // Feedback re-queues the run: its topic row follows.
  await sendFeedback(s.project.ingestKey, "new-1", "thumbs_down");
  await drain();
  expect((await topicsOf(s.project.readKey)).find((x) => x.id === password.id)!.thumbsDown).toBe(password.thumbsDown + 1);
});

it("keeps topic ids when re-clustered on demand, and retires none of them", async () => {
  const before = (await topicsOf(s.project.readKey)).map((x) => x.id).sort();
  const agent = (await sql().query<{ id: string }>(`SELECT id FROM agents WHERE project_id = $1 AND slug = 'shop-bot'`, [s.project.projectId]))[0]!.id;
  await requestRecluster(sql(), s.project.projectId, agent);
  expect(await reclusterStep(sql(), 24)).toBe(1);
  expect((await topicsOf(s.project.readKey)).map((x) => x.id).sort()).toEqual(before);
  const models = await sql().query(`SELECT id FROM topic_models WHERE project_id = $1`, [s.project.projectId]);
  expect(models.length).toBe(2);
  expect((await sql().query(`SELECT 1 FROM topics WHERE project_id = $1 AND retired_at IS NOT NULL`, [s.project.projectId])).length).toBe(0);
});

it("counts the previous window for the trend", async () => {
  // A window of the last 90 minutes: the first intents' runs fall in the 90 minutes before it.
  const to = new Date();
  const from = new Date(to.getTime() - 90 * 60_000);
  const previousFrom = new Date(from.getTime() - 90 * 60_000);
  const topics = await topicsOf(s.project.readKey, `from=${from.toISOString()}&to=${to.toISOString()}`);
  const count = async (lo: Date, hi: Date) =>
    (
      await sql().query(`SELECT 1 FROM run_topics WHERE project_id = $1 AND start_time >= $2 AND start_time < $3`, [
        s.project.projectId,
        lo.toISOString(),
        hi.toISOString(),
      ])
    ).length;
  const previous = await count(previousFrom, from);
  expect(previous).toBeGreaterThan(0);
  expect(topics.reduce((s, x) => s + x.previousRunCount, 0)).toBe(previous);
  expect(topics.reduce((s, x) => s + x.runCount, 0)).toBe(await count(from, new Date(to.getTime() + 1)));
});

it("keeps projects apart and refuses bad parameters", async () => {
  expect(await topicsOf(b.readKey)).toEqual([]);
  const [topic] = await topicsOf(s.project.readKey);
  const other = await getJson(`/v1/runs?range=1d&topic=${topic!.id}`, b.readKey);
  expect(other.status).toBe(200);
  expect(other.body.data).toEqual([]);
  expect((await getJson(`/v1/topics?range=1d`, s.project.ingestKey)).status).toBe(403);
  for (const q of ["range=7y", "range=1d&sort=x", "range=1d&agent=a&agent=b"]) {
    const res = await getJson(`/v1/topics?${q}`, s.project.readKey);
    expect(res.status, q).toBe(400);
    expect(typeof res.body.error?.message).toBe("string");
  }
  // Too few prompts: no model, and the job says so by not producing one.
  const none = await recluster(sql(), b.projectId, "");
  expect(none.modelId).toBeNull();
});

it("names new topics with the optional model, keeps their names, and keeps the lexical label when it fails", async () => {
  // The fake model names a topic after the first top term it is shown.
  const llm = await startFakeLlm((messages) => `"Questions about ${/Top terms: (\w+)/.exec(messages.at(-1)!.content)?.[1] ?? "?"}."`);
  try {
    const config = { baseUrl: llm.baseUrl, apiKey: null, model: "small", embeddingModel: null };
    const [agent] = await sql().query<{ id: string }>(`SELECT id FROM agents WHERE project_id = $1 AND slug = 'shop-bot'`, [s.project.projectId]);
    llm.status = 500;
    const failed = await recluster(sql(), s.project.projectId, agent!.id, { llm: config });
    expect(failed.modelId).not.toBeNull();
    expect(failed).toMatchObject({ llmLabelled: 0, llmError: expect.stringMatching(/answered 500/) });
    for (const t of await topicsOf(s.project.readKey)) expect(t.label).toBe(t.keywords.slice(0, 3).join(", "));

    llm.status = null;
    llm.requests.length = 0;
    const named = await recluster(sql(), s.project.projectId, agent!.id, { llm: config });
    expect(named).toMatchObject({ llmLabelled: named.topics, llmError: null });
    expect(llm.requests.length).toBe(named.topics);
    expect(llm.requests.every((r) => r.path === "/v1/chat/completions" && /Example requests:\n- /.test(r.messages.at(-1)!.content))).toBe(true);
    const topics = await topicsOf(s.project.readKey);
    // The label the REST API gives is the model's (one line, quotes and the final period dropped).
    for (const t of topics) expect(t.label).toBe(`Questions about ${t.keywords[0]}`);
    // Topics that keep their ids keep their names: the model is not asked again.
    llm.requests.length = 0;
    await recluster(sql(), s.project.projectId, agent!.id, { llm: config });
    expect(llm.requests.length).toBe(0);
  } finally {
    await llm.close();
  }
});

it("clusters on the optional model's embeddings, and on words again (with the error in Settings) when they fail", async () => {
  // The fake embeddings group the prompts by a hidden label the words know nothing about (even or
  // odd place in their intent's list): two topics of mixed intents can only come from the vectors.
  const hidden = new Map(intents.flatMap((i) => i.prompts.map((p, n) => [p, n % 2 === 0 ? "even" : "odd"] as const)));
  const llm = await startFakeLlm(
    () => "unused",
    (inputs) => inputs.map((text) => fakeEmbedding(text, hidden.get(text) ?? null)),
  );
  const [agent] = await sql().query<{ id: string }>(`SELECT id FROM agents WHERE project_id = $1 AND slug = 'shop-bot'`, [s.project.projectId]);
  const config = { baseUrl: llm.baseUrl, apiKey: "k", model: null, embeddingModel: "embed-small" };
  const groupsOfTopics = async () => {
    const rows = await sql().query<{ run_id: string; topic_id: string | null }>(
      `SELECT run_id, topic_id FROM run_topics WHERE project_id = $1 AND run_id <> 'batch-job'`,
      [s.project.projectId],
    );
    return rows;
  };
  try {
    const r = await recluster(sql(), s.project.projectId, agent!.id, { embeddings: config });
    // Every prompt read (the corpus's 60 and an earlier test's new run) is embedded, in one request.
    expect(r).toMatchObject({ topics: 2, embedded: r.docs, embeddingError: null });
    expect(r.docs).toBeGreaterThanOrEqual(60);
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0]).toMatchObject({ path: "/v1/embeddings", model: "embed-small" });
    expect(llm.requests[0]!.input).toHaveLength(r.docs);
    const rows = await groupsOfTopics();
    const ofCorpus = new Set(intents.flatMap((i) => i.prompts.map((_, n) => `${i.intent}-${n}`)));
    const parityOf = (runId: string) => (ofCorpus.has(runId) ? Number(runId.split("-").at(-1)) % 2 : -1);
    for (const parity of [0, 1]) {
      const topicIds = new Set(rows.filter((row) => parityOf(row.run_id) === parity).map((row) => row.topic_id));
      expect(topicIds.size, `parity ${parity}`).toBe(1);
    }
    // The words still label the topics (each holds half of every intent, so any intent's term may lead).
    for (const t of await topicsOf(s.project.readKey)) expect(t.keywords.length).toBeGreaterThan(0);

    // The endpoint fails: the re-clustering goes on with words (one topic per intent again), and
    // Settings' engine errors say why.
    llm.status = 503;
    const fallback = await recluster(sql(), s.project.projectId, agent!.id, { embeddings: config });
    expect(fallback).toMatchObject({ topics: intents.length, embedded: 0, embeddingError: expect.stringMatching(/answered 503/) });
    const byIntent = await groupsOfTopics();
    // Each intent's most common topic is its own (the words place a stray prompt or two elsewhere).
    const topicOfIntent = intents.map((intent) => {
      const counts = new Map<string | null, number>();
      for (const row of byIntent) if (row.run_id.startsWith(`${intent.intent}-`)) counts.set(row.topic_id, (counts.get(row.topic_id) ?? 0) + 1);
      const [top, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
      expect(n, intent.intent).toBeGreaterThanOrEqual(10);
      return top;
    });
    expect(new Set(topicOfIntent).size).toBe(intents.length);
    const status = await getInsightStatus(sql(), s.project.projectId);
    expect(status.errors[0]!.message).toMatch(/^Topics \(agent .+\): embeddings failed: .*answered 503.*; clustered on words instead\.$/);

    // Out of time before the sample is embedded: words as well.
    llm.status = null;
    const late = await recluster(sql(), s.project.projectId, agent!.id, { embeddings: config, embedBudgetMs: -1 });
    expect(late).toMatchObject({ topics: intents.length, embedded: 0, embeddingError: expect.stringMatching(/ran out of time/) });
  } finally {
    await llm.close();
  }
});
