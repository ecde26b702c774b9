import "server-only";
// A failure group's page, shared by /failures/{signature} and /{agent}/failures/{signature}: what
// the error is, its counts and trend in the window, its message variants, the users it hit, and
// its occurrences as the runs table filtered by failure=<signature>.
import { notFound } from "next/navigation";
import { InvalidFilters } from "@/components/overview/invalid-filters";
import { RunsTable } from "@/components/runs/runs-table";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount, formatCountOf, formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { SIGNATURE_RE } from "@/lib/insights/failures/signature";
import { getFailureGroup } from "@/lib/server/data/failures";
import { listPatternRefs } from "@/lib/server/data/insights";
import { toRunsPage } from "@/lib/server/data/run-rows";
import { listRuns } from "@/lib/server/data/runs";
import { requireViewer } from "@/lib/server/session";
import { projectAgents, type AgentScope } from "@/lib/server/shell-data";
import { FilterError } from "@/lib/validations/list-params";
import { FAILURE_LIST, parseDashboardList, RUN_LIST } from "@/lib/validations/lists";
import { scopePrefix, windowQuery } from "@/lib/urls/nav";
import { runsDataParams, toSearchParams, type RawSearchParams } from "@/lib/urls/search-params";
import { FailureMessage, Sparkline } from "./failure-message";

export async function FailureGroupView({
  signature,
  searchParams,
  agent = null,
}: {
  signature: string;
  searchParams: RawSearchParams;
  agent?: AgentScope | null;
}) {
  if (!SIGNATURE_RE.test(signature)) notFound();
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const basePath = `${scopePrefix(agent)}/failures`;
  // The group's counts take the window and the runs' filters; the runs table below adds failure=.
  const groupParams = new URLSearchParams();
  for (const [k, v] of search) if (FAILURE_LIST.known.includes(k) || k.startsWith("metadata.")) groupParams.append(k, v);
  groupParams.delete("cursor");
  if (agent) groupParams.set("agent", agent.slug);
  const runParams = runsDataParams(search, agent?.slug ?? null);
  runParams.set("failure", signature);
  let detail;
  let runs;
  try {
    const f = parseDashboardList(FAILURE_LIST, groupParams);
    [detail, runs] = await Promise.all([
      getFailureGroup(viewer.sql, viewer.project.id, signature, f),
      listRuns(viewer.sql, viewer.project.id, parseDashboardList(RUN_LIST, runParams)),
    ]);
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title="Failure group" message={err.message} resetHref={`${basePath}/${signature}`} />;
  }
  if (!detail) notFound();
  const g = detail.group;
  const [agents, patterns] = await Promise.all([projectAgents(viewer.sql, viewer.project.id), listPatternRefs(viewer.sql, viewer.project.id)]);
  // eslint-disable-next-line react-hooks/purity
  const renderedAt = Date.now();
  const stat = (label: string, value: string) => (
    <div>
      <div className="text-2xs uppercase tracking-wide text-zinc-500">{label}</div>
      <div className="tabular text-sm text-zinc-900">{value}</div>
    </div>
  );
  return (
    <div className="space-y-4 p-4">
      <PageHeader
        title={agent ? `${agent.name} · Failure group` : "Failure group"}
        description={<a href={`${basePath}${windowQuery(search)}`}>← All failure groups</a>}
      />
      <Card className="space-y-3 p-4">
        <div className="break-words text-sm text-zinc-900" data-testid="failure-message">
          <FailureMessage template={g.message} />
        </div>
        <div className="flex flex-wrap items-center gap-1.5 text-xs text-zinc-600">
          <Badge>{g.kind === "tool_call" ? "tool call" : g.kind === "step" ? "LLM step" : "run"}</Badge>
          {g.tool ? <Badge tone="blue">{g.tool}</Badge> : null}
          <Badge>{g.category.replace("_", " ")}</Badge>
          {g.errorClass ? <span className="font-mono">{g.errorClass}</span> : null}
          {g.code ? <span className="font-mono">code {g.code}</span> : null}
          {g.isNew ? <Badge tone="amber">new</Badge> : null}
          <span className="font-mono text-zinc-500">{g.signature}</span>
        </div>
        <div className="flex flex-wrap items-end gap-6">
          {stat("Occurrences", formatCount(g.count))}
          {stat("Runs", formatCount(g.runCount))}
          {stat("Users", formatCount(g.userCount))}
          {stat("First seen", formatDateTime(g.firstSeenAt))}
          {stat("Last seen", formatDateTime(g.lastSeenAt))}
          {stat("Group first seen", formatDateTime(g.groupFirstSeenAt))}
          <Sparkline values={g.trend} className="text-red-500" />
        </div>
      </Card>
      <div className="grid gap-4 md:grid-cols-2">
        <Card className="p-4">
          <h2 className="mb-2 text-sm font-semibold text-zinc-900">Message variants</h2>
          {detail.variants.length ? (
            <ul className="space-y-1 text-xs" data-testid="failure-variants">
              {detail.variants.map((v) => (
                <li key={v.message} className="flex gap-2">
                  <span className="tabular w-10 shrink-0 text-right text-zinc-500">{formatCount(v.count)}</span>
                  <span className="break-all font-mono text-zinc-800">{v.message}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-xs text-zinc-500">No occurrence in this time range.</p>
          )}
        </Card>
        <Card className="p-4">
          <h2 className="mb-2 text-sm font-semibold text-zinc-900">Users affected</h2>
          {detail.users.length ? (
            <ul className="space-y-1 text-xs">
              {detail.users.map((u) => (
                <li key={u.userId} className="flex gap-2">
                  <span className="tabular w-10 shrink-0 text-right text-zinc-500">{formatCount(u.count)}</span>
                  <a className="truncate font-mono text-accent-700 hover:underline" href={`/users/${encodeURIComponent(u.userId)}${windowQuery(search)}`}>
                    {u.userId}
                  </a>
                  <span className="text-zinc-500">{formatCountOf(u.runCount, "run")}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-xs text-zinc-500">No user id (tcc.userId) on these runs.</p>
          )}
        </Card>
      </div>
      <div>
        <h2 className="mb-2 text-sm font-semibold text-zinc-900">Occurrences</h2>
        <RunsTable
          initial={toRunsPage(runs)}
          renderedAt={renderedAt}
          dataQuery={runParams.toString()}
          agentScope={agent?.slug ?? null}
          agents={agents}
          patterns={patterns.filter((p) => p.agent === null || !agent || p.agent.slug === agent.slug).map((p) => ({ value: p.id, label: p.name }))}
          empty={<EmptyState title="No runs of this group in this time range" description="Choose a longer time range in the top bar." />}
        />
      </div>
    </div>
  );
}
