// One timeline node's full content (span attributes, a step's messages, a tool call's arguments
// and result), loaded when the user selects it on the run page.
import { errorResponse, toErrorResponse } from "@/lib/server/http";
import { getNodeDetail } from "@/lib/server/queries/run-detail";
import { getViewer, NoProjectError } from "@/lib/server/session";
import { decodeSegment } from "@/components/shell/nav";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const viewer = await getViewer();
    if (!viewer) return errorResponse(401, "unauthenticated", "Sign in to the dashboard first.");
    const { id } = await ctx.params;
    const key = new URL(req.url).searchParams.get("key") ?? "";
    if (!/^(span|step|tool):.{1,512}$/s.test(key)) return errorResponse(400, "invalid_key", "key must be span:<spanId>, step:<id> or tool:<id>.");
    const detail = await getNodeDetail(viewer.sql, viewer.project.id, decodeSegment(id), key);
    if (!detail) return errorResponse(404, "not_found", "No such span in this run.");
    return Response.json(detail, { headers: { "cache-control": "private, max-age=60" } });
  } catch (err) {
    if (err instanceof NoProjectError) return errorResponse(403, "no_project", err.message);
    return toErrorResponse(err);
  }
}
