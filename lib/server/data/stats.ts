import "server-only";
// The source every analytics query reads: rollup rows (lib/server/data/rollups.ts) for the whole hours
// inside the window, plus the runs themselves for the partial hours at its edges, so numbers are
// exact for any window while the bulk comes from rollups. Short windows are read from runs alone.
import type { Queryable } from "@/lib/db/sql";
import { findAgent } from "./agents";
import { SqlWhere } from "./sql-where";

export interface Scope {
  projectId: string;
  /** Agent id of /[agent]/… pages; null for the whole project. */
  agentId: string | null;
}

/** A cursor's time value as this layer writes it (toISOString); anything else would reach SQL as a bad timestamp. */
export { isCursorInstant as isIsoInstant } from "./sql-where";

export interface Span {
  from: Date;
  to: Date;
  /** True: the window ends just before `to`, [from, to) (a recap's period); otherwise `to` is in it. */
  openEnd?: boolean;
}

/** Resolves an agent slug (or name); null when the project has no such agent. */
export async function resolveScope(q: Queryable, projectId: string, agent: string | null): Promise<Scope | null> {
  if (!agent) return { projectId, agentId: null };
  const found = await findAgent(q, projectId, agent);
  return found ? { projectId, agentId: found.id } : null;
}

const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Windows up to this long are read from runs alone: few rows, and charts with sub-hour steps. */
export const RAW_ONLY_MS = 2 * HOUR;

export type Grain = "day" | "hour";

export interface WindowSplit {
  /** Whole UTC days [from, to) read from the daily rollups. */
  days: Span | null;
  /** Whole hours outside those days, read from the hourly rollups. */
  hours: Span[];
  /** Partial hours read from runs; the last one includes its end unless the window's end is open. */
  edges: Array<Span & { inclusive: boolean }>;
}

const ceilTo = (t: number, unit: number) => Math.ceil(t / unit) * unit;
const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;

/**
 * Splits a window into whole days, whole hours and partial-hour edges. `grain: "hour"` never uses
 * days (charts with steps under a day need rows no coarser than their step).
 */
export function splitWindow(w: Span, grain: Grain = "day"): WindowSplit {
  const from = w.from.getTime();
  const to = w.to.getTime();
  const hFrom = ceilTo(from, HOUR);
  const hTo = floorTo(to, HOUR);
  const inclusive = !w.openEnd;
  if (to - from <= RAW_ONLY_MS || hFrom >= hTo) return { days: null, hours: [], edges: [{ from: w.from, to: w.to, inclusive }] };
  const edges: WindowSplit["edges"] = [];
  if (from < hFrom) edges.push({ from: w.from, to: new Date(hFrom), inclusive: false });
  // An open end on the hour leaves this edge empty: the last hour comes from the rollups.
  edges.push({ from: new Date(hTo), to: w.to, inclusive });
  const dFrom = ceilTo(hFrom, DAY);
  const dTo = floorTo(hTo, DAY);
  if (grain === "hour" || dFrom >= dTo) return { days: null, hours: [{ from: new Date(hFrom), to: new Date(hTo) }], edges };
  const hours = [
    ...(hFrom < dFrom ? [{ from: new Date(hFrom), to: new Date(dFrom) }] : []),
    ...(dTo < hTo ? [{ from: new Date(dTo), to: new Date(hTo) }] : []),
  ];
  return { days: { from: new Date(dFrom), to: new Date(dTo) }, hours, edges };
}

export type RollupName = "rollup_hourly" | "rollup_latency" | "rollup_users" | "rollup_orgs" | "rollup_models";

/** The per-day twin of an hourly rollup (same columns, `day` instead of `hour`). */
export const dailyOf = (t: RollupName) => (t === "rollup_hourly" ? "rollup_daily" : `${t}_daily`);

