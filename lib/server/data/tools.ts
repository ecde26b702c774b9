import "server-only";
// Tools: per-tool health for /tools, /tools/{name} and GET /v1/tools, read from the tool rollups
// (migration 0011_tools_activity) for whole hours and days and from tool_calls for the partial
// hours at the window's edges, so counts are exact for any window (see docs/failures.md, Reads).
// Top errors come from the failure rollups (failures.ts).
import type { Queryable } from "@/lib/db/sql";
import { splitWindow, histogramQuantile, ratio, seriesStepMs, stepGrain, stepStart, stepStarts, type Grain, type Scope, type Span } from "./stats";
import type { ToolSort } from "@/lib/validations/lists";
import { SqlWhere } from "./sql-where";
import { rollupRows, TOOL_ROLLUP_TABLES } from "./rollups";
import { topToolErrors, type ToolErrorDto } from "./failures";

export type { ToolErrorDto };

export interface ToolDto {
  name: string;
  calls: number;
  errors: number;
  /** errors / calls, null without calls. */
  errorRate: number | null;
  /** From the latency histogram: within 5% of the exact percentile. */
  p50Ms: number | null;
  p95Ms: number | null;
  /** Runs with a call of the tool, counted per hour (a run calling it in two hours counts twice). */
  runCount: number;
  lastCalledAt: string | null;
  topErrors: ToolErrorDto[];
}

const HOUR = 3_600_000;

type Source = "tools" | "latency";

// What each source reads FROM: the latency histograms' arrays unnested to a row per bucket.
const readFrom = (name: string) => rollupRows(TOOL_ROLLUP_TABLES.find((t) => t.name === name)!);
const TABLES: Record<Source, { hourly: string; daily: string }> = {
  tools: { hourly: "rollup_tools", daily: "rollup_tools_daily" },
  latency: { hourly: readFrom("rollup_tool_latency"), daily: readFrom("rollup_tool_latency_daily") },
};

// One tool call's contribution to each column; must match sightline_tool_rollup_sql (0011, 0018).
// `runs` is 0 for raw rows: the caller adds count(DISTINCT run_id) over them.
const CALL_FACTS: Record<string, string> = {
  ts: "tc.start_time",
  tool: "tc.name",
  calls: "1",
  errors: "(tc.status = 2)::int",
  runs: "0",
  duration_count: "(tc.duration_ms IS NOT NULL)::int",
  duration_sum_ms: "COALESCE(tc.duration_ms, 0)::bigint",
  bucket: "sightline_latency_bucket(tc.duration_ms)",
  run_id: "tc.run_id",
  raw: "true",
};

interface SourceSpec {
  source: Source;
  columns: string[];
  /** Only this tool. */
  tool?: string;
  grain?: Grain;
}

const iso = (p: SqlWhere, d: Date) => `${p.param(d.toISOString())}::timestamptz`;

/**
 * A parenthesised UNION ALL yielding `columns` (plus ts, run_id and raw) for the scope and window.
 * Rollup rows have run_id NULL and raw false. The partial-hour edges are read from tool_calls
 * through tool_calls_name_time_idx: the names to look up are those the hourly rollup holds for
 * the edge hours (every stored call is in it), so no scan of all the project's calls.
 */
