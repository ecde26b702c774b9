import "server-only";
// End users (tcc.userId) and their organisations (tcc.orgId) share one shape: a table of who was
// active in the window with their runs, sessions, failures, thumbs and cost, and a page each.
// USERS and ORGS configure it: listUsers/getUser and listOrgs/getOrg are the entry points.
//  - sort=lastSeen (default) pages on end_users/orgs (project_id, last_seen DESC) and keeps those
//    with a run in the window: the cost is one page, whatever the data size.
//  - other sorts rank everyone active in the window from the hourly rollups (not the runs).
import type { Queryable } from "@/lib/db/sql";
import { FilterError } from "@/lib/validations/list-params";
import type { OrgFilters, PeopleFilters } from "@/lib/validations/lists";
import type { Page } from "./runs";
import { decodeCursor, encodeCursor, SqlWhere } from "./sql-where";
import { previousWindow, type TimeWindow } from "@/lib/validations/window";
import {
  dailyOf,
  isIsoInstant,
  rollupSource,
  rowToTotals,
  splitWindow,
  sumsSql,
  trend,
  TOTAL_COLUMNS,
  type Scope,
  type Span,
  type Totals,
  type TotalsDbRow,
  type TrendPoint,
} from "./stats";

export interface Dimension {
  rollup: "rollup_users" | "rollup_orgs";
  /** The id column in rollups, runs and sessions. */
  idCol: "user_id" | "org_id";
  /** end_users or orgs: names, first and last seen. */
  table: "end_users" | "orgs";
}

