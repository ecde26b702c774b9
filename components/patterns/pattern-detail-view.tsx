import "server-only";
// One pattern's page (/patterns/{id}, /{agent}/patterns/{id}): its counts with the change against
// the window before, runs over time, the latest runs of up to ten sessions with their evidence, a
// user-defined pattern's rule, backfill and actions. Read through getPattern (GET /v1/patterns/{id}).
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TrendChart } from "@/components/charts/trend-chart";
import { InvalidFilters } from "@/components/overview/invalid-filters";
import { change, KpiGrid, KpiTile } from "@/components/overview/kpi";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount, formatRelative, oneLine } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { getPattern } from "@/lib/server/data/patterns";
import { getUserPattern } from "@/lib/server/insights/user-pattern-store";
import { requireViewer } from "@/lib/server/session";
import type { AgentScope } from "@/lib/server/shell-data";
import { FilterError } from "@/lib/validations/list-params";
import { parseDashboardList, PATTERN_LIST } from "@/lib/validations/lists";
import { decodeSegment, scopePrefix, windowQuery } from "@/lib/urls/nav";
import { toSearchParams, type RawSearchParams } from "@/lib/urls/search-params";
import { BackfillProgress } from "./backfill-progress";
import { EvidenceList } from "./evidence";
import { PatternActions } from "./pattern-actions";
import { KindBadges } from "./patterns-view";
import { RuleSummary } from "./rule-summary";

export async function PatternDetailView({ id, searchParams, agent = null }: { id: string; searchParams: RawSearchParams; agent?: AgentScope | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const prefix = scopePrefix(agent);
  const params = new URLSearchParams(search);
  if (agent) params.set("agent", agent.slug);
  const patternId = decodeSegment(id);
  let p;
  try {
    p = await getPattern(viewer.sql, viewer.project.id, patternId, parseDashboardList(PATTERN_LIST, params));
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title="Pattern" message={err.message} resetHref={`${prefix}/patterns/${encodeURIComponent(patternId)}`} />;
  }
  if (!p) notFound();
  const stored = p.builtin ? null : await getUserPattern(viewer.sql, viewer.project.id, p.id);
  const wq = windowQuery(search);
  const runsQuery = new URLSearchParams(wq.slice(1));
  runsQuery.set("pattern", p.id);
  return (
    <div className="space-y-3 p-4">
      <Link href={`${prefix}/patterns${wq}`} className="inline-flex items-center gap-1 text-xs text-zinc-500 hover:text-zinc-900">
        <ArrowLeft className="size-3" aria-hidden /> {agent ? `${agent.name} · Patterns` : "Patterns"}
      </Link>
      <PageHeader
        title={
          <span className="inline-flex items-center gap-2">
            {p.name} <KindBadges p={p} />
          </span>
        }
        description={p.description || (p.builtin ? null : "No description.")}
        actions={
          <>
            <ButtonLink href={`${prefix}/runs?${runsQuery}`} variant="primary">
              Open its runs
            </ButtonLink>
            {stored ? <PatternActions id={p.id} enabled={p.enabled} listHref={`${prefix}/patterns${wq}`} /> : null}
          </>
        }
      />
      {p.backfill ? <BackfillProgress backfill={p.backfill} /> : null}
      <KpiGrid>
        <KpiTile
          label="Runs"
          value={formatCount(p.runCount)}
          delta={change(p.runCount, p.previousRunCount)}
          good="down"
          sub={`${formatCount(p.previousRunCount)} the period before`}
        />
        <KpiTile label="Sessions" value={formatCount(p.sessionCount)} />
        <KpiTile label="Users" value={formatCount(p.userCount)} />
        <KpiTile label="Last seen" value={p.lastSeenAt ? formatRelative(p.lastSeenAt) : "–"} sub={p.scope === "all" ? "every run" : "conversational runs"} />
      </KpiGrid>
      <Card>
        <CardHeader title="Runs over time" />
        <CardBody>
          <TrendChart points={p.series.points} stepMs={p.series.stepMs} kind="bar" series={[{ key: "runs", label: "Runs", color: "#6366f1" }]} />
        </CardBody>
      </Card>
      {stored ? (
        <Card>
          <CardHeader title={`Rule · version ${stored.version}`} />
          <CardBody>
            <RuleSummary rule={stored.rule} />
          </CardBody>
        </Card>
      ) : null}
      <Card>
        <CardHeader title="Latest examples" />
        {p.examples.length ? (
          <div className="divide-y divide-zinc-100">
            {p.examples.map((e) => (
              <div key={e.runId} className="px-3 py-2" data-example={e.runId}>
                <div className="mb-1 flex flex-wrap items-center gap-2 text-2xs text-zinc-500">
                  <Link href={`${prefix}/runs/${encodeURIComponent(e.runId)}`} className="font-mono text-accent-700 hover:underline">
                    run {oneLine(e.runId, 40)}
                  </Link>
                  {e.sessionId ? (
                    <Link href={`${prefix}/sessions/${encodeURIComponent(e.sessionId)}${wq}`} className="font-mono hover:underline">
                      session {oneLine(e.sessionId, 40)}
                    </Link>
                  ) : null}
                  {e.user ? <span>{oneLine(e.user.name ?? e.user.id, 40)}</span> : null}
                  {e.agent && !agent ? <span>{e.agent.name}</span> : null}
                  <time className="ml-auto tabular" dateTime={e.startTime} suppressHydrationWarning>
                    {formatRelative(e.startTime)}
                  </time>
                </div>
                {e.userPrompt ? <p className="mb-1 truncate text-xs text-zinc-900">{oneLine(e.userPrompt, 200)}</p> : null}
                <EvidenceList evidence={e.evidence} />
                {e.explanation ? <p className="mt-1 text-2xs italic text-zinc-500">{e.explanation}</p> : null}
              </div>
            ))}
          </div>
        ) : (
          <EmptyState
            title="Not seen in this time range"
            description={
              p.enabled
                ? "No run of this time range matched. Choose a longer time range in the top bar."
                : "This pattern is disabled: new runs are not checked."
            }
          />
        )}
      </Card>
    </div>
  );
}
