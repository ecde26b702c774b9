import "server-only";
// Failure groups: failed runs, steps and tool calls grouped by error signature, for /failures,
// /failures/{signature} and GET /v1/failures (docs/failures.md, Reads). Counts come from the
// failure rollups for whole days and hours and from failure_occurrences for the partial hours at
// the window's edges, so they are exact for any window. With run filters other than the agent
// (user, org, session, status, feedback, model, metadata) the rollups cannot answer: occurrences
// are joined to the runs that match, bounded by the window.
import type { Queryable } from "@/lib/db/sql";
import type { FailureCategory } from "@/lib/insights/failures/classify";
import type { FailureKind } from "@/lib/insights/failures/signature";
import { FilterError } from "@/lib/validations/list-params";
import type { FailureFilters } from "@/lib/validations/lists";
import { runConditions, type Page } from "./runs";
import { decodeCursor, encodeCursor, SqlWhere } from "./sql-where";
import { resolveScope, seriesStepMs, splitWindow, stepGrain, stepStart, stepStarts, type Grain, type Scope, type Span } from "./stats";

/** One group as GET /v1/failures returns it. */
export interface FailureGroupDto {
  signature: string;
  kind: FailureKind;
  tool: string | null;
  category: FailureCategory;
  /** The identifying line with its variable parts marked (<int>, <uuid>, …). */
  message: string;
  /** Failed items (runs, steps, tool calls) in the window. */
  count: number;
  runCount: number;
  userCount: number;
  /** First and last occurrence inside the window. */
  firstSeenAt: string | null;
  lastSeenAt: string | null;
}

/** What the dashboard shows besides: the group's first occurrence ever, and its trend. */
export interface FailureGroupView extends FailureGroupDto {
  errorClass: string | null;
  code: string | null;
  /** First seen (ever) inside the window. */
  isNew: boolean;
  groupFirstSeenAt: string;
  /** Occurrences per chart step (stepMs), oldest first. */
  trend: number[];
}

export interface FailureListResult extends Page<FailureGroupView> {
  stepMs: number;
}

type Filters = Omit<FailureFilters, "limit" | "cursor">;

/** Filters the rollups cannot answer (they are keyed by hour, agent and signature only). */
const hasRunFilters = (f: Filters) =>
  !!(f.userId || f.orgId || f.sessionId || f.conversational !== null || f.status || f.feedback || f.model || f.metadata.length);

const iso = (p: SqlWhere, d: Date) => `${p.param(d.toISOString())}::timestamptz`;

/** Conditions on failure_occurrences fo: the scope, the window and, if any, the run filters. */
async function occurrenceConditions(q: Queryable, p: SqlWhere, projectId: string, scope: Scope, f: Filters): Promise<string> {
  const conds = [
    `fo.project_id = ${p.param(projectId)}`,
    `fo.start_time >= ${iso(p, f.window.from)}`,
    `fo.start_time <= ${iso(p, f.window.to)}`,
    ...(scope.agentId === null ? [] : [`fo.agent_id = ${p.param(scope.agentId)}`]),
  ];
  if (hasRunFilters(f)) {
    // The agent is the scope's (already resolved), so runConditions cannot come back empty here.
    const w = await runConditions(q, projectId, { ...f, agent: null }, p);
    conds.push(`EXISTS (SELECT 1 FROM runs r WHERE r.project_id = fo.project_id AND r.id = fo.run_id AND ${w ? w.sql() : "FALSE"})`);
  }
  return conds.join(" AND ");
}

/**
 * The rows a failure read aggregates, as a parenthesised UNION ALL of (signature, ts, occurrences,
 * runs). Rollup rows carry their sums; occurrences come one row per (signature, run) with the
 * run's start time (a run's occurrences all share it, so a run lies either in one rollup bucket or
 * in the edges) and runs = 1. Every column is then a plain sum: no distinct count, so the readers
 * aggregate by hash. With run filters every row is a matching run's.
 */
