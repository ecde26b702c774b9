// pattern_days (migration 0013_patterns_perf): the per-day counts and session/user sketches kept by
// triggers on run_patterns, and the pattern reads that use them for long windows. Matches are
// written straight into run_patterns (as the engine writes them: inserts, found again with a new
// start time or agent, deleted), then every figure is compared with one computed from the matches.
import { describe, expect, it } from "vitest";
import { getPattern, listPatterns, patternsOverview, EXACT_MAX } from "@/lib/server/data/patterns";
import { rebuildStalePatternDays } from "@/lib/server/insights/pattern-days";
import { PATTERN_LIST } from "@/lib/validations/lists";
import { withTestDb } from "../helpers/db";

const sql = () => s.db.sql;
const P = "prj_days";
const now = Date.now();
const DAY = 86_400_000;

// A fixed pseudo-random sequence, so a failure can be replayed.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

interface Match {
  pattern: string;
  run: string;
  start: string;
  agent: string | null;
  session: string | null;
  user: string | null;
}

function matches(pattern: string, n: number, sessions: number, users: number): Match[] {
  return Array.from({ length: n }, (_, i) => ({
    pattern,
    run: `${pattern}-${i}`,
    // Over the last 62 days: the 30-day window and the one before, and a little older.
    start: new Date(now - rand() * 62 * DAY).toISOString(),
    agent: rand() < 0.1 ? null : rand() < 0.5 ? "agt_a" : "agt_b",
    session: rand() < 0.05 ? null : `s${Math.floor(rand() * sessions)}`,
    user: rand() < 0.05 ? null : `u${Math.floor(rand() * users)}`,
  }));
}

async function insert(rows: Match[], project = P) {
  for (let i = 0; i < rows.length; i += 500) {
    await sql().query(
      `INSERT INTO run_patterns (project_id, pattern_id, run_id, start_time, agent_id, session_id, user_id, evidence)
       SELECT $1, pattern, run, start::timestamptz, agent, session, "user", '[]' FROM jsonb_to_recordset($2::jsonb)
         AS m(pattern text, run text, start text, agent text, session text, "user" text)`,
      [project, JSON.stringify(rows.slice(i, i + 500))],
    );
  }
}

const list = (params: string) => PATTERN_LIST.parse(new URLSearchParams(params));

/** `n` task_failure matches spread evenly over [a, b), each with a session and user of its own. */
const spreadMatches = (tag: string, n: number, a: number, b: number): Match[] =>
  Array.from({ length: n }, (_, i) => {
    const run = `${tag}-${i}`;
    return { pattern: "task_failure", run, start: new Date(a + ((b - a) * (i + 0.5)) / n).toISOString(), agent: null, session: `s-${run}`, user: `u-${run}` };
  });

/** The figures of a window computed from every match. */
async function expected(pattern: string, range: "1M" | "1w", agent: string | null) {
  const f = list(`range=${range}`);
  const len = f.window.to.getTime() - f.window.from.getTime();
  const params = [P, pattern, f.window.from.toISOString(), f.window.to.toISOString(), new Date(f.window.from.getTime() - len).toISOString(), agent];
  const [row] = await sql().query<{ runs: number; sessions: number; users: number; previous: number; last: Date | string | null }>(
    `SELECT count(*) FILTER (WHERE start_time >= $3)::int AS runs,
            count(DISTINCT session_id) FILTER (WHERE start_time >= $3)::int AS sessions,
            count(DISTINCT user_id) FILTER (WHERE start_time >= $3)::int AS users,
            count(*) FILTER (WHERE start_time < $3)::int AS previous, max(start_time) AS last
     FROM run_patterns WHERE project_id = $1 AND pattern_id = $2 AND start_time >= $5 AND start_time <= $4
       AND ($6::text IS NULL OR agent_id = $6)`,
    params,
  );
  const days = await sql().query<{ day: Date | string; n: number }>(
    `SELECT date_trunc('day', start_time, 'UTC') AS day, count(*)::int AS n FROM run_patterns
     WHERE project_id = $1 AND pattern_id = $2 AND start_time >= $3 AND start_time <= $4 AND ($5::text IS NULL OR agent_id = $5) GROUP BY 1`,
    [P, pattern, f.window.from.toISOString(), f.window.to.toISOString(), agent],
  );
  return { ...row!, days: new Map(days.map((d) => [new Date(d.day).toISOString(), d.n])) };
}

/** Every day row's runs equal the matches of its day (and no day is missing). */
async function daysMatchRows() {
  const diff = await sql().query(
    `WITH truth AS (
       SELECT pattern_id, a.agent_key, date_trunc('day', start_time, 'UTC') AS day, count(*)::int AS n
       FROM run_patterns CROSS JOIN LATERAL (VALUES (COALESCE(agent_id, '')), ('*')) AS a(agent_key)
       WHERE project_id = $1 GROUP BY 1, 2, 3)
     SELECT * FROM truth t FULL JOIN (SELECT * FROM pattern_days WHERE project_id = $1 AND runs <> 0) d
       ON d.pattern_id = t.pattern_id AND d.agent_key = t.agent_key AND d.day = t.day
     WHERE t.n IS DISTINCT FROM d.runs`,
    [P],
  );
  expect(diff).toEqual([]);
}

