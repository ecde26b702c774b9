import "server-only";
// Every feedback entry, newest first, time-bounded on when it was given and keyset-paginated on
// feedback_time_idx (project_id, created_at DESC). Each row carries its run's agent, user, org and
// prompt preview; feedback may arrive before its run, so the run may be missing.
import type { Queryable } from "@/lib/db/sql";
import { intToScore, type FeedbackScore } from "@/lib/ingest/feedback";
import { FilterError } from "@/lib/validations/list-params";
import type { FeedbackFilters } from "@/lib/validations/lists";
import type { Page } from "./runs";
import { decodeCursor, encodeCursor, SqlWhere } from "./sql-where";
import { isIsoInstant, type Scope } from "./stats";

export interface FeedbackRowDto {
  id: string;
  score: FeedbackScore | null;
  text: string | null;
  source: string;
  author: string | null;
  createdAt: string;
  run: {
    id: string;
    /** False while the run itself has not arrived. */
    exists: boolean;
    agent: { name: string; slug: string } | null;
    user: { id: string; name: string | null } | null;
    org: { id: string; name: string | null } | null;
    sessionId: string | null;
    status: "success" | "error" | null;
    userPrompt: string | null;
    startTime: string | null;
  };
}

export interface FeedbackSummaryDto {
  total: number;
  thumbsUp: number;
  thumbsDown: number;
  withText: number;
}

function conditions(p: SqlWhere, scope: Scope, f: Omit<FeedbackFilters, "limit" | "cursor">) {
  p.add(`f.project_id = ${p.param(scope.projectId)}`);
  p.add(`f.created_at >= ${p.param(f.window.from.toISOString())}::timestamptz`);
  p.add(`f.created_at <= ${p.param(f.window.to.toISOString())}::timestamptz`);
  if (scope.agentId) p.add(`r.agent_id = ${p.param(scope.agentId)}`);
  if (f.userId) p.add(`r.user_id = ${p.param(f.userId)}`);
  if (f.orgId) p.add(`r.org_id = ${p.param(f.orgId)}`);
  if (f.feedback === "thumbs_up") p.add("f.score = 1");
  if (f.feedback === "thumbs_down") p.add("f.score = -1");
  if (f.feedback === "none") p.add("f.score IS NULL");
}

const JOINS = `LEFT JOIN runs r ON r.project_id = f.project_id AND r.id = f.run_id LEFT JOIN agents a ON a.id = r.agent_id`;

export async function listFeedback(q: Queryable, scope: Scope, f: FeedbackFilters): Promise<Page<FeedbackRowDto>> {
  const p = new SqlWhere();
  conditions(p, scope, f);
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    if (!isIsoInstant(c.v)) throw new FilterError("cursor is not valid for feedback; pass the nextCursor of the same query.");
    p.add(`(f.created_at, f.id) < (${p.param(c.v)}::timestamptz, ${p.param(c.id)})`);
  }
  const rows = await q.query(
    `SELECT f.id, f.run_id, f.score, f.text, f.source, f.author_name, f.created_at, r.id AS run_found, r.user_id, r.user_name,
            r.org_id, r.org_name, r.session_id, r.status, r.user_prompt, r.start_time, a.name AS agent_name, a.slug AS agent_slug
     FROM feedback f ${JOINS} WHERE ${p.sql()} ORDER BY f.created_at DESC, f.id DESC LIMIT ${f.limit + 1}`,
    p.params,
  );
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(rowToFeedback),
    nextCursor: rows.length > f.limit && last ? encodeCursor((last.created_at as Date).toISOString(), last.id as string) : null,
  };
}

/** Counts for the page header, with the same filters except the score. */
export async function feedbackSummary(q: Queryable, scope: Scope, f: Omit<FeedbackFilters, "limit" | "cursor">): Promise<FeedbackSummaryDto> {
  const p = new SqlWhere();
  conditions(p, scope, { ...f, feedback: null });
  const [row] = await q.query(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE f.score = 1)::int AS up, count(*) FILTER (WHERE f.score = -1)::int AS down,
            count(*) FILTER (WHERE f.text IS NOT NULL)::int AS with_text
     FROM feedback f ${JOINS} WHERE ${p.sql()}`,
    p.params,
  );
  return { total: Number(row?.total ?? 0), thumbsUp: Number(row?.up ?? 0), thumbsDown: Number(row?.down ?? 0), withText: Number(row?.with_text ?? 0) };
}

function rowToFeedback(r: Record<string, unknown>): FeedbackRowDto {
  const exists = r.run_found !== null && r.run_found !== undefined;
  return {
    id: r.id as string,
    score: intToScore(r.score === null ? null : Number(r.score)),
    text: (r.text as string) ?? null,
    source: r.source as string,
    author: (r.author_name as string) ?? null,
    createdAt: (r.created_at as Date).toISOString(),
    run: {
      id: r.run_id as string,
      exists,
      agent: r.agent_name ? { name: r.agent_name as string, slug: r.agent_slug as string } : null,
      user: r.user_id ? { id: r.user_id as string, name: (r.user_name as string) ?? null } : null,
      org: r.org_id ? { id: r.org_id as string, name: (r.org_name as string) ?? null } : null,
      sessionId: (r.session_id as string) ?? null,
      status: exists ? (Number(r.status) === 2 ? "error" : "success") : null,
      userPrompt: (r.user_prompt as string) ?? null,
      startTime: r.start_time ? (r.start_time as Date).toISOString() : null,
    },
  };
}