async function toolSource(q: Queryable, p: SqlWhere, scope: Scope, w: Span, spec: SourceSpec): Promise<string> {
  const split = splitWindow(w, spec.grain);
  const project = p.param(scope.projectId);
  const agent = scope.agentId === null ? null : p.param(scope.agentId);
  const tool = spec.tool === undefined ? null : p.param(spec.tool);
  const cols = [...new Set(["ts", ...spec.columns, "run_id", "raw"])];
  const t = TABLES[spec.source];
  const parts: string[] = [];
  const rollup = (table: string, timeCol: string, spans: Span[]) => {
    const range = spans.map((s) => `(${timeCol} >= ${iso(p, s.from)} AND ${timeCol} < ${iso(p, s.to)})`).join(" OR ");
    const conds = [`project_id = ${project}`, `(${range})`, ...(agent ? [`agent_key = ${agent}`] : []), ...(tool ? [`tool = ${tool}`] : [])];
    const select = cols.map((c) => (c === "ts" ? `${timeCol} AS ts` : c === "run_id" ? "NULL::text AS run_id" : c === "raw" ? "false AS raw" : c));
    // `table` may be a subquery (a histogram's arrays unnested): PostgreSQL before 16 needs its alias.
    parts.push(`SELECT ${select.join(", ")} FROM ${table} r WHERE ${conds.join(" AND ")}`);
  };
  if (split.days) rollup(t.daily, "day", [split.days]);
  if (split.hours.length) rollup(t.hourly, "hour", split.hours);

  // With no names the edge part matches nothing, but keeps the union well-formed (a window
  // without tool calls and without whole hours has no other part).
  const names = tool ? [spec.tool!] : await edgeNames(q, scope, split.edges);
  const ranges = split.edges.map((e) => `(tc.start_time >= ${iso(p, e.from)} AND tc.start_time ${e.inclusive ? "<=" : "<"} ${iso(p, e.to)})`);
  const conds = [`tc.project_id = ${project}`, tool ? `tc.name = ${tool}` : `tc.name = ANY(${p.param(names)}::text[])`, `(${ranges.join(" OR ")})`];
  if (spec.source === "latency") conds.push("tc.duration_ms IS NOT NULL");
  // A call counts while its run exists, under the run's agent (the rollups' invariant).
  const run = agent ? `r.agent_id = ${agent}` : "TRUE";
  conds.push(`EXISTS (SELECT 1 FROM runs r WHERE r.project_id = tc.project_id AND r.id = tc.run_id AND ${run})`);
  parts.push(`SELECT ${cols.map((c) => `${CALL_FACTS[c] ?? c} AS ${c}`).join(", ")} FROM tool_calls tc WHERE ${conds.join(" AND ")}`);
  return `(${parts.join(" UNION ALL ")})`;
}

/** Tool names the hourly rollup holds for the hours the edges touch (scoped to the agent). */
async function edgeNames(q: Queryable, scope: Scope, edges: Array<Span & { inclusive: boolean }>): Promise<string[]> {
  const hours = new Set<string>();
  for (const e of edges) {
    for (let h = Math.floor(e.from.getTime() / HOUR) * HOUR; h <= e.to.getTime(); h += HOUR) hours.add(new Date(h).toISOString());
  }
  if (!hours.size) return [];
  const p = new SqlWhere();
  const conds = [`project_id = ${p.param(scope.projectId)}`, `hour = ANY(${p.param([...hours])}::timestamptz[])`];
  if (scope.agentId !== null) conds.push(`agent_key = ${p.param(scope.agentId)}`);
  const rows = await q.query<{ tool: string }>(`SELECT DISTINCT tool FROM rollup_tools WHERE ${conds.join(" AND ")}`, p.params);
  return rows.map((r) => r.tool);
}

interface ToolSumsDbRow {
  tool: string;
  calls: number;
  errors: number;
  runs: number;
  duration_count: number;
  duration_sum_ms: number;
  last_ts: Date | null;
  last_raw: boolean | null;
}

const SUM_COLS = ["tool", "calls", "errors", "runs", "duration_count", "duration_sum_ms"];

/** Per tool: sums, the latest bucket with calls (exact time when it came from tool_calls). */
export async function toolSums(q: Queryable, scope: Scope, w: Span, tool?: string): Promise<ToolSumsDbRow[]> {
  const p = new SqlWhere();
  const src = await toolSource(q, p, scope, w, { source: "tools", columns: SUM_COLS, tool });
  // Per bucket first: a bucket's rows (a compacted row and fresh deltas) only mean something summed.
  // The raw rows (edges) are one bucket per tool whose time is its latest call.
  return q.query<ToolSumsDbRow>(
    `SELECT tool, sum(calls)::float8 AS calls, sum(errors)::float8 AS errors, sum(runs)::float8 AS runs,
            sum(dc)::float8 AS duration_count, sum(ds)::float8 AS duration_sum_ms,
            max(ts) AS last_ts, (array_agg(raw ORDER BY ts DESC))[1] AS last_raw
     FROM (SELECT tool, raw, max(ts) AS ts, sum(calls) AS calls, sum(errors) AS errors,
                  sum(runs) + count(DISTINCT run_id) AS runs, sum(duration_count) AS dc, sum(duration_sum_ms) AS ds
           FROM ${src} s GROUP BY tool, raw, CASE WHEN raw THEN NULL ELSE ts END) b
     WHERE calls > 0 GROUP BY tool`,
    p.params,
  );
}

