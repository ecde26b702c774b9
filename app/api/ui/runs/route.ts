// The runs table's live polling: the same parameters and data layer as GET /v1/runs, behind the
// dashboard session instead of a read key. The project is always the viewer's current one.
import { patternsOfRuns } from "@/lib/server/data/insights";
import { listRuns } from "@/lib/server/data/runs";
import { toRunsPage } from "@/lib/server/data/run-rows";
import { uiRoute } from "@/lib/server/ui-route";
import { parseDashboardList, RUN_LIST } from "@/lib/validations/lists";

export const dynamic = "force-dynamic";

export const GET = uiRoute(async ({ viewer, url }) => {
  const page = await listRuns(viewer.sql, viewer.project.id, parseDashboardList(RUN_LIST, url.searchParams));
  return toRunsPage(
    page,
    await patternsOfRuns(
      viewer.sql,
      viewer.project.id,
      page.data.map((r) => r.id),
    ),
  );
});
