import "server-only";
// The recaps page, shared by /recaps and /{agent}/recaps: the running period "so far", then the
// stored daily or weekly recaps, newest first.
import Link from "next/link";
import { formatCount } from "@/components/ui/format";
import { ListTable, EmptyPanel, Th } from "@/components/ui/list-table";
import { PageHeader } from "@/components/ui/page-header";
import { InvalidFilters } from "@/components/overview/invalid-filters";
import { env } from "@/lib/env";
import { recapTitle } from "@/lib/insights/recaps/render";
import { listRecaps, recapAgentScope } from "@/lib/server/data/recaps";
import { currentRecap } from "@/lib/server/insights/recaps";
import { requireViewer } from "@/lib/server/session";
import type { AgentScope } from "@/lib/server/shell-data";
import { FilterError } from "@/lib/validations/list-params";
import { DASHBOARD_PAGE_PARAMS, RECAP_LIST } from "@/lib/validations/lists";
import { scopePrefix } from "@/lib/urls/nav";
import { toSearchParams, type RawSearchParams } from "@/lib/urls/search-params";
import { CopyMarkdown } from "./copy-markdown";
import { RecapBody } from "./recap-body";

const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);

export async function RecapsView({ searchParams, agent = null }: { searchParams: RawSearchParams; agent?: AgentScope | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const title = agent ? `${agent.name} · Recaps` : "Recaps";
  const prefix = scopePrefix(agent);
  const e = env();
  let f;
  try {
    f = RECAP_LIST.parse(search, { defaultRange: "2M", pageParams: DASHBOARD_PAGE_PARAMS });
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title={title} message={err.message} resetHref={`${prefix}/recaps`} />;
  }
  const kind = f.period ?? "day";
  // The agent of the path wins; on /recaps an `agent` parameter narrows like GET /v1/recaps (an
  // unknown agent has no recap and an empty period so far), and the page's links keep it.
  const scope = agent ? { key: agent.id, agent } : await recapAgentScope(viewer.sql, viewer.project.id, f.agent);
  const agentQuery = !agent && f.agent ? `&agent=${encodeURIComponent(f.agent)}` : "";
  const [page, soFar] = await Promise.all([
    listRecaps(viewer.sql, viewer.project.id, {
      agentKey: scope.key,
      kind,
      from: f.window.from,
      to: f.window.to,
      limit: f.limit,
      cursor: f.cursor,
    }),
    currentRecap(
      viewer.sql,
      { projectId: viewer.project.id, agent: scope.agent },
      kind,
      e.SIGHTLINE_RECAP_TIME_ZONE,
      e.SIGHTLINE_PUBLIC_URL ?? e.NEXTAUTH_URL ?? null,
    ),
  ]);
  const tab = (k: "day" | "week", label: string) => (
    <Link
      href={`${prefix}/recaps?period=${k}${agentQuery}`}
      aria-current={kind === k ? "page" : undefined}
      className={`rounded-md px-2.5 py-1 text-xs font-medium ${kind === k ? "bg-accent-50 text-accent-800 ring-1 ring-accent-200" : "text-zinc-600 hover:bg-zinc-100"}`}
    >
      {label}
    </Link>
  );
  return (
    <div className="space-y-3 p-4">
      <PageHeader
        title={title}
        description={`Digests written at the end of each ${kind === "day" ? "day" : "week (Monday to Sunday)"} in ${e.SIGHTLINE_RECAP_TIME_ZONE}, kept as they were written. Periods without runs or feedback get none.`}
        actions={
          <nav className="flex gap-1" aria-label="Recap period">
            {tab("day", "Daily")}
            {tab("week", "Weekly")}
          </nav>
        }
      />
      <details className="rounded-lg border border-zinc-200 bg-zinc-50 p-3" open={page.data.length === 0}>
        <summary className="cursor-pointer text-sm font-medium text-zinc-800">
          {recapTitle(soFar.content)} <span className="text-xs font-normal text-zinc-500">— computed now, not stored</span>
        </summary>
        <div className="mt-3 space-y-3">
          <CopyMarkdown markdown={soFar.markdown} />
          <RecapBody content={soFar.content} />
        </div>
      </details>
      {page.data.length === 0 ? (
        <EmptyPanel
          title={`No ${kind === "day" ? "daily" : "weekly"} recap yet`}
          description="The engine writes a recap once a period with runs or feedback has ended (within a minute of midnight in the recap time zone)."
        />
      ) : (
        <ListTable
          testId="recaps-table"
          head={
            <>
              <Th>Period</Th>
              <Th right>Runs</Th>
              <Th right>Previous</Th>
              <Th right>Failure rate</Th>
              <Th right>👍 / 👎</Th>
              <Th right>Findings</Th>
              <Th>Delivery</Th>
            </>
          }
          footer={
            page.nextCursor ? (
              <div className="border-t border-zinc-100 px-3 py-2 text-right">
                <Link
                  className="text-xs text-accent-700 hover:underline"
                  href={`${prefix}/recaps?period=${kind}${agentQuery}&cursor=${encodeURIComponent(page.nextCursor)}`}
                >
                  Older recaps →
                </Link>
              </div>
            ) : null
          }
        >
          {page.data.map((r) => (
            <tr key={r.id} className="hover:bg-zinc-50">
              <td className="px-3 py-2">
                <Link href={`${prefix}/recaps/${encodeURIComponent(r.id)}`} className="font-medium text-accent-700 hover:underline">
                  {r.periodKey}
                </Link>
              </td>
              <td className="px-3 py-2 text-right font-mono tabular">{formatCount(r.stats.runs.current ?? 0)}</td>
              <td className="px-3 py-2 text-right font-mono tabular text-zinc-500">
                {r.stats.runs.previous === null ? "–" : formatCount(r.stats.runs.previous)}
              </td>
              <td className="px-3 py-2 text-right font-mono tabular">{pct(r.stats.failureRate.current)}</td>
              <td className="px-3 py-2 text-right font-mono tabular">
                {r.stats.thumbsUp.current ?? 0} / {r.stats.thumbsDown.current ?? 0}
              </td>
              <td className="px-3 py-2 text-right font-mono tabular">{r.items.length}</td>
              <td className="px-3 py-2 text-zinc-500">{r.deliveredAt ? "sent" : r.deliveryError ? <span className="text-red-700">failed</span> : "–"}</td>
            </tr>
          ))}
        </ListTable>
      )}
    </div>
  );
}
