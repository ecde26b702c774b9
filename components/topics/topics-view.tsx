import "server-only";
// The topics page, shared by /topics and /{agent}/topics: what users ask about in the window,
// with each topic's runs, sessions, users, share, failure rate, thumbs, frustration and trend.
import Link from "next/link";
import { RefreshCw } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FirstRunEmptyState } from "@/components/ui/empty-state";
import { formatCount, formatRelative } from "@/components/ui/format";
import { ListTable, EmptyPanel, Th } from "@/components/ui/list-table";
import { PageHeader } from "@/components/ui/page-header";
import { InvalidFilters } from "@/components/overview/invalid-filters";
import { reclusterTopics } from "@/lib/actions/topics";
import { hasAnyRun } from "@/lib/server/data/runs";
import { listTopics, reclusterState, type TopicDto } from "@/lib/server/data/topics";
import { requireViewer } from "@/lib/server/session";
import { publicBaseUrl, type AgentScope } from "@/lib/server/shell-data";
import { FilterError } from "@/lib/validations/list-params";
import { parseDashboardList, TOPIC_LIST } from "@/lib/validations/lists";
import { scopePrefix, windowQuery } from "@/lib/urls/nav";
import { toSearchParams, type RawSearchParams } from "@/lib/urls/search-params";

export const percent = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.1 ? 1 : 0)}%`;

export function TrendBadge({ topic }: { topic: Pick<TopicDto, "trend" | "previousRunCount" | "runCount"> }) {
  const title = `${topic.runCount} runs in this window, ${topic.previousRunCount} in the previous one`;
  if (topic.trend === "new")
    return (
      <Badge tone="accent" title={title}>
        new · emerging
      </Badge>
    );
  if (topic.trend === "rising")
    return (
      <Badge tone="amber" title={title}>
        rising · emerging
      </Badge>
    );
  if (topic.trend === "falling")
    return (
      <Badge tone="blue" title={title}>
        falling
      </Badge>
    );
  return <Badge title={title}>steady</Badge>;
}

export async function TopicsView({ searchParams, agent = null }: { searchParams: RawSearchParams; agent?: AgentScope | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const title = agent ? `${agent.name} · Topics` : "Topics";
  const prefix = scopePrefix(agent);
  let list;
  try {
    const f = parseDashboardList(TOPIC_LIST, search);
    list = await listTopics(viewer.sql, viewer.project.id, { window: f.window, agent: agent ? agent.slug : f.agent });
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title={title} message={err.message} resetHref={`${prefix}/topics`} />;
  }
  const [state, anyRun] = await Promise.all([
    reclusterState(viewer.sql, viewer.project.id, agent ? agent.id : null),
    list.data.length ? true : hasAnyRun(viewer.sql, viewer.project.id),
  ]);
  const win = windowQuery(search);
  const actions = (
    <form action={reclusterTopics} className="flex items-center gap-2">
      {agent ? <input type="hidden" name="agent" value={agent.slug} /> : null}
      <span className="text-2xs text-zinc-500" data-testid="recluster-state">
        {state.running
          ? "Re-clustering…"
          : state.requested
            ? "Re-clustering requested"
            : state.lastRunAt
              ? `Clustered ${formatRelative(state.lastRunAt)}`
              : "Not clustered yet"}
      </span>
      <Button type="submit" disabled={state.requested || state.running}>
        <RefreshCw className="size-3.5" aria-hidden />
        Re-cluster
      </Button>
    </form>
  );
  const withRuns = list.data.filter((t) => t.runCount > 0 || t.previousRunCount > 0);
  return (
    <div className="space-y-3 p-4">
      <PageHeader
        title={title}
        description="What users ask about: the prompts of conversational runs, clustered on this machine, re-clustered daily. Share is of the window's runs with a topic."
        actions={actions}
      />
      {state.lastError ? (
        <p className="rounded border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800">Last clustering failed: {state.lastError}</p>
      ) : null}
      {!anyRun ? (
        <FirstRunEmptyState baseUrl={await publicBaseUrl()} />
      ) : list.data.length === 0 ? (
        <EmptyPanel
          title="No topics yet"
          description="Topics are found in the user prompts of conversational runs (sessions); the engine clusters an agent once it has at least 20 of them in the last 30 days. Re-cluster to run it now."
        />
      ) : (
        <ListTable
          testId="topics-table"
          head={
            <>
              <Th>Topic</Th>
              {agent ? null : <Th>Agent</Th>}
              <Th right>Runs</Th>
              <Th right>Share</Th>
              <Th right>Sessions</Th>
              <Th right>Users</Th>
              <Th right>Failure rate</Th>
              <Th right>👍 / 👎</Th>
              <Th right>Frustration</Th>
              <Th>Trend</Th>
            </>
          }
          footer={
            withRuns.length === 0 ? (
              <p className="px-3 py-2 text-2xs text-zinc-500">No run of these topics in this time range; widen it to see their figures.</p>
            ) : null
          }
        >
          {(withRuns.length ? withRuns : list.data).map((t) => (
            <tr key={t.id} className="hover:bg-zinc-50">
              <td className="max-w-md px-3 py-2">
                <Link href={`${prefix}/topics/${encodeURIComponent(t.id)}${win}`} className="font-medium text-accent-700 hover:underline">
                  {t.llmLabel ?? t.label}
                </Link>
                <div className="truncate text-2xs text-zinc-500" title={t.representative}>
                  {t.keywords.slice(0, 6).join(" · ")}
                </div>
              </td>
              {agent ? null : <td className="px-3 py-2 text-zinc-600">{t.agent?.name ?? "–"}</td>}
              <td className="px-3 py-2 text-right font-mono tabular">
                <Link href={`${prefix}/runs?${new URLSearchParams([...new URLSearchParams(win.slice(1)), ["topic", t.id]])}`} className="hover:underline">
                  {formatCount(t.runCount)}
                </Link>
              </td>
              <td className="px-3 py-2 text-right font-mono tabular">{percent(t.share)}</td>
              <td className="px-3 py-2 text-right font-mono tabular">{formatCount(t.sessionCount)}</td>
              <td className="px-3 py-2 text-right font-mono tabular">{formatCount(t.userCount)}</td>
              <td className={`px-3 py-2 text-right font-mono tabular ${t.failureRate > 0.1 ? "text-red-700" : ""}`}>{percent(t.failureRate)}</td>
              <td className="px-3 py-2 text-right font-mono tabular">
                {t.thumbsUp} / {t.thumbsDown}
              </td>
              <td className="px-3 py-2 text-right font-mono tabular">{percent(t.frustrationRate)}</td>
              <td className="px-3 py-2">
                <TrendBadge topic={t} />
              </td>
            </tr>
          ))}
        </ListTable>
      )}
    </div>
  );
}
