import "server-only";
// The feedback page, shared by /feedback and /{agent}/feedback.
import { EmptyState, FirstRunEmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { InvalidFilters } from "@/components/overview/invalid-filters";
import { scopePrefix } from "@/lib/urls/nav";
import { KpiTile } from "@/components/overview/kpi";
import { toSearchParams, type RawSearchParams } from "@/lib/urls/search-params";
import { feedbackSummary, listFeedback } from "@/lib/server/data/feedback";
import { hasAnyRun } from "@/lib/server/data/runs";
import { resolveScope } from "@/lib/server/data/stats";
import { requireViewer } from "@/lib/server/session";
import { projectAgents, publicBaseUrl, type AgentScope } from "@/lib/server/shell-data";
import { FilterError } from "@/lib/validations/list-params";
import { FEEDBACK_LIST, parseDashboardList } from "@/lib/validations/lists";
import { FeedbackTable } from "./feedback-table";
import { openViewParam } from "@/lib/server/views";
import { SaveViewButton } from "@/components/views/save-view-button";

export async function FeedbackView({ searchParams, agent = null }: { searchParams: RawSearchParams; agent?: AgentScope | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const title = agent ? `${agent.name} · Feedback` : "Feedback";
  // `?view=<id>` opens a saved view: a redirect to its page and parameters.
  const unknownView = await openViewParam(viewer, search, agent);
  if (unknownView) return <InvalidFilters title={title} message={unknownView} resetHref={`${scopePrefix(agent)}/feedback`} />;
  let data;
  try {
    const f = parseDashboardList(FEEDBACK_LIST, search);
    // The top-level page can narrow to an agent with ?agent=<slug>, like the runs table.
    const scope = agent ? { projectId: viewer.project.id, agentId: agent.id } : await resolveScope(viewer.sql, viewer.project.id, f.agent);
    data = scope ? await Promise.all([listFeedback(viewer.sql, scope, f), feedbackSummary(viewer.sql, scope, f)]) : null;
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title={title} message={err.message} resetHref={`${scopePrefix(agent)}/feedback`} />;
  }
  const [page, summary] = data ?? [
    { data: [], nextCursor: null },
    { total: 0, thumbsUp: 0, thumbsDown: 0, withText: 0 },
  ];
  const [agents, anyRun] = await Promise.all([
    projectAgents(viewer.sql, viewer.project.id),
    page.data.length ? true : hasAnyRun(viewer.sql, viewer.project.id),
  ]);
  const empty = !anyRun ? (
    <FirstRunEmptyState baseUrl={await publicBaseUrl()} />
  ) : FEEDBACK_LIST.narrows(search) ? (
    <EmptyState title="No feedback matches these filters" description="Widen the time range or remove a filter." />
  ) : (
    <EmptyState
      title="No feedback in this time range"
      description='Feedback arrives with submitFeedback({ runId, score: "thumbs_up" | "thumbs_down", text }) from any TCC SDK, POST /v1/feedback, or the thumbs on a run page.'
    />
  );
  return (
    <div className="space-y-3 p-4">
      <PageHeader
        title={title}
        description="Every thumbs up, thumbs down and comment, newest first, linked to its run."
        actions={<SaveViewButton page="feedback" agentScope={agent?.slug ?? null} />}
      />
      <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
        <KpiTile label="Entries" value={formatCount(summary.total)} />
        <KpiTile label="Thumbs up" value={formatCount(summary.thumbsUp)} />
        <KpiTile label="Thumbs down" value={formatCount(summary.thumbsDown)} />
        <KpiTile label="With text" value={formatCount(summary.withText)} />
      </div>
      <FeedbackTable page={page} agentScope={agent?.slug ?? null} agents={agents} empty={empty} />
    </div>
  );
}
