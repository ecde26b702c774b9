"use server";
// Feedback from the dashboard: the same validation and the same submitFeedback as
// POST /v1/feedback; the author is the signed-in user, the project is their current one.
import { refresh } from "next/cache";
import { IngestError } from "@/lib/ingest/errors";
import { parseFeedback } from "@/lib/ingest/feedback";
import { runExists } from "@/lib/server/data/runs";
import { submitFeedback } from "@/lib/server/data/feedback";
import { requireViewer } from "@/lib/server/session";

export type FeedbackActionResult = { ok: true; duplicate: boolean } | { ok: false; error: string };

export async function submitRunFeedback(input: {
  runId: string;
  score: "thumbs_up" | "thumbs_down" | null;
  text: string | null;
}): Promise<FeedbackActionResult> {
  const viewer = await requireViewer();
  let parsed;
  try {
    parsed = parseFeedback({ runId: input?.runId, score: input?.score ?? null, text: input?.text ?? null });
  } catch (err) {
    if (err instanceof IngestError) return { ok: false, error: err.message };
    throw err;
  }
  // Unlike the API (where feedback may precede its run), the dashboard only rates runs it shows.
  if (!(await runExists(viewer.sql, viewer.project.id, parsed.runId))) return { ok: false, error: "This run does not exist in the current project." };
  const r = await submitFeedback(viewer.sql, viewer.project.id, parsed, {
    source: "dashboard",
    authorId: viewer.user.id,
    authorName: viewer.user.name ?? viewer.user.email,
  });
  refresh();
  return { ok: true, duplicate: r.duplicate };
}
