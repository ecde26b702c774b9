import "server-only";
// The sessions page, shared by /sessions and /{agent}/sessions: the run filters, read through
// listSessions (the same data layer as GET /v1/sessions).
import { EmptyState, FirstRunEmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { InvalidFilters } from "@/components/overview/invalid-filters";
import { scopePrefix } from "@/lib/urls/nav";
import { runsDataParams, toSearchParams, type RawSearchParams } from "@/lib/urls/search-params";
import { hasAnySession, listSessions } from "@/lib/server/data/sessions";
import { requireViewer } from "@/lib/server/session";
import { projectAgents, publicBaseUrl, type AgentScope } from "@/lib/server/shell-data";
import { FilterError } from "@/lib/validations/list-params";
import { parseDashboardList, RUN_LIST } from "@/lib/validations/lists";
import { SessionsTable } from "./sessions-table";
import { openViewParam } from "@/lib/server/views";
import { SaveViewButton } from "@/components/views/save-view-button";

export async function SessionsView({ searchParams, agent = null }: { searchParams: RawSearchParams; agent?: AgentScope | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const title = agent ? `${agent.name} · Sessions` : "Sessions";
  // `?view=<id>` opens a saved view: a redirect to its page and parameters.
  const unknownView = await openViewParam(viewer, search, agent);
  if (unknownView) return <InvalidFilters title={title} message={unknownView} resetHref={`${scopePrefix(agent)}/sessions`} />;
  let page;
  try {
    page = await listSessions(viewer.sql, viewer.project.id, parseDashboardList(RUN_LIST, runsDataParams(search, agent?.slug ?? null)));
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title={title} message={err.message} resetHref={`${scopePrefix(agent)}/sessions`} />;
  }
  const [agents, anySession] = await Promise.all([
    projectAgents(viewer.sql, viewer.project.id),
    page.data.length ? true : hasAnySession(viewer.sql, viewer.project.id),
  ]);
  const empty = !anySession ? (
    <FirstRunEmptyState baseUrl={await publicBaseUrl()} title="No sessions yet" />
  ) : RUN_LIST.narrows(search) ? (
    <EmptyState title="No sessions match these filters" description="Widen the time range or remove a filter." />
  ) : (
    <EmptyState title="No sessions in this time range" description="Choose a longer time range in the top bar." />
  );
  return (
    <div className="p-4">
      <PageHeader
        title={title}
        description="Runs grouped by tcc.sessionId, most recently active first. Open one to replay the conversation."
        actions={<SaveViewButton page="sessions" agentScope={agent?.slug ?? null} />}
      />
      <SessionsTable page={page} agentScope={agent?.slug ?? null} agents={agents} empty={empty} />
    </div>
  );
}
