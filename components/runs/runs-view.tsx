import "server-only";
// The runs page, shared by /runs and /{agent}/runs: parses the URL once, reads the first page
// through the same data layer as GET /v1/runs, and hands it to the live client table.
import { EmptyState, FirstRunEmptyState } from "@/components/ui/empty-state";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { listRuns, type AgentRef } from "@/lib/server/queries/runs";
import { requireViewer } from "@/lib/server/session";
import { listAgents, publicBaseUrl } from "@/lib/server/shell-data";
import { FilterError, parseRunFilters } from "@/lib/validations/run-filters";
import { RunsTable } from "./runs-table";
import { toRunsPage } from "./types";
import { hasNarrowingFilter, runsDataParams, toSearchParams, type RawSearchParams } from "./search-params";

export async function RunsView({ searchParams, agent = null }: { searchParams: RawSearchParams; agent?: AgentRef | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const data = runsDataParams(search, agent?.slug ?? null);
  const title = agent ? `${agent.name} · Runs` : "Runs";
  let page;
  try {
    page = await listRuns(viewer.sql, viewer.project.id, parseRunFilters(data, { defaultRange: "1d" }));
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return (
      <div className="p-4">
        <PageHeader title={title} />
        <EmptyState title="These filters are not valid" description={err.message}>
          <div className="text-center">
            <ButtonLink href={agent ? `/${agent.slug}/runs` : "/runs"}>Reset filters</ButtonLink>
          </div>
        </EmptyState>
      </div>
    );
  }
  const [agents, baseUrl, anyRun] = await Promise.all([
    listAgents(viewer.sql, viewer.project.id),
    page.data.length ? "" : publicBaseUrl(),
    page.data.length ? true : viewer.sql.query(`SELECT 1 FROM runs WHERE project_id = $1 LIMIT 1`, [viewer.project.id]).then((r) => r.length > 0),
  ]);
  const empty = !anyRun ? (
    <FirstRunEmptyState baseUrl={baseUrl} />
  ) : hasNarrowingFilter(search) ? (
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
      <PageHeader title={title} description={agent ? `Runs whose tcc.agent is ${agent.name}` : "Every agent run in this project, newest first."} />
      <RunsTable
        initial={toRunsPage(page)}
        renderedAt={renderedAt}
        dataQuery={data.toString()}
        agentScope={agent?.slug ?? null}
        agents={agents}
        empty={empty}
      />
    </div>
  );
}
