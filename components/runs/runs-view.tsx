import "server-only";
// The runs page, shared by /runs and /{agent}/runs: parses the URL once, reads the first page
// through the same data layer as GET /v1/runs, and hands it to the live client table.
import { ExportButton } from "@/components/export/export-button";
import { InvalidFilters } from "@/components/overview/invalid-filters";
import { EmptyState, FirstRunEmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import type { AgentRef } from "@/lib/server/data/agents";
import { listPatternRefs, patternsOfRuns } from "@/lib/server/data/insights";
import { hasAnyRun, listRuns } from "@/lib/server/data/runs";
import { requireViewer } from "@/lib/server/session";
import { projectAgents, publicBaseUrl } from "@/lib/server/shell-data";
import { FilterError } from "@/lib/validations/list-params";
import { parseDashboardList, RUN_LIST } from "@/lib/validations/lists";
import { RunsTable } from "./runs-table";
import { toRunsPage } from "@/lib/server/data/run-rows";
import { scopePrefix } from "@/lib/urls/nav";
import { runsDataParams, toSearchParams, type RawSearchParams } from "@/lib/urls/search-params";
import { openViewParam } from "@/lib/server/views";
import { SaveViewButton } from "@/components/views/save-view-button";

export async function RunsView({ searchParams, agent = null }: { searchParams: RawSearchParams; agent?: AgentRef | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const data = runsDataParams(search, agent?.slug ?? null);
  const title = agent ? `${agent.name} · Runs` : "Runs";
  // `?view=<id>` opens a saved view: a redirect to its page and parameters.
  const unknownView = await openViewParam(viewer, search, agent);
  if (unknownView) return <InvalidFilters title={title} message={unknownView} resetHref={`${scopePrefix(agent)}/runs`} />;
  let page;
  try {
    page = await listRuns(viewer.sql, viewer.project.id, parseDashboardList(RUN_LIST, data));
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title={title} message={err.message} resetHref={`${scopePrefix(agent)}/runs`} />;
  }
  const [agents, baseUrl, anyRun, patterns, runPatterns] = await Promise.all([
    projectAgents(viewer.sql, viewer.project.id),
    page.data.length ? "" : publicBaseUrl(),
    page.data.length ? true : hasAnyRun(viewer.sql, viewer.project.id),
    listPatternRefs(viewer.sql, viewer.project.id),
    patternsOfRuns(
      viewer.sql,
      viewer.project.id,
      page.data.map((r) => r.id),
    ),
  ]);
  const empty = !anyRun ? (
    <FirstRunEmptyState baseUrl={baseUrl} />
  ) : RUN_LIST.narrows(search) ? (
    <EmptyState title="No runs match these filters" description="Widen the time range or remove a filter." />
  ) : (
    <EmptyState
      title={agent ? `No runs of ${agent.name} in this time range` : "No runs in this time range"}
      description="Choose a longer time range in the top bar."
    />
  );
  // When this page's data was read: the live table refetches relative to it. A server component
  // renders once per request, so reading the clock here is what is meant.
  // eslint-disable-next-line react-hooks/purity
  const renderedAt = Date.now();
  return (
    <div className="p-4">
      <PageHeader
        title={title}
        description={agent ? `Runs whose tcc.agent is ${agent.name}` : "Every agent run in this project, newest first."}
        actions={
          <>
            <ExportButton agentScope={agent?.slug ?? null} />
            <SaveViewButton page="runs" agentScope={agent?.slug ?? null} />
          </>
        }
      />
      <RunsTable
        initial={toRunsPage(page, runPatterns)}
        renderedAt={renderedAt}
        dataQuery={data.toString()}
        agentScope={agent?.slug ?? null}
        agents={agents}
        patterns={patterns.filter((p) => p.agent === null || p.agent.slug === agent?.slug || !agent).map((p) => ({ value: p.id, label: p.name }))}
        empty={empty}
      />
    </div>
  );
}
