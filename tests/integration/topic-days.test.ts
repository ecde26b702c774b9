// topic_days (migration 0020_topic_days): the per-topic hourly counts and session/user sketches kept
// by triggers on run_topics, and the topic reads that use them for windows of more than two days.
// Assignments are written as the engine writes them (writeRunTopics: first assignment, a
// re-clustering that moves runs between topics or leaves them without one, a run deleted), then
// every figure of the rollup read is compared with the read of every run_topics row.
import { describe, expect, it } from "vitest";
import { listTopics, writeRunTopics, type RunTopicWrite, type TopicList } from "@/lib/server/data/topics";
import { EXACT_MAX } from "@/lib/server/data/topic-counts";
import { clearTopicDayCache, topicDayCacheSize } from "@/lib/server/data/topic-day-cache";
import { rebuildStaleTopicDays } from "@/lib/server/insights/topic-days";
import { withTestDb } from "../helpers/db";

const sql = () => s.db.sql;
const P = "prj_tdays";
const DAY = 86_400_000;
// Not on a whole hour, so every window has partial hours at its edges.
const now = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 17 * 60_000 - 4_321;

// A fixed pseudo-random sequence, so a failure can be replayed.
let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

interface Run {
  id: string;
  topic: string;
  start: string;
  agent: string;
  session: string | null;
  user: string | null;
  errored: boolean;
  feedback: number | null;
  frustrated: boolean;
}

