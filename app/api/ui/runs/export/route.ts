// The dashboard's Export button: the same export as GET /v1/runs/export, behind the session, over
// the viewer's current project, with the page's parameters (the last day by default).
import { exportResponse, exportRuns, parseExport } from "@/lib/server/export";
import { uiRoute } from "@/lib/server/ui-route";

export const dynamic = "force-dynamic";

export const GET = uiRoute(async ({ viewer, url }) =>
  exportResponse(await exportRuns(viewer.sql, viewer.project.id, parseExport(url.searchParams, "dashboard"))),
);