async function failureSource(q: Queryable, p: SqlWhere, projectId: string, scope: Scope, f: Filters, grain: Grain = "day"): Promise<string> {
  if (hasRunFilters(f)) return `(${occurrenceRows(await occurrenceConditions(q, p, projectId, scope, f))})`;
  return rollupSource(p, scope, f.window, grain);
}

/** Occurrences matching `where`, one row per (signature, run): see failureSource. */
const occurrenceRows = (where: string) =>
  `SELECT fo.signature, min(fo.start_time) AS ts, count(*) AS occurrences, 1 AS runs FROM failure_occurrences fo WHERE ${where} GROUP BY fo.signature, fo.run_id`;

/** failureSource without run filters: the rollups for whole days and hours, occurrences at the edges. */
function rollupSource(p: SqlWhere, scope: Scope, window: Span, grain: Grain = "day"): string {
  const project = p.param(scope.projectId);
  const agent = scope.agentId === null ? null : p.param(scope.agentId);
  const split = splitWindow(window, grain);
  const parts: string[] = [];
  const rollup = (table: string, col: string, spans: Span[]) => {
    const range = spans.map((s) => `(${col} >= ${iso(p, s.from)} AND ${col} < ${iso(p, s.to)})`).join(" OR ");
    parts.push(
      `SELECT signature, ${col} AS ts, occurrences, runs FROM ${table}
       WHERE project_id = ${project} AND (${range})${agent ? ` AND agent_key = ${agent}` : ""}`,
    );
  };
  if (split.days) rollup("rollup_failures_daily", "day", [split.days]);
  if (split.hours.length) rollup("rollup_failures", "hour", split.hours);
  const edges = split.edges.map((e) => `(fo.start_time >= ${iso(p, e.from)} AND fo.start_time ${e.inclusive ? "<=" : "<"} ${iso(p, e.to)})`);
  parts.push(occurrenceRows(`fo.project_id = ${project}${agent ? ` AND fo.agent_id = ${agent}` : ""} AND (${edges.join(" OR ")})`));
  return `(${parts.join(" UNION ALL ")})`;
}

/** A group's occurrences in a window and in an earlier one (what a recap reports on). */
export interface FailureCountDto {
  signature: string;
  kind: FailureKind;
  tool: string | null;
  message: string;
  count: number;
  previousCount: number;
  /** The group's first occurrence ever. */
  firstSeenAt: Date;
}

/**
 * The `limit` largest groups of `window` (ties by signature) with their count in `previous`,
 * counted as GET /v1/failures counts them (the same rollups and edges), in one statement: both
 * windows in one pass, without what the list adds (users, first and last seen in the window).
 */
export async function failureCounts(q: Queryable, scope: Scope, window: Span, previous: Span, limit: number): Promise<FailureCountDto[]> {
  const p = new SqlWhere();
  const current = rollupSource(p, scope, window);
  const before = rollupSource(p, scope, previous);
  const rows = await q.query<{
    signature: string;
    kind: FailureKind;
    tool: string | null;
    template: string;
    first_seen: Date | string;
    count: number;
    previous: number;
  }>(
    `SELECT g.signature, g.kind, g.tool, g.template, g.first_seen, s.count, s.previous
     FROM (SELECT signature, COALESCE(sum(occurrences) FILTER (WHERE w = 0), 0)::float8 AS count, COALESCE(sum(occurrences) FILTER (WHERE w = 1), 0)::float8 AS previous
           FROM (SELECT 0 AS w, a.signature, a.occurrences FROM ${current} a UNION ALL SELECT 1, b.signature, b.occurrences FROM ${before} b) x
           GROUP BY signature) s
     JOIN failure_groups g ON g.project_id = ${p.param(scope.projectId)} AND g.signature = s.signature
     WHERE s.count > 0 ORDER BY s.count DESC, s.signature ASC LIMIT ${Math.max(1, Math.floor(limit))}`,
    p.params,
  );
  return rows.map((r) => ({
    signature: r.signature,
    kind: r.kind,
    tool: r.tool,
    message: r.template,
    count: r.count,
    previousCount: r.previous,
    firstSeenAt: new Date(r.first_seen),
  }));
}