function runs(topic: string, agent: string | null, n: number, sessions: number, users: number): Run[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${topic}-${i}`,
    topic,
    // Over the last 62 days: a 30-day window and the one before, and a little older.
    start: new Date(now - rand() * 62 * DAY).toISOString(),
    agent: agent ?? (rand() < 0.5 ? "agt_a" : "agt_b"),
    session: rand() < 0.05 ? null : `s${Math.floor(rand() * sessions)}`,
    user: rand() < 0.05 ? null : `u${Math.floor(rand() * users)}`,
    errored: rand() < 0.2,
    feedback: rand() < 0.1 ? 1 : rand() < 0.1 ? -1 : null,
    frustrated: rand() < 0.15,
  }));
}

/** A project with one agent and one topic of it, for a test of its own. */
async function oneTopicProject(projectId: string, tag: string) {
  await sql().query(`INSERT INTO projects (id, name, slug) VALUES ($1, $2, $3)`, [projectId, `Topic ${tag}`, `t${tag}`]);
  await sql().query(`INSERT INTO agents (id, project_id, name, slug) VALUES ($1, $2, $3, $3)`, [`agt_${tag}`, projectId, tag]);
  await sql().query(`INSERT INTO topics (project_id, id, agent_key, label, representative, centroid, size) VALUES ($1, $2, $3, $4, $4, '{}', 1)`, [
    projectId,
    `top_${tag}`,
    `agt_${tag}`,
    tag,
  ]);
}

/** `n` runs of the project's one topic (oneTopicProject) spread evenly over [a, b), each with a session and user of its own. */
const spreadRuns = (tag: string, runTag: string, n: number, a: number, b: number): Run[] =>
  Array.from({ length: n }, (_, i) => {
    const id = `${runTag}-${i}`;
    const start = new Date(a + ((b - a) * (i + 0.5)) / n).toISOString();
    return { id, topic: `top_${tag}`, start, agent: `agt_${tag}`, session: `s-${id}`, user: `u-${id}`, errored: false, feedback: null, frustrated: false };
  });

const write = (r: Run, topicId: string | null, similarity = 0.5, projectId = P): RunTopicWrite => ({
  projectId,
  runId: r.id,
  topicId,
  similarity,
  modelId: "tm_1",
  startTime: new Date(r.start),
  agentKey: r.agent,
  sessionId: r.session,
  userId: r.user,
  errored: r.errored,
  feedbackScore: r.feedback,
});

async function store(rows: Run[], project = P) {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const json = JSON.stringify(chunk);
    await sql().query(
      `INSERT INTO runs (project_id, id, source, agent_id, session_id, user_id, start_time, conversational)
       SELECT $1, id, 'test', agent, session, "user", start::timestamptz, true FROM jsonb_to_recordset($2::jsonb) AS r(id text, agent text, session text, "user" text, start text)`,
      [project, json],
    );
    // writeRunTopics reads frustration from the run's patterns.
    await sql().query(
      `INSERT INTO run_patterns (project_id, pattern_id, run_id, start_time, agent_id, session_id, user_id, evidence)
       SELECT $1, 'frustration', id, start::timestamptz, agent, session, "user", '[]'
       FROM jsonb_to_recordset($2::jsonb) AS r(id text, agent text, session text, "user" text, start text, frustrated boolean) WHERE frustrated`,
      [project, json],
    );
    await sql().transaction((tx) =>
      writeRunTopics(
        tx,
        chunk.map((r) => write(r, r.topic, 0.5, project)),
      ),
    );
  }
}

/** Every day row's hourly runs equal the assignments of its hour (and no day is missing). */
async function daysMatchRows() {
  const diff = await sql().query(
    `WITH truth AS (
       SELECT topic_id, agent_key, date_trunc('hour', start_time, 'UTC') AS hour, count(*)::int AS n, count(*) FILTER (WHERE errored)::int AS e,
         count(*) FILTER (WHERE frustrated)::int AS f
       FROM run_topics WHERE project_id = $1 GROUP BY 1, 2, 3),
     kept AS (
       SELECT topic_id, agent_key, day + (h - 1) * interval '1 hour' AS hour, runs[h] AS n, errors[h] AS e, frustrated[h] AS f
       FROM topic_days CROSS JOIN generate_series(1, 24) AS h WHERE project_id = $1 AND runs[h] <> 0)
     SELECT * FROM truth t FULL JOIN kept k USING (topic_id, agent_key, hour) WHERE (t.n, t.e, t.f) IS DISTINCT FROM (k.n, k.e, k.f)`,
    [P],
  );
  expect(diff).toEqual([]);
}

const windows = [
  { from: new Date(now - 30 * DAY), to: new Date(now) },
  { from: new Date(now - 7 * DAY - 5 * 3_600_000), to: new Date(now - 2 * DAY) },
  // Short windows read run_topics alone, unless sessions and users are not asked for.
  { from: new Date(now - DAY), to: new Date(now) },
  { from: new Date(now - 5 * 3_600_000 - 99_000), to: new Date(now - 3_600_000) },
];

const noDistinct = (l: TopicList) => ({ ...l, data: l.data.map((t) => ({ ...t, sessionCount: 0, userCount: 0 })) });

const byId = (l: TopicList) => new Map(l.data.map((t) => [t.id, t]));

/** The rollup read against the raw read, for every window, all agents and one, and a topic page. */
async function check(tolerance = 0.07) {
  for (const w of windows) {
    for (const agentKey of [undefined, "agt_a"]) {
      const window = { ...w, range: null };
      const fast = await listTopics(sql(), P, { window, agentKey });
      const raw = await listTopics(sql(), P, { window, agentKey, exact: true });
      expect([fast.totalRuns, fast.previousTotalRuns]).toEqual([raw.totalRuns, raw.previousTotalRuns]);
      // Without sessions and users (the recaps): every other figure as the raw read gives it.
      expect(await listTopics(sql(), P, { window, agentKey, distinct: false })).toEqual(noDistinct(raw));
      expect(fast.data.map((t) => t.id)).toEqual(raw.data.map((t) => t.id));
      const exact = byId(raw);
      // Exact sessions and users: the smallest topics with runs, while their runs add up to EXACT_MAX.
      const exactIds = new Set<string>();
      let read = 0;
      for (const t of [...raw.data].filter((t) => t.runCount > 0).sort((a, b) => a.runCount - b.runCount)) {
        if (read + t.runCount > EXACT_MAX) break;
        read += t.runCount;
        exactIds.add(t.id);
      }
      for (const t of fast.data) {
        const e = exact.get(t.id)!;
        if (e.runCount === 0 || exactIds.has(t.id)) expect(t).toEqual(e);
        else {
          expect({ ...t, sessionCount: 0, userCount: 0 }).toEqual({ ...e, sessionCount: 0, userCount: 0 });
          // Estimated: HyperLogLog with 2,048 registers (standard error 2.3%), over whole days.
          expect(Math.abs(t.sessionCount - e.sessionCount) / e.sessionCount).toBeLessThan(tolerance);
          expect(Math.abs(t.userCount - e.userCount) / e.userCount).toBeLessThan(tolerance);
        }
      }
    }
    const topicId = "top_mid";
    const one = await listTopics(sql(), P, { window: { ...w, range: null }, topicId });
    const oneRaw = await listTopics(sql(), P, { window: { ...w, range: null }, topicId, exact: true });
    expect(one).toEqual(oneRaw);
  }
  return listTopics(sql(), P, { window: { ...windows[0]!, range: null } });
}

const all: Run[] = [];

const s = withTestDb(async () => {
  await sql().query(`INSERT INTO projects (id, name, slug) VALUES ($1, 'Topic days', 'tdays')`, [P]);
  await sql().query(`INSERT INTO agents (id, project_id, name, slug) VALUES ('agt_a', $1, 'Alpha', 'alpha'), ('agt_b', $1, 'Beta', 'beta')`, [P]);
  await sql().query(
    `INSERT INTO topics (project_id, id, agent_key, label, representative, centroid, size)
     VALUES ($1, 'top_big', 'agt_a', 'big', 'b', '{}', 1), ($1, 'top_mid', 'agt_a', 'mid', 'm', '{}', 1), ($1, 'top_b', 'agt_b', 'other', 'o', '{}', 1),
       ($1, 'top_new', 'agt_a', 'new', 'n', '{}', 1)`,
    [P],
  );
  // top_big: above EXACT_MAX in a 30-day window (estimated sessions and users); the others below.
  all.push(...runs("top_big", "agt_a", 8_000, 5_000, 1_500), ...runs("top_mid", "agt_a", 900, 500, 200), ...runs("top_b", "agt_b", 700, 400, 100));
  await store(all);
});

describe("topic_days", () => {
  it("holds each hour's runs, errors and frustrated runs per topic and agent as runs are assigned", async () => {
    await daysMatchRows();
    expect(await sql().query(`SELECT 1 FROM topic_days WHERE stale`)).toEqual([]);
  });

  it("gives the topics list and the topic page the same figures as every run's assignment, for all agents and one", async () => {
    const list = byId(await check());
    expect(list.get("top_big")!.runCount).toBeGreaterThan(EXACT_MAX);
    expect(list.get("top_mid")!.runCount).toBeLessThanOrEqual(EXACT_MAX);
    expect(list.get("top_mid")!.thumbsUp + list.get("top_mid")!.thumbsDown).toBeGreaterThan(0);
    // An active topic without runs is listed.
    expect(list.get("top_new")!.runCount).toBe(0);
  });

  it("follows a re-clustering that moves runs between topics or leaves them without one; stale days are rebuilt", async () => {
    const big = all.filter((r) => r.topic === "top_big");
    // Every run read is written again (new similarity); one in four moves, one in twenty loses its topic.
    const rewrites = big.map((r, i) => write(r, i % 20 === 1 ? null : i % 4 === 0 ? "top_mid" : "top_big", 0.9));
    for (let i = 0; i < rewrites.length; i += 1000) await sql().transaction((tx) => writeRunTopics(tx, rewrites.slice(i, i + 1000)));
    await daysMatchRows();
    expect((await sql().query(`SELECT 1 FROM topic_days WHERE stale`)).length).toBeGreaterThan(0);
    const list = byId(await check(0.15));
    // Runs left top_big: its estimated sessions and users may count them until its days are rebuilt.
    expect(list.get("top_big")!.runCount).toBeGreaterThan(EXACT_MAX);
    while ((await rebuildStaleTopicDays(sql())) > 0);
    expect(await sql().query(`SELECT 1 FROM topic_days WHERE stale`)).toEqual([]);
    await daysMatchRows();
    await check();
  });

  it("counts the sessions and users of a window's partial first and last days inside the window only", async () => {
    // A topic above EXACT_MAX (estimated) whose users each come once, on the edge days of a window
    // from 18:00 to 09:00 two days and a half later: before it on its first day, in it, after it.
    const E = "prj_tedge";
    await oneTopicProject(E, "edge");
    const day0 = Math.floor(now / DAY) * DAY - 10 * DAY;
    const from = day0 + 18 * 3_600_000;
    const to = day0 + 3 * DAY + 9 * 3_600_000;
    const spread = (runTag: string, n: number, a: number, b: number) => spreadRuns("edge", runTag, n, a, b);
    await store([...spread("before", 1_200, day0, from), ...spread("in", 2_400, from, to), ...spread("after", 1_200, to + 1, day0 + 4 * DAY)], E);
    const window = { from: new Date(from), to: new Date(to), range: null };
    const [fast] = (await listTopics(sql(), E, { window })).data;
    const [raw] = (await listTopics(sql(), E, { window, exact: true })).data;
    expect([fast!.runCount, raw!.runCount, raw!.userCount, raw!.sessionCount]).toEqual([2_400, 2_400, 2_400, 2_400]);
    // Estimated over the window's own runs: within HyperLogLog's error, not up to twice as many.
    expect(Math.abs(fast!.userCount - 2_400) / 2_400).toBeLessThan(0.07);
    expect(Math.abs(fast!.sessionCount - 2_400) / 2_400).toBeLessThan(0.07);
  });

  it("reads a closed day's sketches again once the day's rows change, and keeps them while they do not", async () => {
    // A topic above EXACT_MAX (estimated) over a closed window of five whole days; its merged day
    // sketches are kept per process (topic-day-cache.ts) and must follow a late run's new users.
    const K = "prj_tkeep";
    await oneTopicProject(K, "kept");
    const from = Math.floor(now / DAY) * DAY - 20 * DAY;
    const to = from + 5 * DAY;
    const spread = (runTag: string, n: number, a: number, b: number) => spreadRuns("kept", runTag, n, a, b);
    await store(spread("first", 3_000, from, to), K);
    const window = { from: new Date(from), to: new Date(to), range: null };
    clearTopicDayCache();
    const [before] = (await listTopics(sql(), K, { window })).data;
    // Whole days only: no partial day, so no slices kept.
    expect(topicDayCacheSize()).toEqual({ days: 5, spans: 1, edges: 0 });
    expect(Math.abs(before!.userCount - 3_000) / 3_000).toBeLessThan(0.07);
    expect((await listTopics(sql(), K, { window })).data[0]).toEqual(before);
    // Late runs on the window's third day, each with a new session and user.
    await store(spread("late", 3_000, from + 2 * DAY, from + 3 * DAY), K);
    const [after] = (await listTopics(sql(), K, { window })).data;
    const [raw] = (await listTopics(sql(), K, { window, exact: true })).data;
    expect([after!.runCount, raw!.userCount, raw!.sessionCount]).toEqual([6_000, 6_000, 6_000]);
    expect(Math.abs(after!.userCount - 6_000) / 6_000).toBeLessThan(0.07);
    expect(Math.abs(after!.sessionCount - 6_000) / 6_000).toBeLessThan(0.07);
    // A re-clustering that takes the late runs away from the topic.
    await writeRunTopics(
      sql(),
      spread("late", 3_000, from + 2 * DAY, from + 3 * DAY).map((r) => write(r, null, 0.5, K)),
    );
    while ((await rebuildStaleTopicDays(sql())) > 0);
    const [moved] = (await listTopics(sql(), K, { window })).data;
    expect(moved!.runCount).toBe(3_000);
    expect(Math.abs(moved!.userCount - 3_000) / 3_000).toBeLessThan(0.07);
  });

  it("counts a window that ends now from its running day's sketch and its first day's slices, kept until that day changes", async () => {
    // A topic above EXACT_MAX whose users each come once, over the last two days up to now; the
    // last 24 hours read the running day's sketch and the first, partial day's runs, whose whole
    // 5-minute slices are kept (topic-day-cache.ts).
    const N = "prj_tnow";
    await oneTopicProject(N, "now");
    const end = Date.now() - 60_000;
    const spread = (runTag: string, n: number, a: number, b: number) => spreadRuns("now", runTag, n, a, b);
    await store(spread("old", 6_000, end - 2 * DAY, end), N);
    const window = { from: new Date(Date.now() - DAY), to: new Date(Date.now()), range: null };
    const exactOf = async () => (await listTopics(sql(), N, { window, exact: true })).data[0]!;
    clearTopicDayCache();
    const [fast] = (await listTopics(sql(), N, { window })).data;
    const raw = await exactOf();
    expect(fast!.runCount).toBe(raw.runCount);
    expect(Math.abs(fast!.userCount - raw.userCount) / raw.userCount).toBeLessThan(0.07);
    expect(Math.abs(fast!.sessionCount - raw.sessionCount) / raw.sessionCount).toBeLessThan(0.07);
    // The first day's whole slices are kept when the window starts before the day's last slice.
    const startsLate = window.from.getTime() % DAY > DAY - 5 * 60_000;
    expect(topicDayCacheSize().edges).toBe(startsLate ? 0 : 1);
    expect((await listTopics(sql(), N, { window })).data[0]).toEqual(fast);
    // Late runs in the window's first, partial day (new sessions and users): counted, though that
    // day's slices were kept.
    const firstDayEnd = Math.ceil(window.from.getTime() / DAY) * DAY;
    await store(spread("late", 2_000, window.from.getTime() + 1_000, firstDayEnd), N);
    const [after] = (await listTopics(sql(), N, { window })).data;
    const rawAfter = await exactOf();
    expect(after!.runCount).toBe(rawAfter.runCount);
    expect(rawAfter.userCount).toBeGreaterThan(raw.userCount + 1_900);
    expect(Math.abs(after!.userCount - rawAfter.userCount) / rawAfter.userCount).toBeLessThan(0.07);
  });

  it("counts a window from midnight UTC to now from its whole days' sketches alone", async () => {
    // No partial day at either edge: the first starts the window, the running one is taken whole.
    const M = "prj_tmid";
    await oneTopicProject(M, "mid");
    const end = Date.now() - 60_000;
    await store(spreadRuns("mid", "m", 6_000, end - 4 * DAY, end), M);
    const window = { from: new Date(Math.floor(Date.now() / DAY) * DAY - 3 * DAY), to: new Date(Date.now()), range: null };
    const [fast] = (await listTopics(sql(), M, { window })).data;
    const [raw] = (await listTopics(sql(), M, { window, exact: true })).data;
    expect(fast!.runCount).toBe(raw!.runCount);
    expect(raw!.runCount).toBeGreaterThan(EXACT_MAX);
    expect(Math.abs(fast!.userCount - raw!.userCount) / raw!.userCount).toBeLessThan(0.07);
    expect(Math.abs(fast!.sessionCount - raw!.sessionCount) / raw!.sessionCount).toBeLessThan(0.07);
  });

  it("counts a window under 3 hours without sessions and users, as a recap's first hours do", async () => {
    // Read from run_topics alone; the statement once got a parameter it did not use (a 5xx for the
    // day's recap "so far" from midnight to 03:00 UTC).
    const window = { from: new Date(now - 2 * 3_600_000), to: new Date(now), range: null };
    const short = await listTopics(sql(), P, { window, distinct: false });
    const raw = await listTopics(sql(), P, { window, exact: true });
    expect(short).toEqual(noDistinct(raw));
    expect(short.totalRuns).toBeGreaterThan(0);
  });

  it("follows deleted runs, down to no day at all", async () => {
    await sql().query(`DELETE FROM runs WHERE project_id = $1 AND id LIKE 'top_mid-1%'`, [P]);
    await daysMatchRows();
    await check(0.15);
    while ((await rebuildStaleTopicDays(sql())) > 0);
    await check();
    await sql().query(`DELETE FROM runs WHERE project_id = $1`, [P]);
    while ((await rebuildStaleTopicDays(sql())) > 0);
    expect(await sql().query(`SELECT 1 FROM topic_days WHERE project_id = $1`, [P])).toEqual([]);
    const list = await listTopics(sql(), P, { window: { ...windows[0]!, range: null } });
    expect(list.totalRuns).toBe(0);
    expect(list.data.every((t) => t.runCount === 0 && t.sessionCount === 0)).toBe(true);
  });
});
