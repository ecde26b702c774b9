import "server-only";
// One tool's page, shared by /tools/{name} and /{agent}/tools/{name}: its health in the window,
// latency distribution, calls over time, recent calls (arguments and results truncated, shown as
// text) and its recent errors.
import Link from "next/link";
import { StatusBadge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount, formatDateTime, formatDuration } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { TextBlock } from "@/components/ui/text-block";
import { ToolCallsChartCard } from "@/components/charts/chart-cards";
import { InvalidFilters } from "@/components/overview/invalid-filters";
import { KpiGrid, KpiTile } from "@/components/overview/kpi";
import { scopePrefix, windowQuery } from "@/lib/urls/nav";
import { toSearchParams, type RawSearchParams } from "@/lib/urls/search-params";
import { listTools, recentToolCalls, toolLatency, toolTrend, type ToolCallDto } from "@/lib/server/data/tools";
import { requireViewer } from "@/lib/server/session";
import type { AgentScope } from "@/lib/server/shell-data";
import { FilterError } from "@/lib/validations/list-params";
import { parseDashboardList, WINDOW_ONLY } from "@/lib/validations/lists";
import { LatencyHistogram } from "./latency-histogram";
import { pct } from "./rate";

function CallList({ calls, prefix, wq }: { calls: ToolCallDto[]; prefix: string; wq: string }) {
  return (
    <ul className="divide-y divide-zinc-100">
      {calls.map((c) => (
        <li key={`${c.runId}/${c.id}`} className="space-y-1.5 py-2" data-testid="tool-call">
          <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500">
            <StatusBadge status={c.status} />
            <time dateTime={c.startTime} suppressHydrationWarning>
              {formatDateTime(c.startTime)}
            </time>
            <span className="tabular">{formatDuration(c.durationMs)}</span>
            {c.agent ? <span>{c.agent.name}</span> : null}
            <Link className="ml-auto text-indigo-700 hover:underline" href={`${prefix}/runs/${encodeURIComponent(c.runId)}${wq}`}>
              Open run
            </Link>
          </div>
          {c.error ? <TextBlock value={c.error} json="never" label="error" maxHeight="max-h-24" /> : null}
          <div className="grid gap-2 md:grid-cols-2">
            <TextBlock value={c.args} json="never" label="arguments" maxHeight="max-h-32" />
            <TextBlock value={c.result} json="never" label="result" maxHeight="max-h-32" />
          </div>
        </li>
      ))}
    </ul>
  );
}

export async function ToolView({ name, searchParams, agent = null }: { name: string; searchParams: RawSearchParams; agent?: AgentScope | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const prefix = scopePrefix(agent);
  const title = `${agent ? `${agent.name} · ` : ""}Tool ${name}`;
  let window;
  try {
    window = parseDashboardList(WINDOW_ONLY, search).window;
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title={title} message={err.message} resetHref={`${prefix}/tools/${encodeURIComponent(name)}`} />;
  }
  const scope = { projectId: viewer.project.id, agentId: agent?.id ?? null };
  const [[tool], latency, trend, recent, errors] = await Promise.all([
    listTools(viewer.sql, scope, window, { tool: name, topErrors: 10 }),
    toolLatency(viewer.sql, scope, window, name),
    toolTrend(viewer.sql, scope, window, name),
    recentToolCalls(viewer.sql, scope, window, name, { limit: 20 }),
    recentToolCalls(viewer.sql, scope, window, name, { limit: 10, errorsOnly: true }),
  ]);
  const wq = windowQuery(search);
  const back = (
    <Link href={`${prefix}/tools${wq}`} className="text-xs text-indigo-700 hover:underline">
      ← All tools
    </Link>
  );
  if (!tool) {
    return (
      <div className="p-4">
        <PageHeader title={title} actions={back} />
        <EmptyState title={`No calls of ${name} in this time range`} description="Choose a longer time range in the top bar, or check the tool's name." />
      </div>
    );
  }
  return (
    <div className="space-y-3 p-4">
      <PageHeader title={title} actions={back} description="Calls in the time range, their latency, and the latest calls and errors." />
      <KpiGrid>
        <KpiTile label="Calls" value={formatCount(tool.calls)} />
        <KpiTile label="Errors" value={formatCount(tool.errors)} sub={`${pct(tool.errorRate)} error rate`} />
        <KpiTile label="Latency p50" value={formatDuration(tool.p50Ms)} />
        <KpiTile label="Latency p95" value={formatDuration(tool.p95Ms)} />
        <KpiTile label="Runs" value={formatCount(tool.runCount)} />
      </KpiGrid>
      <div className="grid gap-3 lg:grid-cols-2">
        <Card>
          <CardHeader title="Latency distribution" />
          <CardBody>
            <LatencyHistogram buckets={latency} />
          </CardBody>
        </Card>
        <ToolCallsChartCard title="Calls and errors" points={trend.points} stepMs={trend.stepMs} />
      </div>
      {tool.topErrors.length ? (
        <Card>
          <CardHeader title="Top errors" />
          <CardBody>
            <ul className="space-y-1 text-xs">
              {tool.topErrors.map((e) => (
                <li key={e.signature}>
                  <Link href={`${prefix}/failures/${e.signature}${wq}`} className="text-red-700 hover:underline">
                    {e.message}
                  </Link>
                  <span className="ml-1 tabular text-zinc-500">×{formatCount(e.count)}</span>
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
      ) : null}
      <Card>
        <CardHeader title="Recent errors" />
        <CardBody>
          {errors.length ? <CallList calls={errors} prefix={prefix} wq={wq} /> : <p className="text-xs text-zinc-500">No failed calls in this time range.</p>}
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Recent calls" />
        <CardBody>
          <CallList calls={recent} prefix={prefix} wq={wq} />
        </CardBody>
      </Card>
    </div>
  );
}