/** `tolerance`: of the estimated sessions and users (stale days may still count matches that left). */
async function check(agent: string | null, tolerance = 0.07) {
  const f = list(`range=1M${agent ? `&agent=${agent === "agt_a" ? "alpha" : "beta"}` : ""}`);
  const got = Object.fromEntries((await listPatterns(sql(), P, f)).map((p) => [p.id, p]));
  const overview = Object.fromEntries((await patternsOverview(sql(), P, f)).patterns.map((p) => [p.id, p]));
  for (const pattern of ["task_failure", "frustration"]) {
    const e = await expected(pattern, "1M", agent);
    const g = got[pattern]!;
    expect([g.runCount, g.previousRunCount, g.lastSeenAt]).toEqual([e.runs, e.previous, e.last ? new Date(e.last).toISOString() : null]);
    if (e.runs <= EXACT_MAX) {
      expect([g.sessionCount, g.userCount]).toEqual([e.sessions, e.users]);
    } else {
      // Estimated: HyperLogLog with 2,048 registers (standard error 2.3%), over whole days.
      expect(Math.abs(g.sessionCount - e.sessions) / e.sessions).toBeLessThan(tolerance);
      expect(Math.abs(g.userCount - e.users) / e.users).toBeLessThan(tolerance);
    }
    const trend = overview[pattern]!.trend;
    expect(trend.reduce((s, p) => s + p.runs, 0)).toBe(e.runs);
    for (const p of trend) expect([p.t, p.runs]).toEqual([p.t, e.days.get(p.t) ?? 0]);
    expect(overview[pattern]!.runCount).toBe(e.runs);
  }
  return got;
}

const s = withTestDb(async () => {
  await sql().query(`INSERT INTO projects (id, name, slug) VALUES ($1, 'Days', 'days')`, [P]);
  await sql().query(`INSERT INTO agents (id, project_id, name, slug) VALUES ('agt_a', $1, 'Alpha', 'alpha'), ('agt_b', $1, 'Beta', 'beta')`, [P]);
  // task_failure: above EXACT_MAX in the window (estimated sessions and users); frustration: below.
  await insert([...matches("task_failure", 6_000, 4_000, 1_500), ...matches("frustration", 400, 300, 200)]);
});

