import "server-only";
// The patterns page, shared by /patterns and /{agent}/patterns: every pattern with the runs,
// sessions and users it was found in over the window, the change against the window before, a
// trend and three example sessions with their evidence. Read through patternsOverview, the same
// data layer as GET /v1/patterns.
import { Plus, Sparkles } from "lucide-react";
import Link from "next/link";
import { InvalidFilters } from "@/components/overview/invalid-filters";
import { change, formatChange } from "@/components/overview/kpi";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState, FirstRunEmptyState } from "@/components/ui/empty-state";
import { formatCount, formatRelative, oneLine } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { patternsOverview, type PatternOverview } from "@/lib/server/data/patterns";
import { hasAnyRun } from "@/lib/server/data/runs";
import { getInsightStatus } from "@/lib/server/insights/status";
import { requireViewer } from "@/lib/server/session";
import { publicBaseUrl, type AgentScope } from "@/lib/server/shell-data";
import { FilterError } from "@/lib/validations/list-params";
import { parseDashboardList, PATTERN_LIST } from "@/lib/validations/lists";
import { scopePrefix, windowQuery } from "@/lib/urls/nav";
import { toSearchParams, type RawSearchParams } from "@/lib/urls/search-params";
import { EngineLine } from "./engine-line";
import { EvidenceList } from "./evidence";
import { Sparkline } from "./sparkline";
import { openViewParam } from "@/lib/server/views";
import { SaveViewButton } from "@/components/views/save-view-button";

