// GET /v1/metrics against aggregates computed here straight from runs, and the activity bitmaps
// behind its (and the overview's) distinct active users and orgs: across a month boundary,
// through a placeholder run replaced by its real run, and through compaction.
import { describe, expect, it } from "vitest";
import { compactRollups, maintainRollups } from "@/lib/server/data/rollups";
import { createProject, type TestProject, withInstalledProject } from "../helpers/db";
import { getJson, postJson } from "../helpers/routes";
import { sendFeedback, sendRuns, type TestRun } from "./analytics-data";

let other: TestProject;
const sql = () => s.db.sql;
const H = 3_600_000;
// Runs on both sides of the March/April boundary (activity rows are per UTC month).
const base = Date.parse("2026-04-01T06:00:00.000Z");
const at = (hours: number) => new Date(base - hours * H);

const RUNS: TestRun[] = Array.from({ length: 24 }, (_, i) => ({
  id: `m${i}`,
  start: at(i * 3.7 + 0.3),
  durationMs: 100 + ((i * 337) % 5000),
  agent: i % 3 === 0 ? "billing" : "support",
  userId: i % 4 === 3 ? undefined : `u${i % 6}`,
  orgId: i % 5 === 4 ? undefined : `o${i % 3}`,
  error: i % 7 === 2,
  model: "gpt-4o",
  inputTokens: 10 * i,
  outputTokens: i,
  cost: 0.001 * i,
}));

const s = withInstalledProject(async () => {
  other = await createProject(s.db, "Other");
  await sendRuns(s.project.ingestKey, RUNS);
  await sendRuns(
    other.ingestKey,
    RUNS.slice(0, 5).map((r) => ({ ...r, userId: `x-${r.id}` })),
  );
  await sendFeedback(s.project.ingestKey, "m1", "thumbs_up");
  await sendFeedback(s.project.ingestKey, "m2", "thumbs_down");
});

async function direct(from: Date, to: Date, agent: string | null) {
  const [d] = await sql().query<Record<string, number>>(
    `SELECT count(*)::int AS runs, count(*) FILTER (WHERE status = 2)::int AS errors,
            count(*) FILTER (WHERE feedback_score = 1)::int AS "thumbsUp", count(*) FILTER (WHERE feedback_score = -1)::int AS "thumbsDown",
            COALESCE(sum(input_tokens), 0)::int AS "inputTokens", COALESCE(sum(output_tokens), 0)::int AS "outputTokens",
            COALESCE(sum(cost_usd), 0)::float8 AS "costUsd", count(DISTINCT user_id)::int AS "activeUsers", count(DISTINCT org_id)::int AS "activeOrgs",
            percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95
     FROM runs r LEFT JOIN agents a ON a.id = r.agent_id
     WHERE r.project_id = $1 AND r.start_time >= $2 AND r.start_time <= $3 AND ($4::text IS NULL OR a.slug = $4)`,
    [s.project.projectId, from.toISOString(), to.toISOString(), agent],
  );
  return d!;
}

interface Metrics {
  totals: Record<string, number | null>;
  interval: string;
  series: Array<Record<string, number | string | null>>;
}

async function check(from: Date, to: Date, agent: string | null, interval?: "hour" | "day") {
  const qs = `from=${from.toISOString()}&to=${to.toISOString()}${agent ? `&agent=${agent}` : ""}${interval ? `&interval=${interval}` : ""}`;
  const res = await getJson<Metrics>(`/v1/metrics?${qs}`, s.project.readKey);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const d = await direct(from, to, agent);
  const { p50, p95, costUsd, ...counts } = d;
  expect(counts.runs, qs).toBeGreaterThan(0);
  expect(res.body.totals, qs).toMatchObject(counts);
  expect(res.body.totals.costUsd).toBeCloseTo(costUsd!, 9);
  expect(res.body.totals.failureRate).toBeCloseTo(counts.errors! / counts.runs!, 12);
  expect(Math.abs(res.body.totals.p50Ms! - p50!) / p50!).toBeLessThanOrEqual(0.05);
  expect(Math.abs(res.body.totals.p95Ms! - p95!) / p95!).toBeLessThanOrEqual(0.05);
  // The series adds up to the totals, one point per step of the interval.
  const sum = (k: string) => res.body.series.reduce((s, pt) => s + Number(pt[k]), 0);
  for (const k of ["runs", "errors", "thumbsUp", "thumbsDown", "inputTokens", "outputTokens"]) expect(sum(k), `${qs} ${k}`).toBe(counts[k]);
  expect(sum("costUsd")).toBeCloseTo(costUsd!, 9);
  const step = res.body.interval === "hour" ? H : 24 * H;
  for (const [i, pt] of res.body.series.entries()) {
    expect(Date.parse(String(pt.t)) % step).toBe(0);
    if (i) expect(Date.parse(String(pt.t)) - Date.parse(String(res.body.series[i - 1]!.t))).toBe(step);
  }
  return res.body;
}

