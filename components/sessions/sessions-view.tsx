import "server-only";
// The sessions page, shared by /sessions and /{agent}/sessions: the run filters, read through
// listSessions (the same data layer as GET /v1/sessions).
import { EmptyState, FirstRunEmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { InvalidFilters, scopePrefix } from "@/components/overview/invalid-filters";
import { hasNarrowingFilter, runsDataParams, toSearchParams, type RawSearchParams } from "@/components/runs/search-params";
import { listSessions } from "@/lib/server/queries/sessions";
import { requireViewer } from "@/lib/server/session";
import { listAgents, publicBaseUrl, type AgentScope } from "@/lib/server/shell-data";
import { FilterError, parseRunFilters } from "@/lib/validations/run-filters";
import { SessionsTable } from "./sessions-table";

export async function SessionsView({ searchParams, agent = null }: { searchParams: RawSearchParams; agent?: AgentScope | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const title = agent ? `${agent.name} · Sessions` : "Sessions";
  let page;
  try {
    page = await listSessions(viewer.sql, viewer.project.id, parseRunFilters(runsDataParams(search, agent?.slug ?? null), { defaultRange: "1d" }));
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title={title} message={err.message} resetHref={`${scopePrefix(agent)}/sessions`} />;
  }
  const [agents, anySession] = await Promise.all([
    listAgents(viewer.sql, viewer.project.id),
    page.data.length ? true : viewer.sql.query(`SELECT 1 FROM sessions WHERE project_id = $1 LIMIT 1`, [viewer.project.id]).then((r) => r.length > 0),
  ]);
  const empty = !anySession ? (
    <FirstRunEmptyState baseUrl={await publicBaseUrl()} title="No sessions yet" />
  ) : hasNarrowingFilter(search) ? (
    <EmptyState title="No sessions match these filters" description="Widen the time range or remove a filter." />
  ) : (
    <EmptyState title="No sessions in this time range" description="Choose a longer time range in the top bar." />
  );
  return (
    <div className="p-4">
      <PageHeader title={title} description="Runs grouped by tcc.sessionId, most recently active first. Open one to replay the conversation." />
      <SessionsTable page={page} agentScope={agent?.slug ?? null} agents={agents} empty={empty} />
    </div>
  );
}