export async function PatternsView({ searchParams, agent = null }: { searchParams: RawSearchParams; agent?: AgentScope | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const title = agent ? `${agent.name} · Patterns` : "Patterns";
  // `?view=<id>` opens a saved view: a redirect to its page and parameters.
  const unknownView = await openViewParam(viewer, search, agent);
  if (unknownView) return <InvalidFilters title={title} message={unknownView} resetHref={`${scopePrefix(agent)}/patterns`} />;
  const prefix = scopePrefix(agent);
  const params = new URLSearchParams(search);
  if (agent) params.set("agent", agent.slug);
  let overview;
  try {
    overview = await patternsOverview(viewer.sql, viewer.project.id, parseDashboardList(PATTERN_LIST, params));
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title={title} message={err.message} resetHref={`${prefix}/patterns`} />;
  }
  const [status, anyRun] = await Promise.all([getInsightStatus(viewer.sql, viewer.project.id, 1), hasAnyRun(viewer.sql, viewer.project.id)]);
  const wq = windowQuery(search);
  const found = overview.patterns.filter((p) => p.runCount > 0);
  const quiet = overview.patterns.filter((p) => p.runCount === 0);
  return (
    <div className="space-y-3 p-4">
      <PageHeader
        title={title}
        description="Recurring behaviours the insight engine finds in runs, on this machine: built-in patterns and your own rules."
        actions={
          <>
            <SaveViewButton page="patterns" agentScope={agent?.slug ?? null} />
            <ButtonLink href={`/patterns/new${agent ? `?agent=${encodeURIComponent(agent.slug)}` : ""}`} variant="primary">
              <Plus className="size-3.5" aria-hidden /> New pattern
            </ButtonLink>
          </>
        }
      >
        <EngineLine status={status} />
      </PageHeader>
      {!anyRun ? (
        <Card>
          <FirstRunEmptyState baseUrl={await publicBaseUrl()} />
        </Card>
      ) : !found.length ? (
        <Card>
          <EmptyState
            icon={<Sparkles className="size-4" />}
            title="No pattern found in this time range"
            description={
              status.backlog > 0
                ? `The engine still has ${formatCount(status.backlog)} runs to analyse; results appear as it goes.`
                : "Nothing matched a pattern in these runs. Choose a longer time range in the top bar, or define your own pattern."
            }
          />
        </Card>
      ) : (
        <div className="grid gap-3 xl:grid-cols-2">
          {found.map((p) => (
            <PatternCard key={p.id} p={p} prefix={prefix} wq={wq} />
          ))}
        </div>
      )}
      {quiet.length ? (
        <Card>
          <h2 className="border-b border-zinc-200 px-3 py-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">Not seen in this time range</h2>
          <ul className="divide-y divide-zinc-100">
            {quiet.map((p) => (
              <li key={p.id} className="flex items-center gap-2 px-3 py-1.5 text-xs" data-pattern={p.id}>
                <Link href={`${prefix}/patterns/${encodeURIComponent(p.id)}${wq}`} className="font-medium text-zinc-900 hover:underline">
                  {p.name}
                </Link>
                <KindBadges p={p} />
                <span className="min-w-0 flex-1 truncate text-zinc-500">{p.description}</span>
                <span className="shrink-0 text-zinc-500">
                  {p.previousRunCount ? `${formatCount(p.previousRunCount)} runs the period before` : p.lastSeenAt ? "" : "not seen"}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}

export function KindBadges({ p }: { p: Pick<PatternOverview, "builtin" | "enabled" | "agent" | "scope"> }) {
  return (
    <>
      <Badge tone={p.builtin ? "neutral" : "accent"}>{p.builtin ? "built-in" : "custom"}</Badge>
      {!p.enabled ? <Badge tone="amber">disabled</Badge> : null}
      {p.agent ? <Badge tone="blue">{p.agent.name}</Badge> : null}
    </>
  );
}

function Stat({ label, value, delta }: { label: string; value: number; delta?: string }) {
  return (
    <div>
      <div className="text-2xs font-medium uppercase tracking-wide text-zinc-500">{label}</div>
      <div className="flex items-baseline gap-1.5">
        <span className="tabular text-base font-semibold text-zinc-900">{formatCount(value)}</span>
        {delta ? <span className="text-2xs tabular text-zinc-500">{delta}</span> : null}
      </div>
    </div>
  );
}

function PatternCard({ p, prefix, wq }: { p: PatternOverview; prefix: string; wq: string }) {
  const runsQuery = new URLSearchParams(wq.slice(1));
  runsQuery.set("pattern", p.id);
  const delta = change(p.runCount, p.previousRunCount);
  const rising = (delta.value ?? 1) > 0;
  return (
    <section className="flex flex-col rounded-lg border border-zinc-200 bg-white shadow-sm" data-pattern={p.id}>
      <header className="flex items-start justify-between gap-2 border-b border-zinc-200 px-3 py-2">
        <div className="min-w-0">
          <div className="flex items-center gap-1.5">
            <Link href={`${prefix}/patterns/${encodeURIComponent(p.id)}${wq}`} className="truncate text-sm font-semibold text-zinc-900 hover:underline">
              {p.name}
            </Link>
            <KindBadges p={p} />
          </div>
          <p className="mt-0.5 line-clamp-2 text-xs text-zinc-500">{p.description}</p>
        </div>
        <Link href={`${prefix}/runs?${runsQuery}`} className="shrink-0 text-xs font-medium text-accent-700 hover:underline">
          Open runs →
        </Link>
      </header>
      <div className="flex flex-wrap items-end justify-between gap-3 px-3 py-2">
        <div className="flex gap-5">
          <Stat label="Runs" value={p.runCount} />
          <Stat label="Sessions" value={p.sessionCount} />
          <Stat label="Users" value={p.userCount} />
          <div title={`${formatCount(p.previousRunCount)} runs in the period before`}>
            <div className="text-2xs font-medium uppercase tracking-wide text-zinc-500">Change</div>
            <div className={cn("tabular text-base font-semibold", rising ? "text-red-700" : "text-emerald-700")}>{formatChange(delta)}</div>
          </div>
        </div>
        <Sparkline points={p.trend} label={`${p.name} trend`} />
      </div>
      <div className="flex-1 divide-y divide-zinc-100 border-t border-zinc-100">
        {p.examples.map((e) => (
          <Link key={e.runId} href={`${prefix}/runs/${encodeURIComponent(e.runId)}`} className="block px-3 py-2 hover:bg-zinc-50" data-example={e.runId}>
            <div className="mb-1 flex items-center gap-2 text-2xs text-zinc-500">
              <span className="font-mono">{e.sessionId ? `session ${oneLine(e.sessionId, 40)}` : `run ${oneLine(e.runId, 40)}`}</span>
              {e.user ? <span>{oneLine(e.user.name ?? e.user.id, 40)}</span> : null}
              {e.agent && !prefix ? <span>{e.agent.name}</span> : null}
              <time className="ml-auto tabular" dateTime={e.startTime} suppressHydrationWarning>
                {formatRelative(e.startTime)}
              </time>
            </div>
            <EvidenceList evidence={e.evidence.slice(0, 2)} />
            {e.explanation ? <p className="mt-1 text-2xs italic text-zinc-500">{e.explanation}</p> : null}
          </Link>
        ))}
      </div>
      <footer className="border-t border-zinc-100 px-3 py-1.5 text-2xs text-zinc-500">
        Last seen {p.lastSeenAt ? formatRelative(p.lastSeenAt) : "–"} · {formatCount(p.previousRunCount)} runs the period before
      </footer>
    </section>
  );
}
