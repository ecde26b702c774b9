import "server-only";
// Sessions: runs grouped by tcc.sessionId, listed from the sessions table (kept current by
// ingestion) and filtered with the same parameters as runs.
import type { Queryable } from "@/lib/db/sql";
import { FilterError } from "@/lib/validations/list-params";
import { type RunFilters } from "@/lib/validations/lists";
import { findAgent } from "./agents";
import { findPatternRef, unknownPatternError } from "./insights";
import { feedbackFor } from "./feedback";
import { RUN_COLUMNS, rowToRun, type Page, type RunDbRow, type RunDto } from "./runs";
import { decodeCursor, encodeCursor, isCursorInstant, SqlWhere } from "./sql-where";

export interface SessionDto {
  id: string;
  agent: { name: string; slug: string } | null;
  user: { id: string; name: string | null } | null;
  org: { id: string; name: string | null } | null;
  runCount: number;
  firstRunAt: string;
  lastRunAt: string;
  conversational: boolean;
  thumbsUp: number;
  thumbsDown: number;
  errorCount: number;
}

export interface SessionDetailDto extends SessionDto {
  runs: RunDto[];
  /** True when the session has more runs than were returned. */
  runsTruncated: boolean;
}

const SESSION_COLUMNS = `s.id, s.run_count, s.first_run_at, s.last_run_at, s.conversational, s.thumbs_up, s.thumbs_down,
  s.error_count, s.user_id, s.org_id, a.name AS agent_name, a.slug AS agent_slug, u.name AS user_name, o.name AS org_name`;
const SESSION_JOINS = `LEFT JOIN agents a ON a.id = s.agent_id
  LEFT JOIN end_users u ON u.project_id = s.project_id AND u.id = s.user_id
  LEFT JOIN orgs o ON o.project_id = s.project_id AND o.id = s.org_id`;

interface SessionDbRow {
  id: string;
  run_count: number;
  first_run_at: Date;
  last_run_at: Date;
  conversational: boolean;
  thumbs_up: number;
  thumbs_down: number;
  error_count: number;
  user_id: string | null;
  org_id: string | null;
  agent_name: string | null;
  agent_slug: string | null;
  user_name: string | null;
  org_name: string | null;
}

function rowToSession(r: SessionDbRow): SessionDto {
  return {
    id: r.id,
    agent: r.agent_name ? { name: r.agent_name, slug: r.agent_slug ?? "" } : null,
    user: r.user_id ? { id: r.user_id, name: r.user_name } : null,
    org: r.org_id ? { id: r.org_id, name: r.org_name } : null,
    runCount: r.run_count,
    firstRunAt: r.first_run_at.toISOString(),
    lastRunAt: r.last_run_at.toISOString(),
    conversational: r.conversational === true,
    thumbsUp: r.thumbs_up,
    thumbsDown: r.thumbs_down,
    errorCount: r.error_count,
  };
}