/** A tool's most frequent failure groups in a window (GET /v1/tools' topErrors). */
export interface ToolErrorDto {
  signature: string;
  /** The group's message with its variable parts marked, as GET /v1/failures has it. */
  message: string;
  /** Failed calls of the tool with this signature in the window. */
  count: number;
}

/**
 * The `perTool` largest tool-call failure groups of each of `tools` in the window (ties by
 * signature), from the same rollups as GET /v1/failures: occurrences are placed by their run's
 * start time, so a call just outside the window counts when its run started inside it.
 */
export async function topToolErrors(q: Queryable, scope: Scope, window: Span, tools: string[], perTool = 3): Promise<Map<string, ToolErrorDto[]>> {
  const out = new Map<string, ToolErrorDto[]>();
  if (!tools.length) return out;
  const p = new SqlWhere();
  const project = p.param(scope.projectId);
  // The tool-call groups first (a few hundred rows at most): the window's rows of other kinds are
  // dropped before they are summed.
  const rows = await q.query<{ tool: string; signature: string; template: string; count: number }>(
    `WITH g AS MATERIALIZED (SELECT signature, tool, template FROM failure_groups
                             WHERE project_id = ${project} AND kind = 'tool_call' AND tool = ANY(${p.param(tools)}::text[]))
     SELECT tool, signature, template, count FROM (
       SELECT g.tool, g.signature, g.template, s.count::float8 AS count,
              row_number() OVER (PARTITION BY g.tool ORDER BY s.count DESC, g.signature) AS rank
       FROM (SELECT x.signature, sum(x.occurrences) AS count FROM ${rollupSource(p, scope, window)} x
             WHERE x.signature IN (SELECT signature FROM g) GROUP BY x.signature) s
       JOIN g ON g.signature = s.signature WHERE s.count > 0) ranked
     WHERE rank <= ${Math.max(1, Math.floor(perTool))} ORDER BY tool, rank`,
    p.params,
  );
  for (const r of rows) out.set(r.tool, [...(out.get(r.tool) ?? []), { signature: r.signature, message: r.template, count: r.count }]);
  return out;
}

/** Conditions on failure_groups g from the group filters (kind, category, tool). */
function groupConditions(p: SqlWhere, f: Filters, signatures?: string[]): string {
  const c = [] as string[];
  if (f.kind) c.push(`g.kind = ${p.param(f.kind)}`);
  if (f.category) c.push(`g.category = ${p.param(f.category)}`);
  if (f.tool) c.push(`g.tool = ${p.param(f.tool)}`);
  if (signatures) c.push(`g.signature = ANY(${p.param(signatures)}::text[])`);
  return c.length ? c.join(" AND ") : "TRUE";
}

interface GroupDbRow {
  signature: string;
  kind: FailureKind;
  tool: string | null;
  category: FailureCategory;
  error_class: string | null;
  code: string | null;
  template: string;
  first_seen: Date;
  count: number;
  run_count: number;
}

interface DetailDbRow {
  signature: string;
  first_at: Date | null;
  last_at: Date | null;
  users: number;
}

/**
 * Groups with occurrences in the window, largest first (ties by signature), one page; or only the
 * given signatures. The page's first/last seen and distinct users are read exactly from the
 * occurrences of those groups alone (failure_occurrences_signature_idx covers them).
 */
