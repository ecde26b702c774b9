// The full text of a run's prompt, response or raw input/output (the page shows a capped copy).
import { errorResponse, toErrorResponse } from "@/lib/server/http";
import { getRunText, type RunTextField } from "@/lib/server/queries/run-detail";
import { getViewer, NoProjectError } from "@/lib/server/session";
import { decodeSegment } from "@/components/shell/nav";

export const dynamic = "force-dynamic";

const FIELDS: RunTextField[] = ["userPrompt", "response", "systemPrompt", "fullInput", "fullOutput"];

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const viewer = await getViewer();
    if (!viewer) return errorResponse(401, "unauthenticated", "Sign in to the dashboard first.");
    const field = new URL(req.url).searchParams.get("field") as RunTextField;
    if (!FIELDS.includes(field)) return errorResponse(400, "invalid_field", `field must be one of ${FIELDS.join(", ")}.`);
    const { id } = await ctx.params;
    const text = await getRunText(viewer.sql, viewer.project.id, decodeSegment(id), field);
    if (text === null) return errorResponse(404, "not_found", "This run has no such text.");
    // text/plain with nosniff: a browser never interprets span content as HTML.
    return new Response(text, {
      headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff", "cache-control": "private, no-store" },
    });
  } catch (err) {
    if (err instanceof NoProjectError) return errorResponse(403, "no_project", err.message);
    return toErrorResponse(err);
  }
}
