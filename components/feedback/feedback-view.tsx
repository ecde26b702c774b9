import "server-only";
// The feedback page, shared by /feedback and /{agent}/feedback.
import { EmptyState, FirstRunEmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { InvalidFilters, scopePrefix } from "@/components/overview/invalid-filters";
import { KpiTile } from "@/components/overview/kpi";
import { hasNarrowingFilter, toSearchParams, type RawSearchParams } from "@/components/runs/search-params";
import { feedbackSummary, listFeedback } from "@/lib/server/queries/feedback";
import { resolveScope } from "@/lib/server/queries/stats";
import { requireViewer } from "@/lib/server/session";
import { listAgents, publicBaseUrl, type AgentScope } from "@/lib/server/shell-data";
import { parseFeedbackFilters } from "@/lib/validations/analytics";
import { FilterError } from "@/lib/validations/run-filters";
import { FeedbackTable } from "./feedback-table";

export async function FeedbackView({ searchParams, agent = null }: { searchParams: RawSearchParams; agent?: AgentScope | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const title = agent ? `${agent.name} · Feedback` : "Feedback";
  let data;
  try {
    const f = parseFeedbackFilters(search, { defaultRange: "1d" });
    // The top-level page can narrow to an agent with ?agent=<slug>, like the runs table.
    const scope = agent ? { projectId: viewer.project.id, agentId: agent.id } : await resolveScope(viewer.sql, viewer.project.id, search.get("agent"));
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
    listAgents(viewer.sql, viewer.project.id),
    page.data.length ? true : viewer.sql.query(`SELECT 1 FROM runs WHERE project_id = $1 LIMIT 1`, [viewer.project.id]).then((r) => r.length > 0),
  ]);
  const empty = !anyRun ? (
    <FirstRunEmptyState baseUrl={await publicBaseUrl()} />
  ) : hasNarrowingFilter(search) ? (
    <EmptyState title="No feedback matches these filters" description="Widen the time range or remove a filter." />
  ) : (
    <EmptyState
      title="No feedback in this time range"
      description='Feedback arrives with submitFeedback({ runId, score: "thumbs_up" | "thumbs_down", text }) from any TCC SDK, POST /v1/feedback, or the thumbs on a run page.'
    />
  );
  return (
    <div className="space-y-3 p-4">
      <PageHeader title={title} description="Every thumbs up, thumbs down and comment, newest first, linked to its run." />
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