export async function listFailures(
  q: Queryable,
  projectId: string,
  f: Filters & { limit?: number; cursor?: string | null },
  opts: { signatures?: string[]; trend?: boolean } = {},
): Promise<FailureListResult> {
  const stepMs = seriesStepMs(f.window);
  const scope = await resolveScope(q, projectId, f.agent);
  if (!scope) return { data: [], nextCursor: null, stepMs };
  const limit = f.limit ?? 50;
  const p = new SqlWhere();
  // With the trend, one pass over the source: summed per (signature, chart step), then per
  // signature with its steps, so the trend costs no second read of the rollups.
  const src = await failureSource(q, p, projectId, scope, f, opts.trend ? stepGrain(stepMs) : "day");
  const sums = opts.trend
    ? `SELECT signature, sum(n) AS count, sum(runs) AS run_count, json_agg(json_build_array(extract(epoch FROM t)::float8 * 1000, n::float8)) AS trend
       FROM (SELECT s.signature, ${stepStart(p, stepMs)} AS t, sum(s.occurrences) AS n, sum(s.runs) AS runs FROM ${src} s GROUP BY 1, 2) per GROUP BY signature`
    : `SELECT signature, sum(occurrences) AS count, sum(runs) AS run_count, NULL::json AS trend FROM ${src} x GROUP BY signature`;
  const conds = [groupConditions(p, f, opts.signatures)];
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    if (!/^\d+$/.test(c.v)) throw new FilterError("cursor does not belong to this list; pass the nextCursor of the same query.");
    conds.push(`(s.count < ${p.param(c.v)}::bigint OR (s.count = ${p.param(c.v)}::bigint AND s.signature > ${p.param(c.id)}))`);
  }
  const rows = await q.query<GroupDbRow & { trend: Array<[number, number]> | null }>(
    `SELECT g.signature, g.kind, g.tool, g.category, g.error_class, g.code, g.template, g.first_seen, s.count::float8 AS count, s.run_count::float8 AS run_count, s.trend
     FROM (${sums}) s
     JOIN failure_groups g ON g.project_id = ${p.param(projectId)} AND g.signature = s.signature
     WHERE s.count > 0 AND ${conds.join(" AND ")}
     ORDER BY s.count DESC, s.signature ASC LIMIT ${limit + 1}`,
    p.params,
  );
  const page = rows.slice(0, limit);
  const sigs = page.map((r) => r.signature);
  const details = await groupDetails(q, projectId, scope, f, sigs);
  const starts = stepStarts(f.window, stepMs);
  const stepIndex = new Map(starts.map((t, i) => [t, i]));
  const trendOf = (points: Array<[number, number]> | null) => {
    const series = starts.map(() => 0);
    for (const [t, n] of points ?? []) {
      const i = stepIndex.get(t);
      if (i !== undefined) series[i] = n;
    }
    return series;
  };
  const last = page[page.length - 1];
  return {
    stepMs,
    nextCursor: rows.length > limit && last ? encodeCursor(String(last.count), last.signature) : null,
    data: page.map((r): FailureGroupView => {
      const d = details.get(r.signature);
      return {
        signature: r.signature,
        kind: r.kind,
        tool: r.tool,
        category: r.category,
        message: r.template,
        count: r.count,
        runCount: r.run_count,
        userCount: d?.users ?? 0,
        firstSeenAt: d?.first_at?.toISOString() ?? null,
        lastSeenAt: d?.last_at?.toISOString() ?? null,
        errorClass: r.error_class,
        code: r.code,
        isNew: r.first_seen.getTime() >= f.window.from.getTime(),
        groupFirstSeenAt: r.first_seen.toISOString(),
        trend: opts.trend ? trendOf(r.trend) : [],
      };
    }),
  };
}

async function groupDetails(q: Queryable, projectId: string, scope: Scope, f: Filters, sigs: string[]): Promise<Map<string, DetailDbRow>> {
  if (!sigs.length) return new Map();
  const p = new SqlWhere();
  const where = await occurrenceConditions(q, p, projectId, scope, f);
  const rows = await q.query<DetailDbRow>(
    `SELECT fo.signature, min(fo.start_time) AS first_at, max(fo.start_time) AS last_at, count(DISTINCT fo.user_id)::int AS users
     FROM failure_occurrences fo WHERE ${where} AND fo.signature = ANY(${p.param(sigs)}::text[]) GROUP BY fo.signature`,
    p.params,
  );
  return new Map(rows.map((r) => [r.signature, r]));
}