export interface PersonRowDto extends Totals {
  id: string;
  name: string | null;
  /** Users: their organisation. */
  org: { id: string; name: string | null } | null;
  /** Orgs: users known in the organisation. */
  users: number | null;
  sessions: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

const SORT_SQL: Record<Exclude<PeopleFilters["sort"], "lastSeen">, string> = {
  runs: "x.runs",
  errors: "x.errors",
  failureRate: "(x.errors / x.runs)",
  thumbsDown: "x.thumbs_down",
  cost: "x.cost_usd",
};

/** "Has a run in the window": rollup rows for whole days and hours, runs for the edges (indexes by id). */
function activeIn(p: SqlWhere, dim: Dimension, scope: Scope, w: Span, idExpr: string): string {
  const split = splitWindow(w);
  const project = p.param(scope.projectId);
  const agent = scope.agentId ? p.param(scope.agentId) : null;
  const iso = (d: Date) => `${p.param(d.toISOString())}::timestamptz`;
  const parts: string[] = [];
  const rollup = (table: string, col: string, spans: Span[]) =>
    parts.push(`EXISTS (SELECT 1 FROM ${table} x WHERE x.project_id = ${project} AND x.${dim.idCol} = ${idExpr}
      AND (${spans.map((s) => `(x.${col} >= ${iso(s.from)} AND x.${col} < ${iso(s.to)})`).join(" OR ")})
      ${agent ? `AND x.agent_key = ${agent}` : ""} AND x.runs > 0)`);
  if (split.days) rollup(dailyOf(dim.rollup), "day", [split.days]);
  if (split.hours.length) rollup(dim.rollup, "hour", split.hours);
  const ranges = split.edges.map((e) => `(r.start_time >= ${iso(e.from)} AND r.start_time ${e.inclusive ? "<=" : "<"} ${iso(e.to)})`);
  parts.push(`EXISTS (SELECT 1 FROM runs r WHERE r.project_id = ${project} AND r.${dim.idCol} = ${idExpr} AND (${ranges.join(" OR ")})
    ${agent ? `AND r.agent_id = ${agent}` : ""})`);
  return `(${parts.join(" OR ")})`;
}

/** Totals per id for the given ids. */
async function totalsFor(q: Queryable, dim: Dimension, scope: Scope, w: Span, ids: string[]): Promise<Map<string, Totals>> {
  if (!ids.length) return new Map();
  const p = new SqlWhere();
  const src = rollupSource(p, scope, w, { table: dim.rollup, columns: [dim.idCol, ...TOTAL_COLUMNS], ids: { column: dim.idCol, values: ids } });
  const rows = await q.query<TotalsDbRow & { id: string }>(
    `SELECT ${dim.idCol} AS id, ${sumsSql(TOTAL_COLUMNS)} FROM ${src} s GROUP BY ${dim.idCol}`,
    p.params,
  );
  return new Map(rows.map((r) => [r.id, rowToTotals(r)]));
}

/** Sessions whose last run falls in the window (as the sessions list counts them), per id. */
async function sessionsFor(q: Queryable, dim: Dimension, scope: Scope, w: Span, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const params: unknown[] = [scope.projectId, ids, w.from.toISOString(), w.to.toISOString()];
  if (scope.agentId) params.push(scope.agentId);
  const rows = await q.query<{ id: string; n: number }>(
    `SELECT ${dim.idCol} AS id, count(*)::int AS n FROM sessions WHERE project_id = $1 AND ${dim.idCol} = ANY($2::text[])
       AND last_run_at >= $3::timestamptz AND last_run_at <= $4::timestamptz ${scope.agentId ? "AND agent_id = $5" : ""}
     GROUP BY ${dim.idCol}`,
    params,
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

interface Identity {
  id: string;
  name: string | null;
  org: PersonRowDto["org"];
  users: number | null;
  firstSeen: string | null;
  lastSeen: string | null;
}

const IDENTITY_SQL: Record<Dimension["table"], string> = {
  end_users: `SELECT d.id, d.name, d.first_seen, d.last_seen, d.org_id, o.name AS org_name, NULL::int AS users
    FROM end_users d LEFT JOIN orgs o ON o.project_id = d.project_id AND o.id = d.org_id`,
  orgs: `SELECT d.id, d.name, d.first_seen, d.last_seen, NULL AS org_id, NULL AS org_name, NULL::int AS users FROM orgs d`,
};

interface IdentityDbRow {
  id: string;
  name: string | null;
  first_seen: Date | null;
  last_seen: Date | null;
  org_id: string | null;
  org_name: string | null;
  users: number | null;
}

const rowToIdentity = (r: IdentityDbRow): Identity => ({
  id: r.id,
  name: r.name,
  org: r.org_id ? { id: r.org_id, name: r.org_name } : null,
  users: r.users,
  firstSeen: r.first_seen?.toISOString() ?? null,
  lastSeen: r.last_seen?.toISOString() ?? null,
});

async function identities(q: Queryable, dim: Dimension, projectId: string, ids: string[]): Promise<Map<string, Identity>> {
  if (!ids.length) return new Map();
  const rows = await q.query<IdentityDbRow>(`${IDENTITY_SQL[dim.table]} WHERE d.project_id = $1 AND d.id = ANY($2::text[])`, [projectId, ids]);
  const out = new Map(rows.map((r) => [r.id, rowToIdentity(r)]));
  if (dim.table === "orgs") {
    // Known users per org in one pass over the project's users (end_users has no org index).
    const counts = await q.query<{ org_id: string; n: number }>(
      `SELECT org_id, count(*)::int AS n FROM end_users WHERE project_id = $1 AND org_id = ANY($2::text[]) GROUP BY org_id`,
      [projectId, ids],
    );
    for (const id of ids) if (out.get(id)) out.get(id)!.users = 0;
    for (const c of counts) {
      const org = out.get(c.org_id);
      if (org) org.users = c.n;
    }
  }
  return out;
}

/** One page of ids ordered by last seen, active in the window. */
async function pageByLastSeen(q: Queryable, dim: Dimension, scope: Scope, f: PeopleFilters) {
  const p = new SqlWhere();
  p.add(`d.project_id = ${p.param(scope.projectId)}`);
  const asc = f.order === "asc";
  // Nobody last seen before the window started can have a run in it.
  p.add(`d.last_seen >= ${p.param(f.window.from.toISOString())}::timestamptz`);
  if (f.orgId && dim.table === "end_users") p.add(`d.org_id = ${p.param(f.orgId)}`);
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    if (!isIsoInstant(c.v)) throw new FilterError("cursor does not belong to this sort; pass the nextCursor of the same query.");
    p.add(`(d.last_seen, d.id) ${asc ? ">" : "<"} (${p.param(c.v)}::timestamptz, ${p.param(c.id)})`);
  }
  p.add(activeIn(p, dim, scope, f.window, "d.id"));
  const dir = asc ? "ASC" : "DESC";
  const rows = await q.query<{ id: string; last_seen: Date }>(
    `SELECT d.id, d.last_seen FROM ${dim.table} d WHERE ${p.sql()} ORDER BY d.last_seen ${dir}, d.id ${dir} LIMIT ${f.limit + 1}`,
    p.params,
  );
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > f.limit && last ? encodeCursor(last.last_seen.toISOString(), last.id) : null;
  return { ids: page.map((r) => r.id), nextCursor };
}

/** One page of ids ranked by a metric over everyone active in the window. */
async function pageByMetric(q: Queryable, dim: Dimension, scope: Scope, f: PeopleFilters) {
  const p = new SqlWhere();
  const src = rollupSource(p, scope, f.window, { table: dim.rollup, columns: [dim.idCol, ...TOTAL_COLUMNS] });
  const sort = SORT_SQL[f.sort as keyof typeof SORT_SQL];
  const asc = f.order === "asc";
  const conds: string[] = [];
  if (f.orgId && dim.table === "end_users") {
    conds.push(`EXISTS (SELECT 1 FROM end_users u WHERE u.project_id = ${p.param(scope.projectId)} AND u.id = x.id AND u.org_id = ${p.param(f.orgId)})`);
  }
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    if (!Number.isFinite(Number(c.v))) throw new FilterError("cursor does not belong to this sort; pass the nextCursor of the same query.");
    conds.push(`(${sort}, x.id) ${asc ? ">" : "<"} (${p.param(Number(c.v))}::float8, ${p.param(c.id)})`);
  }
  const dir = asc ? "ASC" : "DESC";
  const rows = await q.query<{ id: string; sort_value: number }>(
    `SELECT x.id, ${sort} AS sort_value FROM (
       SELECT ${dim.idCol} AS id, ${sumsSql(TOTAL_COLUMNS)} FROM ${src} s GROUP BY ${dim.idCol} HAVING sum(runs) > 0
     ) x ${conds.length ? `WHERE ${conds.join(" AND ")}` : ""}
     ORDER BY ${sort} ${dir}, x.id ${dir} LIMIT ${f.limit + 1}`,
    p.params,
  );
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > f.limit && last ? encodeCursor(String(last.sort_value), last.id) : null;
  return { ids: page.map((r) => r.id), nextCursor };
}

export async function listPeople(q: Queryable, dim: Dimension, scope: Scope, f: PeopleFilters): Promise<Page<PersonRowDto>> {
  const { ids, nextCursor } = f.sort === "lastSeen" ? await pageByLastSeen(q, dim, scope, f) : await pageByMetric(q, dim, scope, f);
  const [stats, sessions, who] = await Promise.all([
    totalsFor(q, dim, scope, f.window, ids),
    sessionsFor(q, dim, scope, f.window, ids),
    identities(q, dim, scope.projectId, ids),
  ]);
  const data = ids
    .map((id) => ({
      ...(who.get(id) ?? { id, name: null, org: null, users: null, firstSeen: null, lastSeen: null }),
      ...(stats.get(id) ?? rowToTotals(undefined)),
      sessions: sessions.get(id) ?? 0,
    }))
    // A run moved or deleted since the last compaction can leave a rollup row that nets to zero.
    .filter((row) => row.runs > 0);
  return { data, nextCursor };
}

export interface PersonDto extends Identity {
  current: Totals & { sessions: number };
  previous: Totals & { sessions: number };
  stepMs: number;
  trend: TrendPoint[];
}

/** A user's or org's identity, totals for the window and the one before, and trend; null if unknown. */
export async function getPerson(q: Queryable, dim: Dimension, scope: Scope, id: string, w: TimeWindow): Promise<PersonDto | null> {
  const who = (await identities(q, dim, scope.projectId, [id])).get(id);
  if (!who) return null;
  const prev = previousWindow(w);
  const [cur, before, curSessions, prevSessions, t] = await Promise.all([
    totalsFor(q, dim, scope, w, [id]),
    totalsFor(q, dim, scope, prev, [id]),
    sessionsFor(q, dim, scope, w, [id]),
    sessionsFor(q, dim, scope, prev, [id]),
    trend(q, scope, w, { table: dim.rollup, ids: { column: dim.idCol, values: [id] } }),
  ]);
  return {
    ...who,
    current: { ...(cur.get(id) ?? rowToTotals(undefined)), sessions: curSessions.get(id) ?? 0 },
    previous: { ...(before.get(id) ?? rowToTotals(undefined)), sessions: prevSessions.get(id) ?? 0 },
    stepMs: t.stepMs,
    trend: t.points,
  };
}

export type { PersonDto as UserDetailDto, PersonRowDto as UserRowDto, PersonDto as OrgDetailDto, PersonRowDto as OrgRowDto };

export const USERS: Dimension = { rollup: "rollup_users", idCol: "user_id", table: "end_users" };
export const ORGS: Dimension = { rollup: "rollup_orgs", idCol: "org_id", table: "orgs" };

export const listUsers = (q: Queryable, scope: Scope, f: PeopleFilters): Promise<Page<PersonRowDto>> => listPeople(q, USERS, scope, f);
export const getUser = (q: Queryable, scope: Scope, userId: string, window: TimeWindow): Promise<PersonDto | null> =>
  getPerson(q, USERS, scope, userId, window);

/** orgId filters users by organisation; it has no meaning for the orgs table itself. */
export const listOrgs = (q: Queryable, scope: Scope, f: OrgFilters): Promise<Page<PersonRowDto>> => listPeople(q, ORGS, scope, { ...f, orgId: null });
export const getOrg = (q: Queryable, scope: Scope, orgId: string, window: TimeWindow): Promise<PersonDto | null> => getPerson(q, ORGS, scope, orgId, window);
