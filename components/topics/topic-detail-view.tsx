import "server-only";
// One topic, shared by /topics/{id} and /{agent}/topics/{id}: its figures over the window, its
// keywords and representative prompt, example prompts linked to their runs, and its runs.
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { KpiTile } from "@/components/overview/kpi";
import { InvalidFilters } from "@/components/overview/invalid-filters";
import { ButtonLink } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount, formatDateTime, oneLine } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { getTopic } from "@/lib/server/data/topics";
import { requireViewer } from "@/lib/server/session";
import type { AgentScope } from "@/lib/server/shell-data";
import { FilterError } from "@/lib/validations/list-params";
import { parseDashboardList, WINDOW_ONLY } from "@/lib/validations/lists";
import { scopePrefix, windowQuery } from "@/lib/urls/nav";
import { toSearchParams, type RawSearchParams } from "@/lib/urls/search-params";
import { percent, TrendBadge } from "./topics-view";

export async function TopicDetailView({ topicId, searchParams, agent = null }: { topicId: string; searchParams: RawSearchParams; agent?: AgentScope | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const prefix = scopePrefix(agent);
  let topic;
  try {
    const f = parseDashboardList(WINDOW_ONLY, search);
    topic = await getTopic(viewer.sql, viewer.project.id, topicId, f.window);
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title="Topic" message={err.message} resetHref={`${prefix}/topics/${encodeURIComponent(topicId)}`} />;
  }
  // A topic of another agent is not part of /{agent}/topics.
  if (!topic || (agent && topic.agent?.slug !== agent.slug)) notFound();
  const win = windowQuery(search);
  const runsHref = `${prefix}/runs?${new URLSearchParams([...new URLSearchParams(win.slice(1)), ["topic", topic.id]])}`;
  const sessionsHref = `${prefix}/sessions?${new URLSearchParams([...new URLSearchParams(win.slice(1)), ["topic", topic.id]])}`;
  return (
    <div className="space-y-3 p-4">
      <Link href={`${prefix}/topics${win}`} className="focus-ring inline-flex items-center gap-1 rounded text-xs text-zinc-500 hover:text-zinc-900">
        <ArrowLeft className="size-3.5" aria-hidden />
        Topics
      </Link>
      <PageHeader
        title={topic.llmLabel ?? topic.label}
        description={`Keywords: ${topic.keywords.join(", ")}`}
        actions={
          <>
            <ButtonLink href={sessionsHref}>Its sessions</ButtonLink>
            <ButtonLink href={runsHref} variant="primary">
              Its runs
            </ButtonLink>
          </>
        }
      >
        <div className="mt-1 flex flex-wrap items-center gap-2">
          {topic.agent ? <Badge tone="accent">{topic.agent.name}</Badge> : null}
          <TrendBadge topic={topic} />
          {topic.retired ? <Badge title="No longer found by the latest clustering; its runs keep it.">retired</Badge> : null}
          <span className="text-2xs text-zinc-500">first seen {formatDateTime(topic.firstSeenAt).slice(0, 10)}</span>
        </div>
      </PageHeader>
      <div className="grid grid-cols-2 gap-2 md:grid-cols-4 xl:grid-cols-8">
        <KpiTile label="Runs" value={formatCount(topic.runCount)} />
        <KpiTile label="Previous window" value={formatCount(topic.previousRunCount)} />
        <KpiTile label="Share" value={percent(topic.share)} />
        <KpiTile label="Sessions" value={formatCount(topic.sessionCount)} />
        <KpiTile label="Users" value={formatCount(topic.userCount)} />
        <KpiTile label="Failure rate" value={percent(topic.failureRate)} />
        <KpiTile label="👍 / 👎" value={`${topic.thumbsUp} / ${topic.thumbsDown}`} />
        <KpiTile label="Frustration" value={percent(topic.frustrationRate)} />
      </div>
      <div className="rounded-lg border border-zinc-200 bg-white p-3 shadow-sm">
        <h2 className="mb-1 text-2xs font-medium uppercase tracking-wide text-zinc-500">Representative prompt</h2>
        <p className="whitespace-pre-wrap text-sm text-zinc-800">{oneLine(topic.representative, 600)}</p>
      </div>
      <div className="rounded-lg border border-zinc-200 bg-white shadow-sm">
        <h2 className="border-b border-zinc-100 px-3 py-2 text-2xs font-medium uppercase tracking-wide text-zinc-500">Example prompts in this window</h2>
        {topic.examples.length === 0 ? (
          <EmptyState title="No run of this topic in this time range" description="Widen the time range to see its prompts." />
        ) : (
          <ul className="divide-y divide-zinc-100" data-testid="topic-examples">
            {topic.examples.map((e) => (
              <li key={e.runId} className="flex items-baseline justify-between gap-3 px-3 py-2 text-sm">
                <Link href={`${prefix}/runs/${encodeURIComponent(e.runId)}`} className="min-w-0 truncate text-zinc-800 hover:text-accent-700 hover:underline">
                  {oneLine(e.prompt, 240)}
                </Link>
                <span className="shrink-0 font-mono text-2xs text-zinc-500">{formatDateTime(e.startTime)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
