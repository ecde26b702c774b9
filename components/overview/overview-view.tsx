import "server-only";
// The overview, shared by /overview and /{agent}/overview: KPIs with the change against the
// previous period, charts over time, and the top agents and models (users and orgs have their own pages).
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { FirstRunEmptyState } from "@/components/ui/empty-state";
import { formatCost, formatCount, formatDateTime, formatDuration } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { CostChartCard, RunsChartCard } from "@/components/charts/chart-cards";
import { TrendChart } from "@/components/charts/trend-chart";
import { toSearchParams, type RawSearchParams } from "@/lib/urls/search-params";
import { getOverview } from "@/lib/server/data/overview";
import { hasAnyRun } from "@/lib/server/data/runs";
import { requireViewer } from "@/lib/server/session";
import { publicBaseUrl, type AgentScope } from "@/lib/server/shell-data";
import { FilterError } from "@/lib/validations/list-params";
import { parseDashboardList, WINDOW_ONLY } from "@/lib/validations/lists";
import { InvalidFilters } from "./invalid-filters";
import { scopePrefix, windowQuery } from "@/lib/urls/nav";
import { change, formatPercent, KpiGrid, KpiTile } from "./kpi";
import { TopList } from "./top-list";

export async function OverviewView({ searchParams, agent = null }: { searchParams: RawSearchParams; agent?: AgentScope | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const title = agent ? `${agent.name} · Overview` : "Overview";
  let window;
  try {
    window = parseDashboardList(WINDOW_ONLY, search).window;
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title={title} message={err.message} resetHref={`${scopePrefix(agent)}/overview`} />;
  }
  const o = await getOverview(viewer.sql, { projectId: viewer.project.id, agentId: agent?.id ?? null }, window);
  if (o.current.runs === 0 && o.previous.runs === 0) {
    if (!(await hasAnyRun(viewer.sql, viewer.project.id))) {
      return (
        <div className="p-4">
          <PageHeader title={title} />
          <div className="rounded-lg border border-zinc-200 bg-white">
            <FirstRunEmptyState baseUrl={await publicBaseUrl()} />
          </div>
        </div>
      );
    }
  }
  const { current: c, previous: p } = o;
  const wq = windowQuery(search);
  const prefix = scopePrefix(agent);
  return (
    <div className="space-y-3 p-4">
      <PageHeader
        title={title}
        description={`${formatDateTime(o.window.from, { utc: true })} – ${formatDateTime(o.window.to, { utc: true })} UTC, compared with the period before.`}
      />
      <KpiGrid>
        <KpiTile label="Runs" value={formatCount(c.runs)} delta={change(c.runs, p.runs)} good="up" sub={`${formatCount(p.runs)} before`} />
        <KpiTile
          label="Failure rate"
          value={formatPercent(c.failureRate)}
          delta={change(c.failureRate, p.failureRate, "points")}
          good="down"
          sub={`${formatCount(c.errors)} failed runs`}
        />
        <KpiTile
          label="Thumbs up ratio"
          value={formatPercent(c.thumbsUpRatio)}
          delta={change(c.thumbsUpRatio, p.thumbsUpRatio, "points")}
          good="up"
          sub={`${formatCount(c.thumbsUp)} up · ${formatCount(c.thumbsDown)} down`}
        />
        <KpiTile label="Latency p50" value={formatDuration(c.p50Ms)} delta={change(c.p50Ms, p.p50Ms)} good="down" sub={`avg ${formatDuration(c.avgMs)}`} />
        <KpiTile label="Latency p95" value={formatDuration(c.p95Ms)} delta={change(c.p95Ms, p.p95Ms)} good="down" />
        <KpiTile
          label="Tokens"
          value={formatCount(c.totalTokens)}
          delta={change(c.totalTokens, p.totalTokens)}
          sub={`${formatCount(c.inputTokens)} in · ${formatCount(c.outputTokens)} out`}
        />
        <KpiTile label="Cost" value={formatCost(c.costUsd)} delta={change(c.costUsd, p.costUsd)} sub={`${formatCost(p.costUsd)} before`} />
        <KpiTile label="Active users" value={formatCount(c.activeUsers)} delta={change(c.activeUsers, p.activeUsers)} good="up" />
        <KpiTile label="Active orgs" value={formatCount(c.activeOrgs)} delta={change(c.activeOrgs, p.activeOrgs)} good="up" />
        <KpiTile label="Thumbs down" value={formatCount(c.thumbsDown)} delta={change(c.thumbsDown, p.thumbsDown)} good="down" />
      </KpiGrid>
      <div className="grid gap-3 lg:grid-cols-2">
        <RunsChartCard points={o.series} stepMs={o.stepMs} />
        <Card>
          <CardHeader title="Latency" />
          <CardBody>
            <TrendChart
              points={o.series}
              stepMs={o.stepMs}
              kind="line"
              format="ms"
              series={[
                { key: "p50Ms", label: "p50", color: "#6366f1" },
                { key: "p95Ms", label: "p95", color: "#f59e0b" },
              ]}
            />
          </CardBody>
        </Card>
        <CostChartCard points={o.series} stepMs={o.stepMs} />
        <Card>
          <CardHeader title="Feedback" />
          <CardBody>
            <TrendChart
              points={o.series}
              stepMs={o.stepMs}
              kind="bar"
              series={[
                { key: "thumbsUp", label: "Thumbs up", color: "#10b981" },
                { key: "thumbsDown", label: "Thumbs down", color: "#ef4444" },
              ]}
            />
          </CardBody>
        </Card>
      </div>
      <div className={`grid gap-3 ${agent ? "" : "md:grid-cols-2"}`}>
        {agent ? null : <TopList title="Top agents" items={o.topAgents} href={(i) => `/${encodeURIComponent(i.slug ?? "")}/overview${wq}`} />}
        <TopList
          title="Top models"
          items={o.topModels}
          href={(i) => `${prefix}/runs?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(wq.slice(1))), model: i.id })}`}
        />
      </div>
    </div>
  );
}