// One run's contribution to each rollup column: must match sightline_rollup_sql in
// prisma/migrations/0002_analytics_rollups (tests/integration/analytics-rollups checks the trigger).
const RUN_FACTS: Record<string, string> = {
  ts: "r.start_time",
  agent_key: "COALESCE(r.agent_id, '')",
  user_id: "r.user_id",
  org_id: "r.org_id",
  runs: "1",
  errors: "(r.status = 2)::int",
  thumbs_up: "(r.feedback_score IS NOT DISTINCT FROM 1)::int",
  thumbs_down: "(r.feedback_score IS NOT DISTINCT FROM -1)::int",
  input_tokens: "r.input_tokens::bigint",
  output_tokens: "r.output_tokens::bigint",
  cached_tokens: "r.cached_tokens::bigint",
  cost_usd: "COALESCE(round(r.cost_usd::numeric, 12), 0)",
  duration_count: "(r.duration_ms IS NOT NULL)::int",
  duration_sum_ms: "COALESCE(r.duration_ms, 0)::bigint",
  bucket: "sightline_latency_bucket(r.duration_ms)",
  model: "mm.model",
};

const RAW_FROM: Record<RollupName, { from: string; where: string }> = {
  rollup_hourly: { from: "runs r", where: "TRUE" },
  rollup_latency: { from: "runs r", where: "r.duration_ms IS NOT NULL" },
  rollup_users: { from: "runs r", where: "r.user_id IS NOT NULL" },
  rollup_orgs: { from: "runs r", where: "r.org_id IS NOT NULL" },
  rollup_models: { from: "runs r CROSS JOIN LATERAL unnest(r.models) AS mm(model)", where: "TRUE" },
};

export interface SourceSpec {
  table: RollupName;
  columns: string[];
  /** Only these ids (rollup_users: user ids, rollup_orgs: org ids). */
  ids?: { column: "user_id" | "org_id"; values: string[] };
  /** The coarsest rollup rows to use (default day). */
  grain?: Grain;
}

const isoParam = (p: SqlWhere, d: Date) => `${p.param(d.toISOString())}::timestamptz`;

/** `(col >= a AND col < b) OR …` for half-open spans. */
const spansSql = (p: SqlWhere, col: string, spans: Span[]) =>
  spans.map((s) => `(${col} >= ${isoParam(p, s.from)} AND ${col} < ${isoParam(p, s.to)})`).join(" OR ");

/**
 * A parenthesised UNION ALL yielding `columns` (plus `ts`: the day or hour of a rollup row, the
 * start time of a run) for the scope and window. Callers aggregate over it; every column is summable.
 */
export function rollupSource(p: SqlWhere, scope: Scope, window: Span, spec: SourceSpec): string {
  const split = splitWindow(window, spec.grain);
  const project = p.param(scope.projectId);
  const agent = scope.agentId === null ? null : p.param(scope.agentId);
  const ids = spec.ids ? p.param(spec.ids.values) : null;
  const cols = ["ts", ...spec.columns.filter((c) => c !== "ts")];
  const scoped = (prefix: string) => [
    ...(agent ? [`${prefix}agent_key = ${agent}`] : []),
    ...(ids && spec.ids ? [`${prefix}${spec.ids.column} = ANY(${ids}::text[])`] : []),
  ];
  const parts: string[] = [];
  const rollup = (table: string, timeCol: string, spans: Span[]) => {
    const conds = [`project_id = ${project}`, `(${spansSql(p, timeCol, spans)})`, ...scoped("")];
    parts.push(`SELECT ${cols.map((c) => (c === "ts" ? `${timeCol} AS ts` : c)).join(", ")} FROM ${table} WHERE ${conds.join(" AND ")}`);
  };
  if (split.days) rollup(dailyOf(spec.table), "day", [split.days]);
  if (split.hours.length) rollup(spec.table, "hour", split.hours);
  const raw = RAW_FROM[spec.table];
  const ranges = split.edges.map((e) => `(r.start_time >= ${isoParam(p, e.from)} AND r.start_time ${e.inclusive ? "<=" : "<"} ${isoParam(p, e.to)})`);
  const conds = [`r.project_id = ${project}`, `(${ranges.join(" OR ")})`, raw.where];
  if (agent) conds.push(`r.agent_id = ${agent}`);
  if (ids && spec.ids) conds.push(`r.${spec.ids.column} = ANY(${ids}::text[])`);
  parts.push(`SELECT ${cols.map((c) => `${RUN_FACTS[c] ?? c} AS ${c}`).join(", ")} FROM ${raw.from} WHERE ${conds.join(" AND ")}`);
  return `(${parts.join(" UNION ALL ")})`;
}