/** Latency histograms per tool ({bucket, n} as histogramQuantile takes them). */
async function toolHistograms(q: Queryable, scope: Scope, w: Span, tool?: string): Promise<Map<string, Array<{ bucket: number; n: number }>>> {
  const p = new SqlWhere();
  const src = await toolSource(q, p, scope, w, { source: "latency", columns: ["tool", "bucket", "calls"], tool });
  const rows = await q.query<{ tool: string; bucket: number; n: number }>(
    `SELECT tool, bucket, sum(calls)::float8 AS n FROM ${src} s GROUP BY tool, bucket HAVING sum(calls) > 0`,
    p.params,
  );
  const out = new Map<string, Array<{ bucket: number; n: number }>>();
  for (const r of rows) out.set(r.tool, [...(out.get(r.tool) ?? []), { bucket: r.bucket, n: r.n }]);
  return out;
}

/**
 * The exact time of each tool's last call when the rollups only say which hour or day it was in:
 * one descending probe of tool_calls_name_time_idx per tool, bounded to that bucket.
 */
async function lastCalls(q: Queryable, scope: Scope, w: Span, rows: ToolSumsDbRow[]): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  const days = splitWindow(w).days;
  const todo: Array<{ tool: string; from: Date; to: Date }> = [];
  for (const r of rows) {
    if (!r.last_ts) continue;
    if (r.last_raw) out.set(r.tool, r.last_ts);
    else {
      const t = r.last_ts.getTime();
      const inDays = days !== null && t >= days.from.getTime() && t < days.to.getTime();
      todo.push({ tool: r.tool, from: r.last_ts, to: new Date(Math.min(t + (inDays ? 24 * HOUR : HOUR), w.to.getTime() + 1)) });
    }
  }
  if (!todo.length) return out;
  const p = new SqlWhere();
  const agent = scope.agentId === null ? "TRUE" : `r.agent_id = ${p.param(scope.agentId)}`;
  const found = await q.query<{ tool: string; last: Date | null }>(
    `SELECT x.tool, (SELECT max(tc.start_time) FROM tool_calls tc
                     WHERE tc.project_id = ${p.param(scope.projectId)} AND tc.name = x.tool AND tc.start_time >= x.f AND tc.start_time < x.t
                       AND EXISTS (SELECT 1 FROM runs r WHERE r.project_id = tc.project_id AND r.id = tc.run_id AND ${agent})) AS last
     FROM unnest(${p.param(todo.map((t) => t.tool))}::text[], ${p.param(todo.map((t) => t.from.toISOString()))}::timestamptz[],
                 ${p.param(todo.map((t) => t.to.toISOString()))}::timestamptz[]) AS x(tool, f, t)`,
    p.params,
  );
  for (const f of found) if (f.last) out.set(f.tool, f.last);
  return out;
}

const SORT_VALUE: Record<ToolSort, (t: ToolDto) => number | string | null> = {
  calls: (t) => t.calls,
  errors: (t) => t.errors,
  errorRate: (t) => t.errorRate,
  p50: (t) => t.p50Ms,
  p95: (t) => t.p95Ms,
  runs: (t) => t.runCount,
  lastCalled: (t) => t.lastCalledAt,
  name: (t) => t.name,
};

