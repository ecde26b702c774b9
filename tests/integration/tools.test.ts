// The tool rollups (migration 0011) against a from-scratch recomputation from tool_calls and runs,
// through every write path (calls before their run, a placeholder run replaced by the real one,
// retries, changed calls, deletions, compaction), and GET /v1/tools against values computed here.
import { describe, expect, it, vi } from "vitest";
import type { Queryable } from "@/lib/db/sql";
import { compactRollups, rollupRows, TOOL_ROLLUP_TABLES } from "@/lib/server/data/rollups";
import { createProject, type TestProject, withInstalledProject } from "../helpers/db";
import { getJson, postJson } from "../helpers/routes";

let other: TestProject;
const sql = () => s.db.sql;

const base = Date.parse("2026-03-10T12:00:00.000Z");
const at = (hours: number) => new Date(base - hours * 3_600_000);

interface Call {
  id: string;
  tool: string;
  /** Hours before base. */
  h: number;
  ms: number;
  error?: string;
}

function runItem(id: string, h: number, agent: string | null) {
  return {
    type: "run",
    run_id: id,
    start_time: at(h).toISOString(),
    end_time: new Date(at(h).getTime() + 60_000).toISOString(),
    status_code: 0,
    prompt: { user_prompt: `prompt ${id}` },
    response: "ok",
    metadata: agent ? { "tcc.agent": agent } : {},
  };
}

function callItem(runId: string, c: Call) {
  return {
    type: "tool_call",
    run_id: runId,
    tool_call_id: c.id,
    tool_name: c.tool,
    start_time: at(c.h).toISOString(),
    end_time: new Date(at(c.h).getTime() + c.ms).toISOString(),
    status_code: c.error ? 2 : 0,
    ...(c.error ? { status_message: c.error } : {}),
    args: JSON.stringify({ q: `args of ${c.id}`, pad: "x".repeat(600) }),
    result: `<b>result of ${c.id}</b>`,
  };
}