describe("GET /v1/metrics", () => {
  it("totals and series equal the runs, for windows across a month boundary with partial hours", async () => {
    const wide = await check(new Date(base - 90 * H - 17 * 60_000), new Date(base + 60_000), null);
    expect(wide.interval).toBe("day");
    const hourly = await check(new Date(base - 30.5 * H), new Date(base - 1.25 * H), null);
    expect(hourly.interval).toBe("hour");
    expect(hourly.series.length).toBeGreaterThanOrEqual(30);
    const forced = await check(new Date(base - 90 * H), new Date(base), null, "hour");
    expect(forced.series).toHaveLength(91);
    await check(new Date(base - 50 * H), new Date(base - 3 * H), null, "day");
  });

  it("answers a window of decades with a bounded series, and refuses one that cannot fit", async () => {
    // from=0001-03-01&to=9999-12-31&interval=hour ran the server out of memory (a point per hour
    // of eight millennia, and a loop over every hour for the active users).
    const huge = await getJson<Metrics>(`/v1/metrics?from=0001-03-01&to=9999-12-31&interval=hour`, s.project.readKey);
    expect(huge.status).toBe(400);
    expect(JSON.stringify(huge.body)).toMatch(/at most 100 years/);
    const hourly = await getJson<Metrics>(`/v1/metrics?from=1990-01-01&to=2026-04-02&interval=hour`, s.project.readKey);
    expect(hourly.status).toBe(400);
    expect(JSON.stringify(hourly.body)).toMatch(/use interval=day or narrow the window/);
    const daily = await check(new Date("1970-01-01T00:00:00Z"), new Date(base), null);
    expect(daily.interval).toBe("day");
    expect(daily.series.length).toBe(Math.floor(base / (24 * H)) + 1);
  });

  it("scopes to one agent; an unknown agent has zero totals", async () => {
    await check(new Date(base - 90 * H), new Date(base), "billing");
    await check(new Date(base - 40.2 * H), new Date(base - 0.5 * H), "support");
    const res = await getJson<Metrics>(`/v1/metrics?range=1d&to=${new Date(base).toISOString()}&agent=nobody`, s.project.readKey);
    expect(res.status).toBe(200);
    expect(res.body.totals).toMatchObject({ runs: 0, activeUsers: 0, activeOrgs: 0, p50Ms: null, failureRate: null });
    expect(res.body.series.every((pt) => pt.runs === 0)).toBe(true);
  });

  it("counts active users once however many months, agents and compactions they span", async () => {
    const w = { from: new Date(base - 90 * H), to: new Date(base) };
    const before = await check(w.from, w.to, null);
    await compactRollups(sql(), s.project.projectId);
    const [fresh] = await sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM activity_months WHERE project_id = $1 AND NOT compacted`, [
      s.project.projectId,
    ]);
    expect(fresh!.n).toBe(0);
    const after = await check(w.from, w.to, null);
    expect(after.totals).toEqual(before.totals);
    // One compacted row per (user, agent or "*", month): u1 ran in both months and for both agents.
    const rows = await sql().query<{ all_agents: boolean; months: number }>(
      `SELECT agent_key = '*' AS all_agents, count(*)::int AS months FROM activity_months WHERE project_id = $1 AND kind = 'u' AND id = 'u1' GROUP BY 1`,
      [s.project.projectId],
    );
    expect(rows.length).toBe(2);
  });

  it("counts the user of a run whose placeholder arrived first", async () => {
    const start = new Date(base - 10 * H);
    // A tool call alone: the run is a placeholder without a user.
    const res = await postJson(
      "/v1/custom",
      {
        type: "tool_call",
        run_id: "late",
        tool_call_id: "c1",
        tool_name: "search",
        start_time: start.toISOString(),
        end_time: new Date(start.getTime() + 50).toISOString(),
      },
      s.project.ingestKey,
    );
    expect(res.status).toBeLessThan(300);
    await sendRuns(s.project.ingestKey, [{ id: "late", start, durationMs: 500, agent: "support", userId: "u-late", orgId: "o-late" }]);
    const m = await check(new Date(base - 20 * H), new Date(base), null);
    expect(m.totals.activeUsers).toBeGreaterThan(0);
  });

  it("appends activity bits only for hours not set yet, every key's bits staying those of its runs", async () => {
    const project = s.project.projectId;
    const fresh = async () =>
      (await sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM activity_months WHERE project_id = $1 AND NOT compacted`, [project]))[0]!.n;
    await compactRollups(sql(), project);
    // Each write below is preceded by a compaction through maintainRollups, which also restarts its
    // 2 s throttle (hence the pause before the second): the compaction a write starts in the
    // background would otherwise merge the rows counted here whenever the writes are 2 s apart (a
    // loaded machine).
    // m1 (u1, o1, support) started at 02:00: another run of theirs in that hour sets nothing new.
    const m1 = RUNS[1]!;
    await maintainRollups(sql(), project);
    await sendRuns(s.project.ingestKey, [{ ...m1, id: "m1-same-hour", start: new Date(m1.start.getTime() + 20 * 60_000) }]);
    expect(await fresh()).toBe(0);
    // 05:15 is a new hour for u1 and o1: their agent's row and the all-agents row, each.
    await new Promise((r) => setTimeout(r, 2_100));
    await maintainRollups(sql(), project);
    await sendRuns(s.project.ingestKey, [{ ...m1, id: "m1-new-hour", start: new Date(base - 0.75 * H) }]);
    expect(await fresh()).toBe(4);
    const bits = (from: string) => sql().query(`SELECT kind, id, agent_key, month, bits::text FROM (${from}) x ORDER BY 1, 2, 3, 4`, [project]);
    const stored = await bits(`SELECT kind, id, agent_key, month, bit_or(hours) AS bits FROM activity_months WHERE project_id = $1 GROUP BY 1, 2, 3, 4`);
    const expected =
      await bits(`SELECT k.kind, k.id, a.agent_key, date_trunc('month', r.start_time, 'UTC') AS month, bit_or(sightline_hour_bit(r.start_time)) AS bits
      FROM runs r CROSS JOIN LATERAL (VALUES ('u', r.user_id), ('o', r.org_id)) k(kind, id)
      CROSS JOIN LATERAL (VALUES (COALESCE(r.agent_id, '')), ('*')) a(agent_key)
      WHERE r.project_id = $1 AND k.id IS NOT NULL GROUP BY 1, 2, 3, 4`);
    expect(stored.length).toBeGreaterThan(10);
    expect(stored).toEqual(expected);
  });

  it("never counts another project's runs or users", async () => {
    const res = await getJson<Metrics>(`/v1/metrics?from=${new Date(base - 90 * H).toISOString()}&to=${new Date(base).toISOString()}`, other.readKey);
    expect(res.body.totals).toMatchObject({ runs: 5, activeUsers: RUNS.slice(0, 5).length });
  });

  it("refuses bad input with a 400 that says what to fix, and ingestion keys", async () => {
    const bad: Array<[string, RegExp]> = [
      ["/v1/metrics", /time window is required/],
      ["/v1/metrics?range=1d&interval=week", /interval must be one of hour, day/],
      ["/v1/metrics?range=1d&status=error", /Unknown parameter "status" for metrics/],
      ["/v1/metrics?from=tomorrow", /from must be an ISO 8601 date/],
    ];
    for (const [url, message] of bad) {
      const res = await getJson(url, s.project.readKey);
      expect(res.status, url).toBe(400);
      expect(res.body.error.message, url).toMatch(message);
    }
    expect((await getJson("/v1/metrics?range=1d", s.project.ingestKey)).status).toBe(403);
  });
});