describe("pattern_days", () => {
  it("holds each day's runs per pattern and agent as matches are inserted", async () => {
    await daysMatchRows();
    expect(await sql().query(`SELECT 1 FROM pattern_days WHERE stale`)).toEqual([]);
  });

  it("gives /patterns and GET /v1/patterns the same runs, previous runs, last match and trend as the matches, for all agents and one", async () => {
    const all = await check(null);
    expect(all.task_failure!.runCount).toBeGreaterThan(EXACT_MAX);
    expect(all.frustration!.runCount).toBeLessThanOrEqual(EXACT_MAX);
    await check("agt_a");
    const detail = await getPattern(sql(), P, "task_failure", list("range=1M"));
    expect(detail!.runCount).toBe(all.task_failure!.runCount);
    expect(detail!.series.points.reduce((s, p) => s + p.runs, 0)).toBe(all.task_failure!.runCount);
  });

  it("follows matches found again with another start time or agent, and matches that are gone; stale days are rebuilt", async () => {
    await sql().query(
      `UPDATE run_patterns SET start_time = start_time - interval '3 days', agent_id = CASE WHEN agent_id = 'agt_a' THEN 'agt_b' ELSE 'agt_a' END
       WHERE project_id = $1 AND pattern_id = 'task_failure' AND run_id LIKE 'task_failure-1%'`,
      [P],
    );
    // Found again unchanged (new evidence): no day moves.
    await sql().query(`UPDATE run_patterns SET evidence = '[{"source":"run"}]' WHERE project_id = $1 AND pattern_id = 'frustration'`, [P]);
    await sql().query(`DELETE FROM run_patterns WHERE project_id = $1 AND run_id LIKE 'task_failure-2%'`, [P]);
    await daysMatchRows();
    expect((await sql().query(`SELECT 1 FROM pattern_days WHERE stale`)).length).toBeGreaterThan(0);
    await check(null, 0.15);
    while ((await rebuildStalePatternDays(sql())) > 0);
    expect(await sql().query(`SELECT 1 FROM pattern_days WHERE stale`)).toEqual([]);
    await daysMatchRows();
    await check(null);
    await check("agt_b");
  });

  it("picks as examples the latest match of each of the latest sessions, a run without a session standing alone", async () => {
    // Few sessions, so the newest matches repeat them; each run stored so the examples show.
    const rows = matches("confusion", 300, 6, 20);
    await insert(rows);
    await sql().query(
      `INSERT INTO runs (project_id, id, source, start_time) SELECT $1, run, 'tcc', start::timestamptz FROM jsonb_to_recordset($2::jsonb) AS m(run text, start text)`,
      [P, JSON.stringify(rows)],
    );
    for (const [params, agent] of [
      ["range=1M", null],
      ["range=1M&agent=alpha", "agt_a"],
    ] as const) {
      const f = list(params);
      const inWindow = rows
        .filter((r) => r.start >= f.window.from.toISOString() && r.start <= f.window.to.toISOString() && (!agent || r.agent === agent))
        .sort((a, b) => (a.start === b.start ? (a.run < b.run ? 1 : -1) : a.start < b.start ? 1 : -1))
        .slice(0, 50);
      const pick = (n: number) => {
        const seen = new Set<string>();
        return inWindow.filter((r) => {
          const key = r.session ?? `run:${r.run}`;
          if (seen.size >= n || seen.has(key)) return false;
          return seen.add(key);
        });
      };
      const overview = (await patternsOverview(sql(), P, f)).patterns.find((p) => p.id === "confusion")!;
      expect(overview.examples.map((e) => [e.runId, e.sessionId])).toEqual(pick(3).map((r) => [r.run, r.session]));
      const detail = await getPattern(sql(), P, "confusion", f);
      expect(detail!.examples.map((e) => e.runId)).toEqual(pick(10).map((r) => r.run));
      // The newest matches do repeat sessions, so the pick is exercised.
      expect(new Set(inWindow.map((r) => r.session)).size).toBeLessThan(inWindow.length);
      expect(detail!.examples.length).toBeGreaterThan(3);
    }
  });

  it("counts the sessions and users of a window's partial first and last days inside the window only", async () => {
    // A pattern above EXACT_MAX (estimated) whose users each come once, on the edge days of a window
    // from 18:00 to 09:00 two days and a half later: before it on its first day, in it, after it.
    const E = "prj_dedge";
    await sql().query(`INSERT INTO projects (id, name, slug) VALUES ($1, 'Day edges', 'dedge')`, [E]);
    const day0 = Math.floor(now / DAY) * DAY - 10 * DAY;
    const from = day0 + 18 * 3_600_000;
    const to = day0 + 3 * DAY + 9 * 3_600_000;
    await insert(
      [...spreadMatches("before", 1_200, day0, from), ...spreadMatches("in", 2_400, from, to), ...spreadMatches("after", 1_200, to + 1, day0 + 4 * DAY)],
      E,
    );
    const f = list(`from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`);
    const got = (await listPatterns(sql(), E, f)).find((p) => p.id === "task_failure")!;
    expect(got.runCount).toBe(2_400);
    // Estimated over the window's own matches: within HyperLogLog's error, not up to twice as many.
    expect(Math.abs(got.userCount - 2_400) / 2_400).toBeLessThan(0.07);
    expect(Math.abs(got.sessionCount - 2_400) / 2_400).toBeLessThan(0.07);
    // Patterns without a match in the window count no session, also with matches on its first day.
    await insert(
      [{ pattern: "frustration", run: "early", start: new Date(day0 + 3_600_000).toISOString(), agent: null, session: "s-early", user: "u-early" }],
      E,
    );
    const none = (await listPatterns(sql(), E, f)).find((p) => p.id === "frustration")!;
    expect([none.runCount, none.sessionCount, none.userCount]).toEqual([0, 0, 0]);
  });

  it("counts the sessions and users of a window that ends now from its running day's sketch and its first day's matches", async () => {
    const N = "prj_dnow";
    await sql().query(`INSERT INTO projects (id, name, slug) VALUES ($1, 'Days now', 'dnow')`, [N]);
    const end = Date.now() - 60_000;
    // Users each come once over the last four days, some of them on the running day.
    await insert(spreadMatches("now", 4_800, end - 4 * DAY, end), N);
    const f = list(`from=${new Date(Date.now() - 3 * DAY).toISOString()}&to=${new Date().toISOString()}`);
    const got = (await listPatterns(sql(), N, f)).find((p) => p.id === "task_failure")!;
    // Each match has a session and user of its own: the window's are as many as its matches.
    const inWindow = got.runCount;
    expect(inWindow).toBeGreaterThan(3_500);
    expect(Math.abs(got.userCount - inWindow) / inWindow).toBeLessThan(0.07);
    expect(Math.abs(got.sessionCount - inWindow) / inWindow).toBeLessThan(0.07);
  });

  it("starts empty windows and unknown agents at zero", async () => {
    const none = await listPatterns(sql(), P, list("range=1M&agent=nobody"));
    expect(none.every((p) => p.runCount === 0 && p.lastSeenAt === null)).toBe(true);
    await sql().query(`DELETE FROM run_patterns WHERE project_id = $1`, [P]);
    while ((await rebuildStalePatternDays(sql())) > 0);
    expect(await sql().query(`SELECT 1 FROM pattern_days WHERE project_id = $1`, [P])).toEqual([]);
    expect((await listPatterns(sql(), P, list("range=1M"))).every((p) => p.runCount === 0 && p.sessionCount === 0)).toBe(true);
  });
});
