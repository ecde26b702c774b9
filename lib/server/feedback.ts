// The one function that records feedback, used by `POST /v1/feedback` and by the dashboard's
// server action: only authentication and the author differ.
import crypto from "node:crypto";
import { newId } from "@/lib/auth/keys";
import type { Sql } from "@/lib/db/sql";
import { scoreToInt, type FeedbackInput } from "@/lib/ingest/feedback";
import { cleanText } from "@/lib/ingest/sanitize";
import { lockKeys, recomputeRuns, recomputeSessions } from "./ingest/aggregates";

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