export async function listSessions(q: Queryable, projectId: string, f: RunFilters): Promise<Page<SessionDto>> {
  const w = new SqlWhere();
  w.add(`s.project_id = ${w.param(projectId)}`);
  w.add(`s.last_run_at >= ${w.param(f.window.from.toISOString())}::timestamptz`);
  w.add(`s.last_run_at <= ${w.param(f.window.to.toISOString())}::timestamptz`);
  if (f.agent) {
    const agent = await findAgent(q, projectId, f.agent);
    if (!agent) return { data: [], nextCursor: null };
    w.add(`s.agent_id = ${w.param(agent.id)}`);
  }
  if (f.userId) w.add(`s.user_id = ${w.param(f.userId)}`);
  if (f.orgId) w.add(`s.org_id = ${w.param(f.orgId)}`);
  if (f.sessionId) w.add(`s.id = ${w.param(f.sessionId)}`);
  if (f.conversational !== null) w.add(f.conversational ? "s.conversational" : "NOT s.conversational");
  if (f.status === "error") w.add("s.error_count > 0");
  if (f.status === "success") w.add("s.error_count = 0");
  if (f.feedback === "thumbs_up") w.add("s.thumbs_up > 0");
  if (f.feedback === "thumbs_down") w.add("s.thumbs_down > 0");
  if (f.feedback === "any") {
    w.add(`EXISTS (SELECT 1 FROM runs r WHERE r.project_id = s.project_id AND r.session_id = s.id AND r.feedback_count > 0)`);
  }
  if (f.feedback === "none") {
    w.add(`NOT EXISTS (SELECT 1 FROM runs r WHERE r.project_id = s.project_id AND r.session_id = s.id AND r.feedback_count > 0)`);
  }
  // Run-level filters apply to sessions as "has a run that matches".
  const runConds: string[] = [];
  if (f.minDurationMs !== null) runConds.push(`r.duration_ms >= ${w.param(f.minDurationMs)}`);
  if (f.model) runConds.push(`r.models @> ARRAY[${w.param(f.model)}]::text[]`);
  if (f.metadata.length) runConds.push(`r.metadata @> ${w.param(JSON.stringify(Object.fromEntries(f.metadata)))}::jsonb`);
  if (runConds.length) {
    w.add(`EXISTS (SELECT 1 FROM runs r WHERE r.project_id = s.project_id AND r.session_id = s.id AND ${runConds.join(" AND ")})`);
  }
  if (f.pattern) {
    // Sessions with a run of the window in which the engine found the pattern.
    const pattern = await findPatternRef(q, projectId, f.pattern);
    if (!pattern) throw unknownPatternError(f.pattern);
    w.add(
      `s.id IN (SELECT rp.session_id FROM run_patterns rp WHERE rp.project_id = s.project_id AND rp.pattern_id = ${w.param(pattern.id)}
         AND rp.start_time >= ${w.param(f.window.from.toISOString())}::timestamptz AND rp.start_time <= ${w.param(f.window.to.toISOString())}::timestamptz)`,
    );
  }
  if (f.topic) w.add(`EXISTS (SELECT 1 FROM run_topics rt WHERE rt.project_id = s.project_id AND rt.session_id = s.id AND rt.topic_id = ${w.param(f.topic)})`);
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    if (!isCursorInstant(c.v)) throw new FilterError("cursor is not valid for sessions.");
    w.add(`(s.last_run_at, s.id) < (${w.param(c.v)}::timestamptz, ${w.param(c.id)})`);
  }
  // The page is cut from sessions alone, then joined (see listRuns).
  const rows = await q.query<SessionDbRow>(
    `SELECT ${SESSION_COLUMNS} FROM (
       SELECT s.* FROM sessions s WHERE ${w.sql()} ORDER BY s.last_run_at DESC, s.id DESC LIMIT ${f.limit + 1}
     ) s ${SESSION_JOINS}
     ORDER BY s.last_run_at DESC, s.id DESC`,
    w.params,
  );
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(rowToSession),
    nextCursor: rows.length > f.limit && last ? encodeCursor(last.last_run_at.toISOString(), last.id) : null,
  };
}

export async function hasAnySession(q: Queryable, projectId: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM sessions WHERE project_id = $1 LIMIT 1`, [projectId])).length > 0;
}

const MAX_SESSION_RUNS = 1000;

export async function getSession(q: Queryable, projectId: string, sessionId: string): Promise<SessionDetailDto | null> {
  const [session] = await q.query<SessionDbRow>(`SELECT ${SESSION_COLUMNS} FROM sessions s ${SESSION_JOINS} WHERE s.project_id = $1 AND s.id = $2`, [
    projectId,
    sessionId,
  ]);
  if (!session) return null;
  const runs = await q.query<RunDbRow>(
    `SELECT ${RUN_COLUMNS} FROM (
       SELECT r.* FROM runs r WHERE r.project_id = $1 AND r.session_id = $2 ORDER BY r.start_time, r.id LIMIT ${MAX_SESSION_RUNS + 1}
     ) r LEFT JOIN agents a ON a.id = r.agent_id
     ORDER BY r.start_time, r.id`,
    [projectId, sessionId],
  );
  const page = runs.slice(0, MAX_SESSION_RUNS);
  const fb = await feedbackFor(
    q,
    projectId,
    page.filter((r) => r.feedback_count > 0).map((r) => r.id),
  );
  return {
    ...rowToSession(session),
    runs: page.map((r) => rowToRun(r, fb.get(r.id) ?? [])),
    runsTruncated: runs.length > MAX_SESSION_RUNS,
  };
}