export interface Totals {
  runs: number;
  errors: number;
  /** errors / runs, null without runs. */
  failureRate: number | null;
  thumbsUp: number;
  thumbsDown: number;
  /** thumbs up / (up + down), null without thumbs. */
  thumbsUpRatio: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export const TOTAL_COLUMNS = ["runs", "errors", "thumbs_up", "thumbs_down", "input_tokens", "output_tokens", "cost_usd"];

/** `COALESCE(sum(c), 0)::float8 AS c` for each column (sums of bigint/numeric come back as numbers). */
export const sumsSql = (cols: string[]) => cols.map((c) => `COALESCE(sum(${c}), 0)::float8 AS ${c}`).join(", ");
export const TOTAL_SUMS = sumsSql(TOTAL_COLUMNS);

export const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** What sumsSql(TOTAL_COLUMNS) yields: every sum as float8, so a number on both databases. */
export interface TotalsDbRow {
  runs: number;
  errors: number;
  thumbs_up: number;
  thumbs_down: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
}

/** Totals of a row; none (no rollup row for that key or step) is all zero. */
export function rowToTotals(r: TotalsDbRow | undefined): Totals {
  const t = r ?? { runs: 0, errors: 0, thumbs_up: 0, thumbs_down: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 };
  return {
    runs: t.runs,
    errors: t.errors,
    failureRate: ratio(t.errors, t.runs),
    thumbsUp: t.thumbs_up,
    thumbsDown: t.thumbs_down,
    thumbsUpRatio: ratio(t.thumbs_up, t.thumbs_up + t.thumbs_down),
    inputTokens: t.input_tokens,
    outputTokens: t.output_tokens,
    costUsd: t.cost_usd,
  };
}

/** Totals of a rollup (hourly, users or orgs) for the scope and window. */
export async function totals(q: Queryable, scope: Scope, window: Span, spec: Omit<SourceSpec, "columns">): Promise<Totals> {
  const p = new SqlWhere();
  const src = rollupSource(p, scope, window, { ...spec, columns: TOTAL_COLUMNS });
  const [row] = await q.query<TotalsDbRow>(`SELECT ${TOTAL_SUMS} FROM ${src} s`, p.params);
  return rowToTotals(row);
}

const MONTH_BITS = 744;

/**
 * Per UTC month touched by the spans (whole hours): its start and a bit mask of the spans' hours
 * (bit 0 = first hour). Built a month at a time: built an hour at a time, a window of decades took
 * the server's thread for a quarter of a second per window (876,000 hours a century).
 */
export function monthMasks(spans: Span[]): Array<{ month: string; mask: string }> {
  const masks = new Map<number, Uint8Array>();
  for (const s of spans) {
    const from = s.from.getTime();
    const to = s.to.getTime();
    if (from >= to) continue;
    const first = new Date(from);
    let month = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1);
    while (month < to) {
      const d = new Date(month);
      const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      const bits = masks.get(month) ?? new Uint8Array(MONTH_BITS).fill(48); // "0"
      bits.fill(49, (Math.max(from, month) - month) / HOUR, Math.ceil((Math.min(to, next) - month) / HOUR)); // "1"
      masks.set(month, bits);
      month = next;
    }
  }
  return [...masks].map(([month, bits]) => ({ month: new Date(month).toISOString(), mask: Buffer.from(bits).toString("latin1") }));
}

/**
 * SQL yielding `(kind, n0, n1, …)`: for kind 'u' (users) and 'o' (orgs), how many distinct ids had
 * at least one run in each of the windows, in one pass however many windows there are (the
 * overview counts the window and the one before it). Whole hours come from the activity bitmaps
 * (one row per user or org, agent or all agents, and month; migration 0011_tools_activity_users),
 * tested against one mask per window and month; partial hours at the edges come from runs. Reads
 * one row per active id and month touched by any window, never a row per (id, day). Exact but for
 * runs deleted or moved to another user inside the window (bits are never cleared). A kind without
 * any active id has no row.
 */
