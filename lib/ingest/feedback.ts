// `POST /v1/feedback` body rules, shared with the dashboard's feedback server action.
import { z } from "zod";
import { boundedKey } from "./sanitize";
import { IngestError } from "./errors";
import { FEEDBACK_TEXT_MAX } from "./feedback-limits";

export { FEEDBACK_TEXT_MAX };
export type FeedbackScore = "thumbs_up" | "thumbs_down";

export interface FeedbackInput {
  runId: string;
  score: FeedbackScore | null;
  text: string | null;
}

/**
 * The body parseFeedback accepts, as a schema for the OpenAPI document (parseFeedback checks it
 * by hand to give each rule its own error code; a test keeps the two in agreement).
 */
export const FEEDBACK_BODY = z
  .object({
    runId: z.string().min(1).max(512).describe("The run's id (run_id is accepted too)."),
    score: z.enum(["thumbs_up", "thumbs_down"]).nullish(),
    text: z.string().max(FEEDBACK_TEXT_MAX).nullish().describe("Free-text feedback."),
  })
  .describe("At least one of score or a non-empty text.");

/**
 * Validates a feedback body and says which rule failed. Run ids are not required to be UUIDs:
 * runs may be created with any string id (custom SDKs, `tcc.runId`), and feedback must reach them.
 */
export function parseFeedback(body: unknown): FeedbackInput {
  const fail = (code: string, message: string): never => {
    throw new IngestError(400, code, message);
  };
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return fail("invalid_feedback", "Body must be a JSON object: {runId, score?, text?}.");
  }
  const b = body as Record<string, unknown>;
  const runId = typeof b.runId === "string" ? b.runId.trim() : typeof b.run_id === "string" ? b.run_id.trim() : "";
  if (!runId) fail("invalid_run_id", "runId is required and must be a non-empty string.");
  if (runId.length > 512) fail("invalid_run_id", "runId must be at most 512 characters.");

  let score: FeedbackScore | null = null;
  if (b.score !== undefined && b.score !== null && b.score !== "") {
    if (b.score !== "thumbs_up" && b.score !== "thumbs_down") {
      fail("invalid_score", `score must be "thumbs_up" or "thumbs_down" (got ${JSON.stringify(b.score).slice(0, 50)}).`);
    }
    score = b.score as FeedbackScore;
  }

  let text: string | null = null;
  if (b.text !== undefined && b.text !== null) {
    if (typeof b.text !== "string") fail("invalid_text", "text must be a string.");
    const t = b.text as string;
    if (t.length > FEEDBACK_TEXT_MAX) {
      fail("text_too_long", `text must be at most ${FEEDBACK_TEXT_MAX} characters (got ${t.length}).`);
    }
    text = t.trim() ? t : null;
  }

  if (score === null && text === null) {
    fail("missing_score_or_text", "Feedback needs at least one of score (thumbs_up | thumbs_down) or a non-empty text.");
  }
  return { runId: boundedKey(runId), score, text };
}

export const scoreToInt = (s: FeedbackScore | null): number | null => (s === "thumbs_up" ? 1 : s === "thumbs_down" ? -1 : null);
export const intToScore = (n: number | null | undefined): FeedbackScore | null => (n === 1 ? "thumbs_up" : n === -1 ? "thumbs_down" : null);