/** Sorts tools; nulls last in either order, ties by name. */
export function sortTools(tools: ToolDto[], sort: ToolSort, order: "asc" | "desc"): ToolDto[] {
  const dir = order === "asc" ? 1 : -1;
  return [...tools].sort((a, b) => {
    const va = SORT_VALUE[sort](a);
    const vb = SORT_VALUE[sort](b);
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      return (va < vb ? -1 : 1) * dir;
    }
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

/** Every tool called in the window (for the scope), with its health. */
export async function listTools(
  q: Queryable,
  scope: Scope,
  w: Span,
  opts: { sort?: ToolSort; order?: "asc" | "desc"; tool?: string; /** Top error signatures per tool (3). */ topErrors?: number } = {},
): Promise<ToolDto[]> {
  const [sums, hists] = await Promise.all([toolSums(q, scope, w, opts.tool), toolHistograms(q, scope, w, opts.tool)]);
  const [last, errors] = await Promise.all([
    lastCalls(q, scope, w, sums),
    topToolErrors(
      q,
      scope,
      w,
      sums.map((r) => r.tool),
      opts.topErrors ?? 3,
    ),
  ]);
  const tools = sums.map((r): ToolDto => {
    const h = hists.get(r.tool) ?? [];
    return {
      name: r.tool,
      calls: r.calls,
      errors: r.errors,
      errorRate: ratio(r.errors, r.calls),
      p50Ms: histogramQuantile(h, 0.5),
      p95Ms: histogramQuantile(h, 0.95),
      runCount: r.runs,
      lastCalledAt: last.get(r.tool)?.toISOString() ?? null,
      topErrors: errors.get(r.tool) ?? [],
    };
  });
  return sortTools(tools, opts.sort ?? "calls", opts.order ?? "desc");
}

export interface ToolTrendPoint {
  t: string;
  calls: number;
  errors: number;
}

/** Calls and errors per chart step (one tool or all), zero-filled. */
export async function toolTrend(q: Queryable, scope: Scope, w: Span, tool?: string): Promise<{ stepMs: number; points: ToolTrendPoint[] }> {
  const stepMs = seriesStepMs(w);
  const p = new SqlWhere();
  const src = await toolSource(q, p, scope, w, { source: "tools", columns: ["calls", "errors"], tool, grain: stepGrain(stepMs) });
  const rows = await q.query<{ t: Date; calls: number; errors: number }>(
    `SELECT ${stepStart(p, stepMs)} AS t, sum(calls)::float8 AS calls, sum(errors)::float8 AS errors FROM ${src} s GROUP BY 1`,
    p.params,
  );
  const byT = new Map(rows.map((r) => [r.t.getTime(), r]));
  return {
    stepMs,
    points: stepStarts(w, stepMs).map((t) => ({ t: new Date(t).toISOString(), calls: byT.get(t)?.calls ?? 0, errors: byT.get(t)?.errors ?? 0 })),
  };
}

/** A tool's latency distribution: calls per histogram bucket, with each bucket's range in ms. */
export async function toolLatency(q: Queryable, scope: Scope, w: Span, tool: string): Promise<Array<{ fromMs: number; toMs: number; calls: number }>> {
  const hist = (await toolHistograms(q, scope, w, tool)).get(tool) ?? [];
  return hist
    .sort((a, b) => a.bucket - b.bucket)
    .map((h) => ({ fromMs: h.bucket <= 0 ? 0 : 1.1 ** (h.bucket - 1), toMs: h.bucket <= 0 ? 1 : 1.1 ** h.bucket, calls: h.n }));
}

export interface ToolCallDto {
  runId: string;
  id: string;
  startTime: string;
  durationMs: number | null;
  status: "success" | "error";
  /** Truncated to PREVIEW characters (the run's page has the whole call). */
  args: string | null;
  result: string | null;
  error: string | null;
  agent: { name: string; slug: string } | null;
}

const PREVIEW = 500;

interface ToolCallDbRow {
  run_id: string;
  id: string;
  start_time: Date;
  duration_ms: number | null;
  status: number;
  args: string | null;
  result: string | null;
  error: string | null;
  agent_name: string | null;
  agent_slug: string | null;
}

/** The latest calls of a tool in the window (newest first), by tool_calls_name_time_idx. */
export async function recentToolCalls(
  q: Queryable,
  scope: Scope,
  w: Span,
  tool: string,
  opts: { limit?: number; errorsOnly?: boolean } = {},
): Promise<ToolCallDto[]> {
  const p = new SqlWhere();
  const conds = [
    `tc.project_id = ${p.param(scope.projectId)}`,
    `tc.name = ${p.param(tool)}`,
    `tc.start_time >= ${iso(p, w.from)}`,
    `tc.start_time <= ${iso(p, w.to)}`,
  ];
  if (opts.errorsOnly) conds.push("tc.status = 2");
  if (scope.agentId !== null) conds.push(`r.agent_id = ${p.param(scope.agentId)}`);
  const limit = Math.max(1, Math.min(opts.limit ?? 20, 100));
  const rows = await q.query<ToolCallDbRow>(
    `SELECT tc.run_id, tc.id, tc.start_time, tc.duration_ms, tc.status, left(tc.args, ${PREVIEW}) AS args,
            left(tc.result, ${PREVIEW}) AS result, left(tc.error, ${PREVIEW}) AS error, a.name AS agent_name, a.slug AS agent_slug
     FROM tool_calls tc JOIN runs r ON r.project_id = tc.project_id AND r.id = tc.run_id
     LEFT JOIN agents a ON a.id = r.agent_id
     WHERE ${conds.join(" AND ")} ORDER BY tc.start_time DESC, tc.run_id DESC, tc.id DESC LIMIT ${limit}`,
    p.params,
  );
  return rows.map((r) => ({
    runId: r.run_id,
    id: r.id,
    startTime: r.start_time.toISOString(),
    durationMs: r.duration_ms,
    status: r.status === 2 ? "error" : "success",
    args: r.args,
    result: r.result,
    error: r.error,
    agent: r.agent_name ? { name: r.agent_name, slug: r.agent_slug ?? "" } : null,
  }));
}
