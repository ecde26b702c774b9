import "server-only";
// Feedback: the one function that records it (POST /v1/feedback and the dashboard's server
// action; only authentication and the author differ), the entries of given runs, and the feedback
// page's list: every entry, newest first, time-bounded on when it was given and keyset-paginated
// on feedback_time_idx (project_id, created_at DESC). Each row carries its run's agent, user, org
// and prompt preview; feedback may arrive before its run, so the run may be missing.
import crypto from "node:crypto";
import { newId } from "@/lib/auth/keys";
import type { Queryable, Sql } from "@/lib/db/sql";
import { intToScore, scoreToInt, type FeedbackInput, type FeedbackScore } from "@/lib/ingest/feedback";
import { cleanText } from "@/lib/ingest/sanitize";
import { lockKeys, recomputeRuns, recomputeSessions } from "../ingest/aggregates";
import { FilterError } from "@/lib/validations/list-params";
import type { FeedbackFilters } from "@/lib/validations/lists";
import type { Page } from "./runs";
import { decodeCursor, encodeCursor, SqlWhere } from "./sql-where";
import { isIsoInstant, type Scope } from "./stats";

export interface FeedbackDto {
  id: string;
  score: FeedbackScore | null;
  text: string | null;
  source: string;
  author: string | null;
  createdAt: string;
}

/** A row of the feedback page: the entry and what is known of its run. */
export interface FeedbackRowDto extends FeedbackDto {
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
  const rows = await q.query<FeedbackListDbRow>(
    `SELECT f.id, f.run_id, f.score, f.text, f.source, f.author_name, f.created_at, r.id AS run_found, r.user_id, r.user_name,
            r.org_id, r.org_name, r.session_id, r.status, r.user_prompt, r.start_time, a.name AS agent_name, a.slug AS agent_slug
     FROM feedback f ${JOINS} WHERE ${p.sql()} ORDER BY f.created_at DESC, f.id DESC LIMIT ${f.limit + 1}`,
    p.params,
  );
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(rowToFeedbackRow),
    nextCursor: rows.length > f.limit && last ? encodeCursor(last.created_at.toISOString(), last.id) : null,
  };
}

/** Counts for the page header, with the same filters except the score. */
export async function feedbackSummary(q: Queryable, scope: Scope, f: Omit<FeedbackFilters, "limit" | "cursor">): Promise<FeedbackSummaryDto> {
  const p = new SqlWhere();
  conditions(p, scope, { ...f, feedback: null });
  const [row] = await q.query<{ total: number; up: number; down: number; with_text: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE f.score = 1)::int AS up, count(*) FILTER (WHERE f.score = -1)::int AS down,
            count(*) FILTER (WHERE f.text IS NOT NULL)::int AS with_text
     FROM feedback f ${JOINS} WHERE ${p.sql()}`,
    p.params,
  );
  return { total: row?.total ?? 0, thumbsUp: row?.up ?? 0, thumbsDown: row?.down ?? 0, withText: row?.with_text ?? 0 };
}

export interface FeedbackDbRow {
  id: string;
  run_id: string;
  score: number | null;
  text: string | null;
  source: string;
  author_name: string | null;
  created_at: Date;
}

const rowToFeedback = (r: FeedbackDbRow): FeedbackDto => ({
  id: r.id,
  score: intToScore(r.score),
  text: r.text,
  source: r.source,
  author: r.author_name,
  createdAt: r.created_at.toISOString(),
});

interface FeedbackListDbRow extends FeedbackDbRow {
  /** The run's id when it has arrived, else null (LEFT JOIN). */
  run_found: string | null;
  user_id: string | null;
  user_name: string | null;
  org_id: string | null;
  org_name: string | null;
  session_id: string | null;
  status: number | null;
  user_prompt: string | null;
  start_time: Date | null;
  agent_name: string | null;
  agent_slug: string | null;
}

function rowToFeedbackRow(r: FeedbackListDbRow): FeedbackRowDto {
  const exists = r.run_found !== null;
  return {
    ...rowToFeedback(r),
    run: {
      id: r.run_id,
      exists,
      agent: r.agent_name ? { name: r.agent_name, slug: r.agent_slug ?? "" } : null,
      user: r.user_id ? { id: r.user_id, name: r.user_name } : null,
      org: r.org_id ? { id: r.org_id, name: r.org_name } : null,
      sessionId: r.session_id,
      status: exists ? (r.status === 2 ? "error" : "success") : null,
      userPrompt: r.user_prompt,
      startTime: r.start_time?.toISOString() ?? null,
    },
  };
}

export async function feedbackFor(q: Queryable, projectId: string, runIds: string[]): Promise<Map<string, FeedbackDto[]>> {
  const out = new Map<string, FeedbackDto[]>();
  if (!runIds.length) return out;
  const rows = await q.query<FeedbackDbRow>(
    `SELECT id, run_id, score, text, source, author_name, created_at FROM feedback
     WHERE project_id = $1 AND run_id = ANY($2::text[]) ORDER BY created_at, id`,
    [projectId, runIds],
  );
  for (const r of rows) {
    const list = out.get(r.run_id) ?? [];
    list.push(rowToFeedback(r));
    out.set(r.run_id, list);
  }
  return out;
}

export interface FeedbackAuthor {
  source: "api" | "dashboard";
  authorId?: string | null;
  authorName?: string | null;
}

/** An identical submission within this window is a client retry, not new feedback. */
const RETRY_WINDOW_MS = 10 * 60 * 1000;

export interface SubmitFeedbackResult {
  id: string;
  duplicate: boolean;
  runExists: boolean;
}

export async function submitFeedback(sql: Sql, projectId: string, input: FeedbackInput, author: FeedbackAuthor): Promise<SubmitFeedbackResult> {
  const text = cleanText(input.text);
  const dedupeKey = crypto
    .createHash("sha256")
    .update(JSON.stringify([input.runId, input.score, text, author.source, author.authorId ?? null]))
    .digest("hex");
  return sql.transaction(async (tx) => {
    await lockKeys(tx, projectId, "run", [input.runId]);
    const recent = await tx.query<{ id: string }>(
      `SELECT id FROM feedback WHERE project_id = $1 AND dedupe_key = $2 AND created_at > $3 ORDER BY created_at DESC LIMIT 1`,
      [projectId, dedupeKey, new Date(Date.now() - RETRY_WINDOW_MS).toISOString()],
    );
    const run = await tx.query<{ session_id: string | null }>(`SELECT session_id FROM runs WHERE project_id = $1 AND id = $2`, [projectId, input.runId]);
    if (recent[0]) return { id: recent[0].id, duplicate: true, runExists: run.length > 0 };
    const id = newId("fb");
    // created_at comes from the database clock: it orders "latest" for runs and sessions.
    await tx.query(
      `INSERT INTO feedback (id, project_id, run_id, score, text, source, author_id, author_name, dedupe_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, clock_timestamp())`,
      [id, projectId, input.runId, scoreToInt(input.score), text, author.source, author.authorId ?? null, cleanText(author.authorName ?? null), dedupeKey],
    );
    if (run[0]) {
      await recomputeRuns(tx, projectId, [input.runId]);
      if (run[0].session_id) {
        await lockKeys(tx, projectId, "session", [run[0].session_id]);
        await recomputeSessions(tx, projectId, [run[0].session_id]);
      }
    }
    return { id, duplicate: false, runExists: run.length > 0 };
  });
}
