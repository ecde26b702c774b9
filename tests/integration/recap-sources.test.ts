// The figures a recap gathers from the rollups (tool calls and errors from the tool rollups,
// pattern counts from pattern_days, sessions, users and orgs from their own tables, failure groups
// in one read of both periods, topic runs against the whole previous period) against the same
// figures computed here from the stored runs, tool calls, pattern matches, topic assignments and
// feedback, or read as GET /v1/failures reads them, for a running week ("so far") and the week
// before, for all agents and one; then again with the week before's stored recap standing in for
// it.
import { expect, it } from "vitest";
import { periodContaining, previousPeriod } from "@/lib/insights/recaps/period";
import { listFailures } from "@/lib/server/data/failures";
import { gatherRecapInput, type RecapScope } from "@/lib/server/data/recaps";
import { recapStep } from "@/lib/server/insights/recaps";
import { FAILURE_LIST } from "@/lib/validations/lists";
import { withInstalledProject } from "../helpers/db";
import { postJson } from "../helpers/routes";

const sql = () => s.db.sql;
const HOUR = 3_600_000;
// A Thursday afternoon: the running week has three and a half days, the one before is whole.
const now = new Date("2026-11-19T15:20:00Z");
const TOOLS = ["search", "lookup_order", "refund", "send_email"];
const ERRORS = ["rate limit exceeded (429)", "context length exceeded", "upstream timeout after 30s", "invalid tool arguments"];

let seed = 11;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

