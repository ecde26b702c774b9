// The runs table's live polling: the same parameters and data layer as GET /v1/runs, behind the
// dashboard session instead of a read key. The project is always the viewer's current one.
import { toRunsPage } from "@/components/runs/types";
import { errorResponse, toErrorResponse } from "@/lib/server/http";
import { listRuns } from "@/lib/server/queries/runs";
import { getViewer, NoProjectError } from "@/lib/server/session";
import { FilterError, parseRunFilters } from "@/lib/validations/run-filters";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  try {
    const viewer = await getViewer();
    if (!viewer) return errorResponse(401, "unauthenticated", "Sign in to the dashboard first.");
    const filters = parseRunFilters(new URL(req.url).searchParams, { defaultRange: "1d" });
    return Response.json(toRunsPage(await listRuns(viewer.sql, viewer.project.id, filters)), { headers: { "cache-control": "no-store" } });
  } catch (err) {
    if (err instanceof FilterError) return errorResponse(400, "invalid_query", err.message);
    if (err instanceof NoProjectError) return errorResponse(403, "no_project", err.message);
    return toErrorResponse(err);
  }
}