async function send(key: string, items: unknown[]) {
  const res = await postJson("/v1/custom", { type: "batch", items }, key);
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

const FACTS = `SELECT c.project_id, date_trunc('hour', c.start_time, 'UTC') AS hour, date_trunc('day', c.start_time, 'UTC') AS day,
  COALESCE(r.agent_id, '') AS agent_key, c.name AS tool, c.run_id, (c.status = 2)::int AS err, c.duration_ms,
  sightline_latency_bucket(c.duration_ms) AS bucket
  FROM tool_calls c JOIN runs r ON r.project_id = c.project_id AND r.id = c.run_id WHERE c.project_id = $1`;

/** Asserts every tool rollup sums, per key, to what tool_calls and runs say now. */
async function expectToolRollupsMatch(q: Queryable, projectId: string) {
  for (const tb of TOOL_ROLLUP_TABLES) {
    const keys = tb.keys.join(", ");
    const sums = tb.sums.map((s) => `sum(${s})::text AS ${s}`).join(", ");
    const stored = await q.query(
      `SELECT ${keys}, ${sums} FROM ${rollupRows(tb)} r WHERE project_id = $1 GROUP BY ${keys} HAVING sum(calls) <> 0 ORDER BY ${keys}`,
      [projectId],
    );
    const time = tb.keys[0]!;
    const expected = tb.name.includes("latency")
      ? await q.query(`SELECT ${keys}, count(*)::text AS calls FROM (${FACTS}) f WHERE duration_ms IS NOT NULL GROUP BY ${keys} ORDER BY ${keys}`, [projectId])
      : await q.query(
          `SELECT ${time}, agent_key, tool, count(*)::text AS calls, sum(err)::text AS errors, count(DISTINCT run_id)::text AS runs,
                  count(duration_ms)::text AS duration_count, COALESCE(sum(duration_ms), 0)::text AS duration_sum_ms
           FROM (${FACTS}) f GROUP BY ${keys} ORDER BY ${keys}`,
          [projectId],
        );
    expect(stored, tb.name).toEqual(expected);
  }
}

const s = withInstalledProject(async () => {
  other = await createProject(s.db, "Other");
});

// Runs r1..r8 over three days and two agents; r2 calls `search` in two different hours.
const RUNS: Array<{ id: string; h: number; agent: string | null; calls: Call[] }> = [
  {
    id: "r1",
    h: 1.5,
    agent: "support",
    calls: [
      { id: "c1", tool: "search", h: 1.5, ms: 120 },
      { id: "c2", tool: "refund", h: 1.4, ms: 900, error: "Refund API 503" },
    ],
  },
  {
    id: "r2",
    h: 3.2,
    agent: "support",
    calls: [
      { id: "c1", tool: "search", h: 3.2, ms: 80 },
      { id: "c2", tool: "search", h: 2.9, ms: 300 },
    ],
  },
  {
    id: "r3",
    h: 26,
    agent: "billing",
    calls: [
      { id: "c1", tool: "invoice", h: 26, ms: 2500 },
      { id: "c2", tool: "search", h: 25.9, ms: 40 },
    ],
  },
  { id: "r4", h: 49, agent: "billing", calls: [{ id: "c1", tool: "invoice", h: 49, ms: 1800, error: "timeout of 1500ms exceeded" }] },
  { id: "r5", h: 50, agent: null, calls: [{ id: "c1", tool: "search", h: 50, ms: 10 }] },
  { id: "r6", h: 0.2, agent: "support", calls: [{ id: "c1", tool: "refund", h: 0.2, ms: 450 }] },
  // Four error signatures of one tool (3, 2, 1 and 1 calls with r1's): topErrors keeps three.
  {
    id: "r7",
    h: 5.5,
    agent: "support",
    calls: [
      { id: "c1", tool: "refund", h: 5.5, ms: 30, error: "card declined for order 1001" },
      { id: "c2", tool: "refund", h: 5.4, ms: 35, error: "card declined for order 1002" },
      { id: "c3", tool: "refund", h: 5.3, ms: 31, error: "card declined for order 1003" },
      { id: "c4", tool: "refund", h: 5.2, ms: 12, error: "KeyError: 'amount'" },
      { id: "c5", tool: "refund", h: 5.1, ms: 9, error: "connect ECONNREFUSED 10.0.0.1:443" },
      { id: "c6", tool: "refund", h: 5.0, ms: 700, error: "Refund API 503" },
    ],
  },
  { id: "r8", h: 30, agent: "billing", calls: [{ id: "c1", tool: "invoice", h: 30, ms: 2100, error: "timeout of 2000ms exceeded" }] },
];

describe("tool rollups maintained by the triggers", () => {
  it("match tool_calls after ingestion, per project", async () => {
    await send(
      s.project.ingestKey,
      RUNS.flatMap((r) => [runItem(r.id, r.h, r.agent), ...r.calls.map((c) => callItem(r.id, c))]),
    );
    await send(other.ingestKey, [runItem("x1", 1, "support"), callItem("x1", { id: "c1", tool: "search", h: 1, ms: 5 })]);
    await expectToolRollupsMatch(sql(), s.project.projectId);
    await expectToolRollupsMatch(sql(), other.projectId);
    const [row] = await sql().query<{ calls: number; runs: number }>(
      `SELECT sum(calls)::int AS calls, sum(runs)::int AS runs FROM rollup_tools_daily WHERE project_id = $1 AND tool = 'search'`,
      [s.project.projectId],
    );
    // r1, r2 (two calls, one day), r3, r5.
    expect(row).toEqual({ calls: 5, runs: 4 });
  });

  it("count a retried batch once", async () => {
    await send(
      s.project.ingestKey,
      RUNS.flatMap((r) => [runItem(r.id, r.h, r.agent), ...r.calls.map((c) => callItem(r.id, c))]),
    );
    await expectToolRollupsMatch(sql(), s.project.projectId);
  });

  it("count calls that arrive before their run under the run's agent once it arrives", async () => {
    await send(s.project.ingestKey, [
      callItem("late", { id: "c1", tool: "lookup", h: 5, ms: 70 }),
      callItem("late", { id: "c2", tool: "lookup", h: 5, ms: 75 }),
    ]);
    await expectToolRollupsMatch(sql(), s.project.projectId);
    const agentOf = async () =>
      sql().query<{ agent_key: string; calls: number }>(
        `SELECT agent_key, sum(calls)::int AS calls FROM rollup_tools WHERE project_id = $1 AND tool = 'lookup' GROUP BY agent_key HAVING sum(calls) <> 0`,
        [s.project.projectId],
      );
    expect(await agentOf()).toEqual([{ agent_key: "", calls: 2 }]);
    await send(s.project.ingestKey, [runItem("late", 5, "billing")]);
    await expectToolRollupsMatch(sql(), s.project.projectId);
    const [agent] = await sql().query<{ id: string }>(`SELECT id FROM agents WHERE project_id = $1 AND name = 'billing'`, [s.project.projectId]);
    expect(await agentOf()).toEqual([{ agent_key: agent!.id, calls: 2 }]);
  });

  it("follow a call that changes (status, time) and calls and runs that are deleted", async () => {
    await send(s.project.ingestKey, [runItem("r5", 50, null), callItem("r5", { id: "c1", tool: "search", h: 47.5, ms: 15, error: "HTTP 500" })]);
    await expectToolRollupsMatch(sql(), s.project.projectId);
    await sql().query(`DELETE FROM tool_calls WHERE project_id = $1 AND run_id = 'r2' AND id = 'c2'`, [s.project.projectId]);
    await expectToolRollupsMatch(sql(), s.project.projectId);
    await sql().query(`DELETE FROM runs WHERE project_id = $1 AND id = 'r3'`, [s.project.projectId]);
    await expectToolRollupsMatch(sql(), s.project.projectId);
    await sql().query(`DELETE FROM tool_calls WHERE project_id = $1 AND run_id = 'r3'`, [s.project.projectId]);
    await expectToolRollupsMatch(sql(), s.project.projectId);
    // Put them back for the API tests.
    await send(
      s.project.ingestKey,
      RUNS.filter((r) => r.id === "r2" || r.id === "r3").flatMap((r) => [runItem(r.id, r.h, r.agent), ...r.calls.map((c) => callItem(r.id, c))]),
    );
    await send(s.project.ingestKey, [callItem("r5", { id: "c1", tool: "search", h: 50, ms: 10 })]);
    await expectToolRollupsMatch(sql(), s.project.projectId);
  });

  it("keep their sums through compaction, with one row per key", async () => {
    // Ingestion starts a compaction of its own after each write; while it holds the project's lock
    // this one returns false, so try until it gets the lock.
    await vi.waitFor(async () => expect(await compactRollups(sql(), s.project.projectId)).toBe(true), { timeout: 30_000, interval: 100 });
    await expectToolRollupsMatch(sql(), s.project.projectId);
    for (const tb of TOOL_ROLLUP_TABLES) {
      const [r] = await sql().query<{ dup: number; fresh: number }>(
        // A histogram keeps one row per key but its bucket.
        `SELECT (count(*) - count(DISTINCT (${(tb.histogram ? tb.keys.slice(0, -1) : tb.keys).join(", ")})))::int AS dup, count(*) FILTER (WHERE NOT compacted)::int AS fresh FROM ${tb.name} WHERE project_id = $1`,
        [s.project.projectId],
      );
      expect(r, tb.name).toEqual({ dup: 0, fresh: 0 });
    }
  });
});

interface ApiTool {
  name: string;
  calls: number;
  errors: number;
  errorRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  runCount: number;
  lastCalledAt: string | null;
  topErrors: Array<{ signature: string; message: string; count: number }>;
}

/**
 * The expected top three error signatures per tool, straight from the occurrences and groups:
 * failed calls whose run started in the window (the failure rollups' placement).
 */
async function expectedTopErrors(from: Date, to: Date, agent?: string) {
  const rows = await sql().query<{ tool: string; signature: string; message: string; count: number }>(
    `SELECT g.tool, fo.signature, g.template AS message, count(*)::int AS count
     FROM failure_occurrences fo JOIN failure_groups g ON g.project_id = fo.project_id AND g.signature = fo.signature
     LEFT JOIN agents a ON a.id = fo.agent_id
     WHERE fo.project_id = $1 AND fo.kind = 'tool_call' AND fo.start_time >= $2 AND fo.start_time <= $3 AND ($4::text IS NULL OR a.slug = $4)
     GROUP BY g.tool, fo.signature, g.template ORDER BY g.tool, count(*) DESC, fo.signature`,
    [s.project.projectId, from.toISOString(), to.toISOString(), agent ?? null],
  );
  const out = new Map<string, Array<{ signature: string; message: string; count: number }>>();
  for (const { tool, ...e } of rows) out.set(tool, [...(out.get(tool) ?? []), e].slice(0, 3));
  return out;
}

/** The expected tools of a window straight from tool_calls (runCount: distinct runs per hour). */
async function expectedTools(from: Date, to: Date, agent?: string) {
  return sql().query<{ name: string; calls: number; errors: number; runs: number; last: Date; p50: number; p95: number }>(
    `SELECT c.name, count(*)::int AS calls, count(*) FILTER (WHERE c.status = 2)::int AS errors,
            count(DISTINCT (c.run_id, date_trunc('hour', c.start_time)))::int AS runs, max(c.start_time) AS last,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY c.duration_ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY c.duration_ms) AS p95
     FROM tool_calls c JOIN runs r ON r.project_id = c.project_id AND r.id = c.run_id LEFT JOIN agents a ON a.id = r.agent_id
     WHERE c.project_id = $1 AND c.start_time >= $2 AND c.start_time <= $3 AND ($4::text IS NULL OR a.slug = $4)
     GROUP BY c.name ORDER BY c.name`,
    [s.project.projectId, from.toISOString(), to.toISOString(), agent ?? null],
  );
}

async function checkWindow(from: Date, to: Date, agent?: string) {
  const qs = `from=${from.toISOString()}&to=${to.toISOString()}${agent ? `&agent=${agent}` : ""}&sort=name&order=asc`;
  const res = await getJson<{ data: ApiTool[] }>(`/v1/tools?${qs}`, s.project.readKey);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const expected = await expectedTools(from, to, agent);
  const topErrors = await expectedTopErrors(from, to, agent);
  expect(res.body.data.map((d) => d.name)).toEqual(expected.map((e) => e.name));
  expect(expected.length).toBeGreaterThan(0);
  for (const [i, e] of expected.entries()) {
    const d = res.body.data[i]!;
    expect({ calls: d.calls, errors: d.errors, runCount: d.runCount, lastCalledAt: d.lastCalledAt }, `${qs} ${e.name}`).toEqual({
      calls: e.calls,
      errors: e.errors,
      runCount: e.runs,
      lastCalledAt: e.last.toISOString(),
    });
    expect(d.errorRate).toBeCloseTo(e.errors / e.calls, 10);
    expect(Math.abs(d.p50Ms! - e.p50) / e.p50, `p50 ${e.name}`).toBeLessThan(0.05);
    expect(Math.abs(d.p95Ms! - e.p95) / e.p95, `p95 ${e.name}`).toBeLessThan(0.05);
    expect(d.topErrors, `${qs} ${e.name} top errors`).toEqual(topErrors.get(e.name) ?? []);
  }
  return [...topErrors.values()].flat().length;
}

describe("GET /v1/tools", () => {
  it("answers every tool of a window exactly, whole days, hours and partial edges alike", async () => {
    // Unaligned ends: partial-hour edges from tool_calls, whole hours and days from the rollups.
    expect(await checkWindow(new Date(base - 60 * 3_600_000 + 17 * 60_000), new Date(base + 60_000))).toBe(4);
    expect(await checkWindow(new Date(base - 26.05 * 3_600_000), new Date(base - 1.45 * 3_600_000))).toBe(3);
    // Short windows read tool_calls alone.
    expect(await checkWindow(new Date(base - 1.6 * 3_600_000), new Date(base - 0.1 * 3_600_000))).toBe(1);
  });

  it("lists a tool's three largest error signatures, each linking to its failure group", async () => {
    const to = new Date(base).toISOString();
    const res = await getJson<{ data: ApiTool[] }>(`/v1/tools?range=2w&to=${to}&agent=support`, s.project.readKey);
    const refund = res.body.data.find((d) => d.name === "refund")!;
    expect(refund.errors).toBe(7);
    expect(refund.topErrors.map((e) => [e.message, e.count])).toEqual([
      ["card declined for order <int>", 3],
      ["Refund API <int>", 2],
      expect.arrayContaining([1]),
    ]);
    for (const e of refund.topErrors) {
      const group = await getJson<{ data: Array<{ signature: string; kind: string; tool: string; count: number }> }>(
        `/v1/failures?range=2w&to=${to}&agent=support&tool=refund`,
        s.project.readKey,
      );
      expect(group.body.data.find((g) => g.signature === e.signature)).toMatchObject({ kind: "tool_call", tool: "refund", count: e.count });
    }
    // Another agent's calls of the tool are not counted, nor another project's.
    const billing = await getJson<{ data: ApiTool[] }>(`/v1/tools?range=2w&to=${to}&agent=billing`, s.project.readKey);
    expect(billing.body.data.find((d) => d.name === "invoice")!.topErrors).toEqual([
      { signature: expect.stringMatching(/^[0-9a-f]{16}$/), message: "timeout of <duration> exceeded", count: 2 },
    ]);
    const other_ = await getJson<{ data: ApiTool[] }>(`/v1/tools?range=2w&to=${to}`, other.readKey);
    expect(other_.body.data.flatMap((d) => d.topErrors)).toEqual([]);
  });

  it("answers a window without tool calls with no tools", async () => {
    for (const range of ["5m", "1d"]) {
      const res = await getJson(`/v1/tools?range=${range}&to=2020-01-01T00:30:00Z`, s.project.readKey);
      expect(res, range).toEqual({ status: 200, body: { data: [] } });
    }
  });

  it("scopes to one agent, and an unknown agent has no tools", async () => {
    await checkWindow(new Date(base - 60 * 3_600_000), new Date(base), "billing");
    await checkWindow(new Date(base - 60 * 3_600_000), new Date(base), "support");
    const res = await getJson(`/v1/tools?range=2M&to=${new Date(base).toISOString()}&agent=nobody`, s.project.readKey);
    expect(res).toEqual({ status: 200, body: { data: [] } });
  });

  it("sorts by any column, nulls last", async () => {
    const url = (s: string, o: string) => `/v1/tools?range=2M&to=${new Date(base).toISOString()}&sort=${s}&order=${o}`;
    const calls = (await getJson<{ data: ApiTool[] }>(url("calls", "desc"), s.project.readKey)).body.data;
    expect(calls.map((d) => d.calls)).toEqual([...calls.map((d) => d.calls)].sort((a, b) => b - a));
    const rate = (await getJson<{ data: ApiTool[] }>(url("errorRate", "asc"), s.project.readKey)).body.data;
    expect(rate.map((d) => d.errorRate)).toEqual([...rate.map((d) => d.errorRate!)].sort((a, b) => a - b));
    expect(rate[0]!.errorRate).toBe(0);
  });

  it("never leaks another project's tools", async () => {
    const res = await getJson<{ data: ApiTool[] }>(`/v1/tools?range=2M&to=${new Date(base).toISOString()}`, other.readKey);
    expect(res.body.data.map((d) => [d.name, d.calls])).toEqual([["search", 1]]);
  });

  it("refuses bad input with a 400 that says what to fix, and ingestion keys", async () => {
    const to = new Date(base).toISOString();
    const bad: Array<[string, RegExp]> = [
      [`/v1/tools`, /time window is required/],
      [`/v1/tools?range=3y`, /range must be one of/],
      [`/v1/tools?range=1d&sort=size`, /sort must be one of/],
      [`/v1/tools?range=1d&order=up`, /order must be one of/],
      [`/v1/tools?range=1d&userId=u1`, /Unknown parameter "userId" for tools/],
      [`/v1/tools?range=1d&agent=a&agent=b`, /more than once/],
      [`/v1/tools?from=${to}&to=2020-01-01`, /from must be before to/],
    ];
    for (const [url, message] of bad) {
      const res = await getJson(url, s.project.readKey);
      expect(res.status, url).toBe(400);
      expect(res.body.error.code, url).toBe("invalid_query");
      expect(res.body.error.message, url).toMatch(message);
    }
    expect((await getJson(`/v1/tools?range=1d`, s.project.ingestKey)).status).toBe(403);
  });
});