const s = withInstalledProject(async () => {
  const items: unknown[] = [];
  const matches: Array<{ run: string; pattern: string; start: string; agent: string; session: string }> = [];
  for (let i = 0; i < 400; i++) {
    // Over the running week and the two before it.
    const start = new Date(now.getTime() - rand() * 17 * 24 * HOUR);
    const agent = rand() < 0.5 ? "support" : "billing";
    // Sessions of one day; the two below span a period with no run in it.
    const session = `s${Math.floor(start.getTime() / (24 * HOUR))}-${i % 4}`;
    const id = `run-${i}`;
    items.push({
      type: "run",
      run_id: id,
      session_id: session,
      start_time: start.toISOString(),
      end_time: new Date(start.getTime() + 1000).toISOString(),
      ...(rand() < 0.2 ? { status_code: 2, status_message: ERRORS[Math.floor(rand() * ERRORS.length)] } : { status_code: 0 }),
      prompt: { user_prompt: `question ${i}` },
      response: "ok",
      metadata: { "tcc.agent": agent, "tcc.userId": `u${(i * 7) % 45}`, "tcc.orgId": `o${i % 6}` },
    });
    const calls = Math.floor(rand() * 3);
    for (let c = 0; c < calls; c++) {
      const t = new Date(start.getTime() + c * 100);
      items.push({
        type: "tool_call",
        run_id: id,
        tool_call_id: `${id}-c${c}`,
        tool_name: TOOLS[Math.floor(rand() * TOOLS.length)],
        start_time: t.toISOString(),
        end_time: new Date(t.getTime() + 50).toISOString(),
        status_code: rand() < 0.25 ? 2 : 0,
      });
    }
    for (const pattern of ["frustration", "task_failure"]) if (rand() < 0.3) matches.push({ run: id, pattern, start: start.toISOString(), agent, session });
  }
  // Sessions, users and orgs with runs before and after a period and none in it are not among its
  // sessions, users and orgs: one around the week before (7 and 17 November), one around the
  // running week so far (12 and 20, after "now"). A user and org of the running week have a run
  // after "now" too. Runs at the very start of the week before and of the one before that.
  for (const [session, days, user] of [
    ["span-previous", ["2026-11-07T12:00:00Z", "2026-11-17T12:00:00Z"], "span-previous"],
    ["span-current", ["2026-11-12T12:00:00Z", "2026-11-20T12:00:00Z"], "span-current"],
    ["later", ["2026-11-20T09:00:00Z"], "u3"],
    ["edges", ["2026-11-02T00:00:00.000Z", "2026-11-09T00:00:00.000Z"], "u4"],
  ] as const) {
    for (const [i, start] of days.entries()) {
      if (session === "edges") matches.push({ run: `${session}-${i}`, pattern: "confusion", start, agent: "support", session });
      items.push({
        type: "run",
        run_id: `${session}-${i}`,
        session_id: session,
        start_time: start,
        end_time: new Date(Date.parse(start) + 1000).toISOString(),
        status_code: 0,
        prompt: { user_prompt: "still there?" },
        response: "ok",
        metadata: { "tcc.agent": "support", "tcc.userId": user, "tcc.orgId": user === "u3" ? "o3" : `org-${user}` },
      });
    }
  }
  for (let i = 0; i < items.length; i += 200) {
    const res = await postJson("/v1/custom", { type: "batch", items: items.slice(i, i + 200) }, s.project.ingestKey);
    expect(res.status, await res.clone().text()).toBeLessThan(300);
  }
  // Comments: few on the support agent's runs, many on billing's, some blank, some on runs never
  // received; several at the same instant.
  const comments: Array<{ id: string; run: string; score: number | null; text: string; at: string }> = [];
  let fb = 5;
  const frand = () => (fb = (fb * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (const item of items as Array<{ type: string; run_id: string; start_time: string; metadata?: Record<string, string> }>) {
    if (item.type !== "run") continue;
    const support = item.metadata?.["tcc.agent"] === "support";
    if (frand() >= (support ? 0.3 : 0.9)) continue;
    for (let k = support ? 1 : 3; k > 0; k--) {
      const n = comments.length;
      const at = new Date(Date.parse(item.start_time) + (n % 3 === 0 ? 0 : 60_000)).toISOString();
      const run = n % 11 === 0 ? `ghost-${n}` : item.run_id;
      comments.push({ id: `fb-${n}`, run, score: [1, -1, null][n % 3]!, text: n % 7 === 0 ? "  " : `comment ${n}`, at });
    }
  }
  await sql().query(
    `INSERT INTO feedback (id, project_id, run_id, score, text, source, dedupe_key, created_at)
     SELECT c.id, $1, c.run, c.score, c.text, 'api', c.id, c.at::timestamptz FROM jsonb_to_recordset($2::jsonb) AS c(id text, run text, score int, text text, at text)`,
    [s.project.projectId, JSON.stringify(comments)],
  );
  await sql().query(
    `INSERT INTO run_patterns (project_id, pattern_id, run_id, start_time, agent_id, session_id, evidence)
     SELECT $1, m.pattern, m.run, m.start::timestamptz, a.id, m.session, '[]'
     FROM jsonb_to_recordset($2::jsonb) AS m(run text, pattern text, start text, agent text, session text)
     JOIN agents a ON a.project_id = $1 AND a.name = m.agent`,
    [s.project.projectId, JSON.stringify(matches)],
  );
  // Two topics per agent, every run assigned to one.
  await sql().query(
    `INSERT INTO topics (project_id, id, agent_key, label, representative, centroid, size)
     SELECT $1, 'tp-' || a.name || '-' || k, a.id, a.name || ' ' || k, 'q', '{}', 1 FROM agents a CROSS JOIN (VALUES ('a'), ('b')) v(k) WHERE a.project_id = $1`,
    [s.project.projectId],
  );
  await sql().query(
    `INSERT INTO run_topics (project_id, run_id, topic_id, model_id, similarity, start_time, agent_key, session_id, user_id, errored, feedback_score, frustrated)
     SELECT r.project_id, r.id, 'tp-' || a.name || '-' || CASE WHEN r.id LIKE '%3' OR r.id LIKE '%7' OR r.id LIKE 'edges%' THEN 'a' ELSE 'b' END, 'm', 1, r.start_time,
       r.agent_id, r.session_id, r.user_id, r.status = 2, r.feedback_score, false
     FROM runs r JOIN agents a ON a.project_id = r.project_id AND a.id = r.agent_id WHERE r.project_id = $1`,
    [s.project.projectId],
  );
});

async function expected(agentId: string | null, prevStart: Date, start: Date, end: Date) {
  const p = [s.project.projectId, prevStart.toISOString(), start.toISOString(), end.toISOString(), agentId];
  const tools = await sql().query<{ name: string; calls: number; errors: number; previous_calls: number; previous_errors: number }>(
    `SELECT t.name, count(*) FILTER (WHERE t.start_time >= $3)::int AS calls, count(*) FILTER (WHERE t.start_time >= $3 AND t.status = 2)::int AS errors,
       count(*) FILTER (WHERE t.start_time < $3)::int AS previous_calls, count(*) FILTER (WHERE t.start_time < $3 AND t.status = 2)::int AS previous_errors
     FROM tool_calls t JOIN runs r ON r.project_id = t.project_id AND r.id = t.run_id
     WHERE t.project_id = $1 AND t.start_time >= $2 AND t.start_time < $4 AND ($5::text IS NULL OR r.agent_id = $5)
     GROUP BY t.name ORDER BY t.name`,
    p,
  );
  const patterns = await sql().query<{ pattern_id: string; runs: number; previous_runs: number; sessions: string[] | null }>(
    `SELECT pattern_id, count(*) FILTER (WHERE start_time >= $3)::int AS runs, count(*) FILTER (WHERE start_time < $3)::int AS previous_runs,
       array_agg(DISTINCT session_id) FILTER (WHERE start_time >= $3) AS sessions
     FROM run_patterns WHERE project_id = $1 AND start_time >= $2 AND start_time < $4 AND ($5::text IS NULL OR agent_id = $5)
     GROUP BY pattern_id ORDER BY pattern_id`,
    p,
  );
  const [sessions] = await sql().query<{ current: number; previous: number; users: number[]; orgs: number[] }>(
    `SELECT count(DISTINCT session_id) FILTER (WHERE start_time >= $3)::int AS current, count(DISTINCT session_id) FILTER (WHERE start_time < $3)::int AS previous,
       ARRAY[count(DISTINCT user_id) FILTER (WHERE start_time >= $3), count(DISTINCT user_id) FILTER (WHERE start_time < $3)]::int[] AS users,
       ARRAY[count(DISTINCT org_id) FILTER (WHERE start_time >= $3), count(DISTINCT org_id) FILTER (WHERE start_time < $3)]::int[] AS orgs
     FROM runs WHERE project_id = $1 AND start_time >= $2 AND start_time < $4 AND ($5::text IS NULL OR agent_id = $5)`,
    p,
  );
  const topics = await sql().query<{ topic_id: string; runs: number; previous_runs: number }>(
    `SELECT topic_id, count(*) FILTER (WHERE start_time >= $3)::int AS runs, count(*) FILTER (WHERE start_time < $3)::int AS previous_runs
     FROM run_topics WHERE project_id = $1 AND start_time >= $2 AND start_time < $4 AND ($5::text IS NULL OR agent_key = $5)
     GROUP BY topic_id ORDER BY topic_id`,
    p,
  );
  const comments = await sql().query<{ run_id: string; score: number | null; text: string }>(
    `SELECT f.run_id, f.score, f.text FROM feedback f JOIN runs r ON r.project_id = f.project_id AND r.id = f.run_id
     WHERE f.project_id = $1 AND f.created_at >= $2 AND f.created_at < $3 AND f.text IS NOT NULL AND btrim(f.text) <> '' AND ($4::text IS NULL OR r.agent_id = $4)
     ORDER BY (f.score = -1) DESC NULLS LAST, f.created_at DESC, f.id DESC LIMIT 20`,
    [s.project.projectId, start.toISOString(), end.toISOString(), agentId],
  );
  return { tools, patterns, sessions: sessions!, topics, comments };
}

const period = periodContaining(now, "week");

async function checkSources() {
  const previous = previousPeriod(period);
  const [agent] = await sql().query<{ id: string; name: string; slug: string }>(
    `SELECT id, name, slug FROM agents WHERE project_id = $1 AND name = 'support'`,
    [s.project.projectId],
  );
  for (const a of [null, agent!]) {
    const scope: RecapScope = { projectId: s.project.projectId, agent: a };
    const got = await gatherRecapInput(sql(), scope, period, previous, true, now);
    const e = await expected(a?.id ?? null, previous.start, period.start, now);
    expect(e.tools.length).toBe(TOOLS.length);
    expect([...got.tools].sort((x, y) => x.name.localeCompare(y.name))).toEqual(
      e.tools.map((t) => ({ name: t.name, calls: t.calls, errors: t.errors, previousCalls: t.previous_calls, previousErrors: t.previous_errors })),
    );
    expect(got.patterns.map((p) => [p.ref, p.runCount, p.previousRunCount]).sort()).toEqual(e.patterns.map((p) => [p.pattern_id, p.runs, p.previous_runs]));
    for (const p of got.patterns) {
      const sessions = e.patterns.find((x) => x.pattern_id === p.ref)!.sessions ?? [];
      expect(p.exampleSessionIds.length).toBe(Math.min(3, sessions.length));
      for (const id of p.exampleSessionIds) expect(sessions).toContain(id);
    }
    // Failure groups as GET /v1/failures counts them in each period.
    const failures = async (from: Date, to: Date, signatures?: string[]) => {
      const f = FAILURE_LIST.parse(
        new URLSearchParams({ from: from.toISOString(), to: new Date(to.getTime() - 1).toISOString(), limit: "100", ...(a ? { agent: a.slug } : {}) }),
      );
      return (await listFailures(sql(), s.project.projectId, f, { signatures })).data;
    };
    const current = await failures(period.start, now);
    const before = new Map(
      (
        await failures(
          previous.start,
          period.start,
          current.map((g) => g.signature),
        )
      ).map((g) => [g.signature, g.count]),
    );
    expect(current.length).toBeGreaterThan(1);
    expect(got.failures).toEqual(
      current.map((g) => ({
        signature: g.signature,
        kind: g.kind,
        tool: g.tool,
        message: g.message,
        count: g.count,
        previousCount: before.get(g.signature) ?? 0,
        firstSeenAt: new Date(g.groupFirstSeenAt),
      })),
    );
    expect(got.failures.some((g) => g.previousCount > 0)).toBe(true);
    expect([got.current.sessions, got.previous?.sessions]).toEqual([e.sessions.current, e.sessions.previous]);
    expect([got.current.users, got.previous?.users]).toEqual(e.sessions.users);
    expect([got.current.orgs, got.previous?.orgs]).toEqual(e.sessions.orgs);
    // Topic runs against the whole week before (not the same length of time before the week).
    expect(got.topics.map((t) => [t.id, t.runCount, t.previousRunCount]).sort()).toEqual(e.topics.map((t) => [t.topic_id, t.runs, t.previous_runs]));
    expect(e.comments.length).toBeGreaterThan(a ? 5 : 19);
    expect(got.comments).toEqual(e.comments.map((c) => ({ runId: c.run_id, score: c.score, text: c.text })));
    expect(e.sessions.current).toBeGreaterThan(0);
    // Each period has a session active in it (runs before and after) without a run in it.
    if (a) continue;
    for (const [from, to, counted] of [
      [previous.start, previous.end, e.sessions.previous],
      [period.start, now, e.sessions.current],
    ] as const) {
      const [active] = await sql().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM sessions WHERE project_id = $1 AND last_run_at >= $2 AND first_run_at < $3`,
        [s.project.projectId, from.toISOString(), to.toISOString()],
      );
      expect(active!.n).toBeGreaterThan(counted);
    }
    for (const [from, to, counted] of [
      [previous.start, previous.end, e.sessions.users[1]!],
      [period.start, now, e.sessions.users[0]!],
    ] as const) {
      const [active] = await sql().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM end_users WHERE project_id = $1 AND last_seen >= $2 AND first_seen < $3`,
        [s.project.projectId, from.toISOString(), to.toISOString()],
      );
      expect(active!.n).toBeGreaterThan(counted);
    }
  }
}

async function scopes(): Promise<RecapScope[]> {
  const [agent] = await sql().query<{ id: string; name: string; slug: string }>(
    `SELECT id, name, slug FROM agents WHERE project_id = $1 AND name = 'support'`,
    [s.project.projectId],
  );
  return [null, agent!].map((a) => ({ projectId: s.project.projectId, agent: a }));
}

it("gathers tool calls and errors, pattern counts with example sessions, and sessions as the stored rows give them", async () => {
  await checkSources();
});

it("gives the same figures when the previous period's stored recap (its totals, tools and patterns) stands in for it", async () => {
  // The recap is written once the data has settled: runs written an hour before `now`, and nothing
  // left for the insight engine (this test stored the pattern matches itself).
  await sql().query(`UPDATE runs SET updated_at = $2 WHERE project_id = $1`, [s.project.projectId, new Date(now.getTime() - HOUR).toISOString()]);
  await sql().query(`DELETE FROM insight_queue WHERE project_id = $1`, [s.project.projectId]);
  expect(await recapStep(sql(), { timeZone: "UTC", webhookUrl: null, baseUrl: null }, now, new Map())).toBeGreaterThan(0);
  const [week] = await sql().query<{ tools: number; patterns: number }>(
    `SELECT jsonb_array_length(content->'basis'->'tools')::int AS tools, jsonb_array_length(content->'basis'->'patterns')::int AS patterns
     FROM recaps WHERE project_id = $1 AND agent_key = '' AND kind = 'week' AND period_key = $2`,
    [s.project.projectId, previousPeriod(period).key],
  );
  // frustration, task_failure, and confusion at the week's first instant.
  expect(week).toEqual({ tools: TOOLS.length, patterns: 3 });
  await checkSources();
  // And they are what "so far" reads for the previous period.
  await sql().query(
    `UPDATE recaps SET content = jsonb_set(jsonb_set(content, '{basis,tools,0,calls}', '9999'), '{stats,runs,current}', '8888')
     WHERE project_id = $1 AND agent_key = '' AND kind = 'week'`,
    [s.project.projectId],
  );
  const got = await gatherRecapInput(sql(), { projectId: s.project.projectId, agent: null }, period, previousPeriod(period), true, now);
  expect(got.previous?.runs).toBe(8888);
  expect(got.tools.some((t) => t.previousCalls === 9999)).toBe(true);
});

it("counts a finished week's users, orgs, pattern and topic runs against the whole week before it, from its first instant, and the day so far", async () => {
  const week = previousPeriod(period);
  const before = previousPeriod(week);
  for (const scope of await scopes()) {
    const got = await gatherRecapInput(sql(), scope, week, before, false, now);
    const e = await expected(scope.agent?.id ?? null, before.start, week.start, week.end);
    // A run at the very start of each week, with a topic.
    expect(e.topics.find((t) => t.topic_id === "tp-support-a")!.previous_runs).toBeGreaterThan(0);
    expect(got.topics.map((t) => [t.id, t.runCount, t.previousRunCount]).sort()).toEqual(e.topics.map((t) => [t.topic_id, t.runs, t.previous_runs]));
    expect([got.current.users, got.previous?.users, got.current.orgs, got.previous?.orgs]).toEqual([...e.sessions.users, ...e.sessions.orgs]);
    // Pattern matches at the very start of each week.
    expect(e.patterns.find((p) => p.pattern_id === "confusion")).toMatchObject({ runs: 1, previous_runs: 1 });
    expect(got.patterns.map((p) => [p.ref, p.runCount, p.previousRunCount]).sort()).toEqual(e.patterns.map((p) => [p.pattern_id, p.runs, p.previous_runs]));
  }
  // The day so far and the day before (pattern runs from the hours of their days).
  const day = periodContaining(now, "day");
  for (const scope of await scopes()) {
    const got = await gatherRecapInput(sql(), scope, day, previousPeriod(day), true, now);
    const e = await expected(scope.agent?.id ?? null, previousPeriod(day).start, day.start, now);
    expect(e.patterns.length).toBeGreaterThan(0);
    expect(got.patterns.map((p) => [p.ref, p.runCount, p.previousRunCount]).sort()).toEqual(e.patterns.map((p) => [p.pattern_id, p.runs, p.previous_runs]));
    expect([got.current.users, got.current.orgs, got.current.sessions]).toEqual([e.sessions.users[0], e.sessions.orgs[0], e.sessions.current]);
  }
});
