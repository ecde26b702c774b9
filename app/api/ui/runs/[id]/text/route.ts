// The full text of a run's prompt, response or raw input/output (the page shows a capped copy).
import { errorResponse } from "@/lib/server/http";
import { getRunText, type RunTextField } from "@/lib/server/data/run-detail";
import { uiRoute } from "@/lib/server/ui-route";

export const dynamic = "force-dynamic";

const FIELDS: RunTextField[] = ["userPrompt", "response", "systemPrompt", "fullInput", "fullOutput"];

export const GET = uiRoute<{ id: string }>(async ({ viewer, url }, { id }) => {
  const field = url.searchParams.get("field") as RunTextField;
  if (!FIELDS.includes(field)) return errorResponse(400, "invalid_field", `field must be one of ${FIELDS.join(", ")}.`);
  const text = await getRunText(viewer.sql, viewer.project.id, id, field);
  if (text === null) return errorResponse(404, "not_found", "This run has no such text.");
  // text/plain with nosniff: a browser never interprets span content as HTML.
  return new Response(text, {
    headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff", "cache-control": "private, no-store" },
  });
});