export interface FailureVariantDto {
  /** The identifying line as one occurrence had it. */
  message: string;
  count: number;
  lastSeenAt: string;
}

export interface FailureUserDto {
  userId: string;
  count: number;
  runCount: number;
  lastSeenAt: string;
}

export interface FailureGroupDetail {
  group: FailureGroupView;
  variants: FailureVariantDto[];
  users: FailureUserDto[];
  stepMs: number;
}

/** The stored group of a signature, whatever the window (null when the project never saw it). */
export async function findFailureGroup(q: Queryable, projectId: string, signature: string): Promise<GroupDbRow | null> {
  const [row] = await q.query<GroupDbRow>(
    `SELECT signature, kind, tool, category, error_class, code, template, first_seen, 0::float8 AS count, 0::float8 AS run_count
     FROM failure_groups WHERE project_id = $1 AND signature = $2`,
    [projectId, signature],
  );
  return row ?? null;
}

const DETAIL_ROWS = 20;

/** A group's page: its counts in the window, its message variants and the users it hit. Null if unknown. */
export async function getFailureGroup(q: Queryable, projectId: string, signature: string, f: Filters): Promise<FailureGroupDetail | null> {
  const stored = await findFailureGroup(q, projectId, signature);
  if (!stored) return null;
  const listed = await listFailures(q, projectId, { ...f, kind: null, category: null, tool: null }, { signatures: [signature], trend: true });
  const stepMs = listed.stepMs;
  const group: FailureGroupView = listed.data[0] ?? {
    signature,
    kind: stored.kind,
    tool: stored.tool,
    category: stored.category,
    message: stored.template,
    count: 0,
    runCount: 0,
    userCount: 0,
    firstSeenAt: null,
    lastSeenAt: null,
    errorClass: stored.error_class,
    code: stored.code,
    isNew: stored.first_seen.getTime() >= f.window.from.getTime(),
    groupFirstSeenAt: stored.first_seen.toISOString(),
    trend: stepStarts(f.window, stepMs).map(() => 0),
  };
  const scope = await resolveScope(q, projectId, f.agent);
  if (!scope || group.count === 0) return { group, variants: [], users: [], stepMs };
  const p = new SqlWhere();
  const where = `${await occurrenceConditions(q, p, projectId, scope, f)} AND fo.signature = ${p.param(signature)}`;
  const [variants, users] = await Promise.all([
    q.query<{ message: string; count: number; last_at: Date }>(
      `SELECT fo.message, count(*)::float8 AS count, max(fo.start_time) AS last_at FROM failure_occurrences fo WHERE ${where}
       GROUP BY fo.message ORDER BY count(*) DESC, fo.message LIMIT ${DETAIL_ROWS}`,
      p.params,
    ),
    q.query<{ user_id: string; count: number; runs: number; last_at: Date }>(
      `SELECT fo.user_id, count(*)::float8 AS count, count(DISTINCT fo.run_id)::float8 AS runs, max(fo.start_time) AS last_at
       FROM failure_occurrences fo WHERE ${where} AND fo.user_id IS NOT NULL
       GROUP BY fo.user_id ORDER BY count(*) DESC, fo.user_id LIMIT ${DETAIL_ROWS}`,
      p.params,
    ),
  ]);
  return {
    group,
    stepMs,
    variants: variants.map((v) => ({ message: v.message, count: v.count, lastSeenAt: v.last_at.toISOString() })),
    users: users.map((u) => ({ userId: u.user_id, count: u.count, runCount: u.runs, lastSeenAt: u.last_at.toISOString() })),
  };
}

/** The REST shape of a group (GET /v1/failures). */
export const toFailureDto = (g: FailureGroupView): FailureGroupDto => ({
  signature: g.signature,
  kind: g.kind,
  tool: g.tool,
  category: g.category,
  message: g.message,
  count: g.count,
  runCount: g.runCount,
  userCount: g.userCount,
  firstSeenAt: g.firstSeenAt,
  lastSeenAt: g.lastSeenAt,
});
