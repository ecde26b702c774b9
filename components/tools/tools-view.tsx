import "server-only";
// The tools page, shared by /tools and /{agent}/tools: every tool called in the window with its
// health, and calls and errors over time.
import { EmptyState, FirstRunEmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ToolCallsChartCard } from "@/components/charts/chart-cards";
import { InvalidFilters } from "@/components/overview/invalid-filters";
import { scopePrefix } from "@/lib/urls/nav";
import { toSearchParams, type RawSearchParams } from "@/lib/urls/search-params";
import { hasAnyRun } from "@/lib/server/data/runs";
import { resolveScope } from "@/lib/server/data/stats";
import { listTools, toolTrend } from "@/lib/server/data/tools";
import { requireViewer } from "@/lib/server/session";
import { publicBaseUrl, type AgentScope } from "@/lib/server/shell-data";
import { FilterError } from "@/lib/validations/list-params";
import { parseDashboardList, TOOL_LIST } from "@/lib/validations/lists";
import { ToolsTable } from "./tools-table";
import { openViewParam } from "@/lib/server/views";
import { SaveViewButton } from "@/components/views/save-view-button";

export async function ToolsView({ searchParams, agent = null }: { searchParams: RawSearchParams; agent?: AgentScope | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const title = agent ? `${agent.name} · Tools` : "Tools";
  // `?view=<id>` opens a saved view: a redirect to its page and parameters.
  const unknownView = await openViewParam(viewer, search, agent);
  if (unknownView) return <InvalidFilters title={title} message={unknownView} resetHref={`${scopePrefix(agent)}/tools`} />;
  const prefix = scopePrefix(agent);
  let f;
  try {
    f = parseDashboardList(TOOL_LIST, search);
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title={title} message={err.message} resetHref={`${prefix}/tools`} />;
  }
  // The agent of the path wins; on /tools an `agent` parameter narrows like the runs table's.
  const scope = agent ? { projectId: viewer.project.id, agentId: agent.id } : await resolveScope(viewer.sql, viewer.project.id, f.agent);
  const [tools, trend] = scope
    ? await Promise.all([listTools(viewer.sql, scope, f.window, { sort: f.sort, order: f.order }), toolTrend(viewer.sql, scope, f.window)])
    : [[], null];
  let empty = <EmptyState title="No tool calls in this time range" description="Choose a longer time range in the top bar." />;
  if (!tools.length && !(await hasAnyRun(viewer.sql, viewer.project.id)))
    empty = <FirstRunEmptyState baseUrl={await publicBaseUrl()} title="No tool calls yet" />;
  return (
    <div className="space-y-3 p-4">
      <PageHeader
        title={title}
        description="Every tool your agents called in the time range: volume, failures, latency and the runs that used it."
        actions={<SaveViewButton page="tools" agentScope={agent?.slug ?? null} />}
      />
      {trend && tools.length ? <ToolCallsChartCard title="Tool calls and errors" points={trend.points} stepMs={trend.stepMs} /> : null}
      <ToolsTable tools={tools} prefix={prefix} empty={empty} />
    </div>
  );
}
