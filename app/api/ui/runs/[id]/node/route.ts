// One timeline node's full content (span attributes, a step's messages, a tool call's arguments
// and result), loaded when the user selects it on the run page.
import { cleanText } from "@/lib/ingest/sanitize";
import { errorResponse } from "@/lib/server/http";
import { getNodeDetail } from "@/lib/server/data/run-detail";
import { uiRoute } from "@/lib/server/ui-route";

export const dynamic = "force-dynamic";

export const GET = uiRoute<{ id: string }>(async ({ viewer, url }, { id }) => {
  const key = cleanText(url.searchParams.get("key") ?? "");
  if (!/^(span|step|tool):.{1,512}$/s.test(key)) return errorResponse(400, "invalid_key", "key must be span:<spanId>, step:<id> or tool:<id>.");
  const detail = await getNodeDetail(viewer.sql, viewer.project.id, id, key);
  if (!detail) return errorResponse(404, "not_found", "No such span in this run.");
  // A node's content is immutable once stored; the browser may keep it while the page is open.
  return Response.json(detail, { headers: { "cache-control": "private, max-age=60" } });
});
