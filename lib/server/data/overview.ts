import "server-only";
// The overview page: KPIs for the window and the one before it, charts over time, and the top
// agents and models, all read from the rollups through stats.ts; GET /v1/metrics reads the same
// kpis() and series(). Top users and orgs are not here: they have their own pages, and reading
// them meant a row per (user, day) of the window (~870k rows for 30 days at 1M runs).
import type { Queryable } from "@/lib/db/sql";
import { previousWindow, type TimeWindow } from "@/lib/validations/window";
import { SqlWhere } from "./sql-where";
import {
  activeCountsSql,
  histogramQuantile,
  ratio,
  rollupSource,
  rowToTotals,
  seriesStepMs,
  stepGrain,
  stepStart,
  sumsSql,
  toActiveCounts,
  trendPoints,
  trendSql,
  TOTAL_COLUMNS,
  type Scope,
  type Span,
  type Totals,
  type TotalsDbRow,
  type TrendPoint,
} from "./stats";

export interface OverviewKpis extends Totals {
  totalTokens: number;
  cachedTokens: number;
  p50Ms: number | null;
  p95Ms: number | null;
  avgMs: number | null;
  activeUsers: number;
  activeOrgs: number;
}

export interface OverviewPoint extends TrendPoint {
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface TopItem extends Totals {
  id: string;
  name: string | null;
  /** Agents only: the slug of /{agent}/… pages. */
  slug?: string;
}

export interface OverviewDto {
  window: { from: string; to: string };
  previousWindow: { from: string; to: string };
  current: OverviewKpis;
  previous: OverviewKpis;
  stepMs: number;
  series: OverviewPoint[];
  topAgents: TopItem[];
  topModels: TopItem[];
}

const TOP_N = 5;

const EXTRA = ["cached_tokens", "duration_count", "duration_sum_ms"];

type KpiDbRow = TotalsDbRow & { cached_tokens: number; duration_count: number; duration_sum_ms: number };

/**
 * KPIs of several windows (the overview's window and the one before it) in one statement: per
 * window, the rollup sums and the latency histogram, and the active users and orgs of every window
 * in one pass over the activity bitmaps. One round trip matters most to the embedded database,
 * which runs one statement at a time.
 */
export async function kpisOf(q: Queryable, scope: Scope, windows: Span[], options: { active?: boolean } = {}): Promise<OverviewKpis[]> {
  const p = new SqlWhere();
  const cols = [...TOTAL_COLUMNS, ...EXTRA];
  const perWindow = windows.map((w, i) => {
    const src = rollupSource(p, scope, w, { table: "rollup_hourly", columns: cols });
    const lat = rollupSource(p, scope, w, { table: "rollup_latency", columns: ["bucket", "runs"] });
    return `(SELECT row_to_json(t) FROM (SELECT ${sumsSql(cols)} FROM ${src} s) t) AS t${i},
      (SELECT COALESCE(json_agg(h), '[]') FROM (SELECT bucket, sum(runs)::float8 AS n FROM ${lat} s GROUP BY bucket) h) AS l${i}`;
  });
  // `active: false` leaves the active users and orgs out (0), for a caller that counts them otherwise.
  const active = options.active === false ? "'[]'::json" : `(SELECT COALESCE(json_agg(a), '[]') FROM (${activeCountsSql(p, scope, windows)}) a)`;
  const [row] = await q.query<Record<string, unknown>>(`SELECT ${perWindow.join(",\n")}, ${active} AS active`, p.params);
  const counts = toActiveCounts((row?.active ?? []) as Array<Record<string, unknown>>, windows.length);
  return windows.map((_, i) => {
    const sums = row?.[`t${i}`] as KpiDbRow | undefined;
    const hist = (row?.[`l${i}`] ?? []) as Array<{ bucket: number; n: number }>;
    const t = rowToTotals(sums);
    return {
      ...t,
      totalTokens: t.inputTokens + t.outputTokens,
      cachedTokens: sums?.cached_tokens ?? 0,
      p50Ms: histogramQuantile(hist, 0.5),
      p95Ms: histogramQuantile(hist, 0.95),
      avgMs: ratio(sums?.duration_sum_ms ?? 0, sums?.duration_count ?? 0),
      activeUsers: counts[i]!.users,
      activeOrgs: counts[i]!.orgs,
    };
  });
}

/** KPIs for a window. */
export async function kpis(q: Queryable, scope: Scope, w: Span): Promise<OverviewKpis> {
  const [k] = await kpisOf(q, scope, [w]);
  return k!;
}

/** Totals and latency per chart step (the window's default step unless given), zero-filled, in one statement. */
export async function series(q: Queryable, scope: Scope, w: Span, stepMs?: number): Promise<{ stepMs: number; points: OverviewPoint[] }> {
  const step = stepMs ?? seriesStepMs(w);
  const p = new SqlWhere();
  const totals = trendSql(p, scope, w, { table: "rollup_hourly" }, step);
  const src = rollupSource(p, scope, w, { table: "rollup_latency", columns: ["bucket", "runs"], grain: stepGrain(step) });
  const [row] = await q.query<{ totals: Array<TotalsDbRow & { t: string }>; lat: Array<{ t: string; bucket: number; n: number }> }>(
    `SELECT (SELECT COALESCE(json_agg(x), '[]') FROM (${totals}) x) AS totals,
       (SELECT COALESCE(json_agg(y), '[]') FROM (SELECT ${stepStart(p, step)} AS t, bucket, sum(runs)::float8 AS n FROM ${src} s GROUP BY 1, 2) y) AS lat`,
    p.params,
  );
  const hists = new Map<number, Array<{ bucket: number; n: number }>>();
  for (const r of row?.lat ?? []) {
    const t = Date.parse(r.t);
    hists.set(t, [...(hists.get(t) ?? []), { bucket: r.bucket, n: r.n }]);
  }
  const points = trendPoints(row?.totals ?? [], w, step).map((pt) => {
    const h = hists.get(Date.parse(pt.t)) ?? [];
    return { ...pt, p50Ms: histogramQuantile(h, 0.5), p95Ms: histogramQuantile(h, 0.95) };
  });
  return { stepMs: step, points };
}

type TopKind = "agents" | "users" | "orgs" | "models";

type Names = (project: string) => string;
const TOP: Record<TopKind, { table: "rollup_hourly" | "rollup_users" | "rollup_orgs" | "rollup_models"; key: string; names: Names | null }> = {
  agents: { table: "rollup_hourly", key: "agent_key", names: (project) => `LEFT JOIN agents n ON n.project_id = ${project} AND n.id = x.id` },
  users: { table: "rollup_users", key: "user_id", names: (project) => `LEFT JOIN end_users n ON n.project_id = ${project} AND n.id = x.id` },
  orgs: { table: "rollup_orgs", key: "org_id", names: (project) => `LEFT JOIN orgs n ON n.project_id = ${project} AND n.id = x.id` },
  models: { table: "rollup_models", key: "model", names: null },
};

/** The top N agents, users, orgs or models by runs in the window, and how many had runs at all. */
export async function top(q: Queryable, scope: Scope, w: Span, kind: TopKind, limit = TOP_N): Promise<{ items: TopItem[]; active: number }> {
  const t = TOP[kind];
  const p = new SqlWhere();
  const cols = kind === "models" ? TOTAL_COLUMNS.filter((c) => !c.startsWith("thumbs")) : TOTAL_COLUMNS;
  const src = rollupSource(p, scope, w, { table: t.table, columns: [t.key, ...cols] });
  const names = t.names ? t.names(p.param(scope.projectId)) : "";
  const name = t.names ? "n.name" : "NULL";
  const slug = kind === "agents" ? ", n.slug" : "";
  // One pass over the window: the window function counts every group before LIMIT keeps the top.
  const rows = await q.query<TotalsDbRow & { id: string; name: string | null; slug?: string; active: number | bigint }>(
    `SELECT x.*, ${name} AS name${slug} FROM (
       SELECT ${t.key} AS id, ${sumsSql(cols)}, count(*) OVER () AS active FROM ${src} s WHERE ${t.key} <> ''
       GROUP BY ${t.key} HAVING sum(runs) > 0 ORDER BY sum(runs) DESC, ${t.key} LIMIT ${Math.max(1, Math.min(limit, 50))}
     ) x ${names} ORDER BY x.runs DESC, x.id`,
    p.params,
  );
  const items = rows.map((r) => ({
    id: r.id,
    name: r.name,
    ...(kind === "agents" ? { slug: r.slug ?? "" } : {}),
    ...rowToTotals(r),
  }));
  return { items, active: Number(rows[0]?.active ?? 0) };
}

export async function getOverview(q: Queryable, scope: Scope, window: TimeWindow): Promise<OverviewDto> {
  const prev = previousWindow(window);
  const none = { items: [], active: 0 };
  const [[current, previous], s, agents, models] = await Promise.all([
    kpisOf(q, scope, [window, prev]) as Promise<[OverviewKpis, OverviewKpis]>,
    series(q, scope, window),
    scope.agentId ? Promise.resolve(none) : top(q, scope, window, "agents"),
    top(q, scope, window, "models"),
  ]);
  const iso = (w: Span) => ({ from: w.from.toISOString(), to: w.to.toISOString() });
  return {
    window: iso(window),
    previousWindow: iso(prev),
    current,
    previous,
    stepMs: s.stepMs,
    series: s.points,
    topAgents: agents.items,
    topModels: models.items,
  };
}
