import "server-only";
// The failures page, shared by /failures and /{agent}/failures: failure groups of the window
// through the same data layer as GET /v1/failures.
import { InvalidFilters } from "@/components/overview/invalid-filters";
import { EmptyState, FirstRunEmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listFailures } from "@/lib/server/data/failures";
import { hasAnyRun } from "@/lib/server/data/runs";
import { requireViewer } from "@/lib/server/session";
import { projectAgents, publicBaseUrl, type AgentScope } from "@/lib/server/shell-data";
import { FilterError } from "@/lib/validations/list-params";
import { FAILURE_LIST, parseDashboardList } from "@/lib/validations/lists";
import { scopePrefix } from "@/lib/urls/nav";
import { toSearchParams, type RawSearchParams } from "@/lib/urls/search-params";
import { FailuresTable } from "./failures-table";
import { openViewParam } from "@/lib/server/views";
import { SaveViewButton } from "@/components/views/save-view-button";

/**
 * Groups per page: the 25 largest first, then "Next page" (the cursor in the URL). `?limit=` up to
 * 100 shows more at once; GET /v1/failures pages by 50. Each group on the page costs a scan of its
 * occurrences in the window (distinct users, first and last seen) and a table row.
 */
const PAGE_GROUPS = "25";

export async function FailuresView({ searchParams, agent = null }: { searchParams: RawSearchParams; agent?: AgentScope | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const data = new URLSearchParams(search);
  if (agent) data.set("agent", agent.slug);
  if (!data.has("limit")) data.set("limit", PAGE_GROUPS);
  const title = agent ? `${agent.name} · Failures` : "Failures";
  // `?view=<id>` opens a saved view: a redirect to its page and parameters.
  const unknownView = await openViewParam(viewer, search, agent);
  if (unknownView) return <InvalidFilters title={title} message={unknownView} resetHref={`${scopePrefix(agent)}/failures`} />;
  const basePath = `${scopePrefix(agent)}/failures`;
  let page;
  try {
    page = await listFailures(viewer.sql, viewer.project.id, parseDashboardList(FAILURE_LIST, data), { trend: true });
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title={title} message={err.message} resetHref={basePath} />;
  }
  const [agents, anyRun] = await Promise.all([
    agent ? null : projectAgents(viewer.sql, viewer.project.id),
    page.data.length ? true : hasAnyRun(viewer.sql, viewer.project.id),
  ]);
  const empty = !anyRun ? (
    <FirstRunEmptyState baseUrl={await publicBaseUrl()} />
  ) : FAILURE_LIST.narrows(search) ? (
    <EmptyState title="No failures match these filters" description="Widen the time range or remove a filter." />
  ) : (
    <EmptyState title="No failures in this time range" description="Failed runs, LLM steps and tool calls appear here, grouped by error signature." />
  );
  return (
    <div className="p-4">
      <PageHeader
        title={title}
        description="Failed runs, LLM steps and tool calls grouped by error signature: variants that differ only in ids, numbers, hosts or times share a group."
        actions={<SaveViewButton page="failures" agentScope={agent?.slug ?? null} />}
      />
      <FailuresTable page={page} empty={empty} agents={agents} basePath={basePath} />
    </div>
  );
}