export function activeCountsSql(p: SqlWhere, scope: Scope, windows: Span[]): string {
  const splits = windows.map((w) => splitWindow(w, "hour"));
  const project = p.param(scope.projectId);
  const perWindow = splits.map((s) => new Map(monthMasks(s.hours).map((m) => [m.month, m.mask])));
  const months = [...new Set(perWindow.flatMap((m) => [...m.keys()]))].sort();
  const zero = "0".repeat(MONTH_BITS);
  const hit = windows.map((_, i) => `h${i}`);
  const parts: string[] = [];
  if (months.length) {
    // The masks are cast to bits once, in the arrays: a cast per joined row (one per active id
    // and month) was three quarters of the query at 1M runs (296 → 77 ms on PostgreSQL).
    const masks = perWindow.map((m) => `${p.param(months.map((month) => m.get(month) ?? zero))}::text[]::bit(${MONTH_BITS})[]`);
    const none = `repeat('0', ${MONTH_BITS})::bit(${MONTH_BITS})`;
    parts.push(`SELECT * FROM (
        SELECT a.kind, a.id, ${hit.map((h, i) => `(a.hours & w.m${i}) <> ${none} AS ${h}`).join(", ")}
        FROM unnest(${p.param(months)}::timestamptz[], ${masks.join(", ")}) AS w(month, ${hit.map((_, i) => `m${i}`).join(", ")})
        JOIN activity_months a ON a.project_id = ${project} AND a.kind IN ('u', 'o')
          AND a.agent_key = ${p.param(scope.agentId ?? "*")} AND a.month = w.month
      ) b WHERE ${hit.join(" OR ")}`);
  }
  const inEdges = splits.map((s) =>
    s.edges.map((e) => `(r.start_time >= ${isoParam(p, e.from)} AND r.start_time ${e.inclusive ? "<=" : "<"} ${isoParam(p, e.to)})`).join(" OR "),
  );
  const agent = scope.agentId === null ? "" : ` AND r.agent_id = ${p.param(scope.agentId)}`;
  parts.push(`SELECT k.kind, k.id, ${inEdges.map((c, i) => `(${c}) AS h${i}`).join(", ")}
    FROM runs r CROSS JOIN LATERAL (VALUES ('u', r.user_id), ('o', r.org_id)) AS k(kind, id)
    WHERE r.project_id = ${project} AND (${inEdges.join(" OR ")}) AND k.id IS NOT NULL${agent}`);
  // One hash aggregate over (kind, id), then a count per window: no sort of tens of thousands of
  // ids, as count(DISTINCT …) would do once per window and kind.
  return `SELECT kind, ${hit.map((h, i) => `count(*) FILTER (WHERE ${h})::int AS n${i}`).join(", ")} FROM (
      SELECT kind, id, ${hit.map((h) => `bool_or(${h}) AS ${h}`).join(", ")} FROM (${parts.join(" UNION ALL ")}) x GROUP BY kind, id
    ) d GROUP BY kind`;
}

export interface ActiveCounts {
  users: number;
  orgs: number;
}

/** Rows of activeCountsSql as counts per window. */
export function toActiveCounts(rows: Array<Record<string, unknown>>, windows: number): ActiveCounts[] {
  const of = (kind: string, i: number) => Number(rows.find((r) => r.kind === kind)?.[`n${i}`] ?? 0);
  return Array.from({ length: windows }, (_, i) => ({ users: of("u", i), orgs: of("o", i) }));
}

/** Distinct active users and orgs of each window, in one query (see activeCountsSql). */
export async function activeCounts(q: Queryable, scope: Scope, windows: Span[]): Promise<ActiveCounts[]> {
  const p = new SqlWhere();
  const rows = await q.query<Record<string, unknown>>(activeCountsSql(p, scope, windows), p.params);
  return toActiveCounts(rows, windows.length);
}

// Latency percentiles from the histogram of sightline_latency_bucket (ratio 1.1 per bucket). Each
// run stands for its bucket's geometric middle (within 5% of its real value) and ranks are
// interpolated like percentile_cont, so the result is within 5% of the exact percentile.
const BUCKET_RATIO = 1.1;
const bucketValue = (b: number): number => (b <= 0 ? 0.5 : BUCKET_RATIO ** (b - 0.5));

/** The q-quantile (0..1) of a histogram {bucket, n}, as percentile_cont would give it. */
export function histogramQuantile(hist: Array<{ bucket: number; n: number }>, quantile: number): number | null {
  const sorted = hist.filter((h) => h.n > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((s, h) => s + h.n, 0);
  if (!total) return null;
  const valueAt = (k: number): number => {
    let seen = 0;
    for (const h of sorted) {
      seen += h.n;
      if (k < seen) return bucketValue(h.bucket);
    }
    return bucketValue(sorted[sorted.length - 1]!.bucket);
  };
  const rank = quantile * (total - 1);
  const lo = Math.floor(rank);
  const below = valueAt(lo);
  return rank === lo ? below : below + (rank - lo) * (valueAt(lo + 1) - below);
}

/** The most steps of a chart: a day each up to this many days, then several days each. */
export const MAX_CHART_STEPS = 400;

/**
 * Chart step for a window: sub-hour steps only where the window is read from runs alone; whole
 * days beyond, as many days per step as keep a chart under MAX_CHART_STEPS points (a window of
 * decades drew a point per day in every chart and sparkline of the page).
 */
export function seriesStepMs(w: Span): number {
  const len = w.to.getTime() - w.from.getTime();
  if (len <= 15 * 60_000) return 60_000;
  if (len <= RAW_ONLY_MS) return 5 * 60_000;
  if (len <= 2 * DAY) return HOUR;
  if (len <= 8 * DAY) return 6 * HOUR;
  return Math.max(1, Math.ceil(len / DAY / MAX_CHART_STEPS)) * DAY;
}

/** Rollup rows no coarser than a chart step (day rows only for steps of whole days). */
export const stepGrain = (stepMs: number): Grain => (stepMs % DAY === 0 ? "day" : "hour");

/** SQL for the start of the step containing s.ts (steps aligned on the Unix epoch, UTC). */
export const stepStart = (p: SqlWhere, stepMs: number) =>
  `date_bin(${p.param(`${stepMs / 1000} seconds`)}::interval, s.ts, TIMESTAMPTZ '1970-01-01 00:00:00+00')`;

/** Every step start of the window, so charts show empty steps as zero. */
export function stepStarts(w: Span, stepMs: number): number[] {
  const out: number[] = [];
  for (let t = Math.floor(w.from.getTime() / stepMs) * stepMs; t <= w.to.getTime(); t += stepMs) out.push(t);
  return out;
}

export interface TrendPoint extends Totals {
  t: string;
}

/** SQL yielding `(t, …TOTAL_COLUMNS)` per chart step of a rollup (hourly, users or orgs) that has rows. */
export function trendSql(p: SqlWhere, scope: Scope, window: Span, spec: Omit<SourceSpec, "columns">, stepMs: number): string {
  const src = rollupSource(p, scope, window, { ...spec, columns: TOTAL_COLUMNS, grain: stepGrain(stepMs) });
  return `SELECT ${stepStart(p, stepMs)} AS t, ${TOTAL_SUMS} FROM ${src} s GROUP BY 1`;
}

/** Rows of trendSql (t as a Date, or as JSON text) zero-filled over every step of the window. */
export function trendPoints(rows: Array<TotalsDbRow & { t: Date | string }>, window: Span, stepMs: number): TrendPoint[] {
  const byT = new Map(rows.map((r) => [new Date(r.t).getTime(), r]));
  return stepStarts(window, stepMs).map((t) => ({ t: new Date(t).toISOString(), ...rowToTotals(byT.get(t)) }));
}

/** Totals per chart step of a rollup (hourly, users or orgs), zero-filled. */
export async function trend(
  q: Queryable,
  scope: Scope,
  window: Span,
  spec: Omit<SourceSpec, "columns">,
  stepMs = seriesStepMs(window),
): Promise<{ stepMs: number; points: TrendPoint[] }> {
  const p = new SqlWhere();
  const rows = await q.query<TotalsDbRow & { t: Date }>(trendSql(p, scope, window, spec, stepMs), p.params);
  return { stepMs, points: trendPoints(rows, window, stepMs) };
}
