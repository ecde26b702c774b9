import "server-only";
// The search page, shared by /search and /{agent}/search: the query, the time window and the runs
// table's filters from the URL, read through the same data layer as GET /v1/search.
import { ExportButton } from "@/components/export/export-button";
import { InvalidFilters } from "@/components/overview/invalid-filters";
import { EmptyState, FirstRunEmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { SearchQueryError } from "@/lib/search/query";
import type { AgentRef } from "@/lib/server/data/agents";
import { hasAnyRun } from "@/lib/server/data/runs";
import { searchRuns, type SearchPage } from "@/lib/server/data/search";
import { requireViewer } from "@/lib/server/session";
import { projectAgents, publicBaseUrl } from "@/lib/server/shell-data";
import { FilterError } from "@/lib/validations/list-params";
import { parseDashboardList, SEARCH_LIST } from "@/lib/validations/lists";
import { scopePrefix } from "@/lib/urls/nav";
import { searchDataParams, toSearchParams, type RawSearchParams } from "@/lib/urls/search-params";
import { SearchForm } from "./search-form";
import { SearchResults } from "./search-results";

const SYNTAX: Array<[string, string]> = [
  ["refund order", "runs holding every word"],
  ['"reset my password"', "the words in this order"],
  ["refund*", "a word starting with refund"],
  ["ORD-4021, a1b2c3, 退款", "text inside ids, codes and text without spaces"],
  ["-spam", "runs without it"],
  ["prompt: response: tool: error:", "in that part of the run only"],
  ["user:ada agent:support model:gpt-4o status:error meta.plan:pro", "runs with that user, agent, model, status or metadata value"],
];

function Help() {
  return (
    <table className="mx-auto text-left text-xs">
      <tbody>
        {SYNTAX.map(([q, what]) => (
          <tr key={q}>
            <td className="py-0.5 pr-4 font-mono text-zinc-800">{q}</td>
            <td className="py-0.5 text-zinc-500">{what}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export async function SearchView({ searchParams, agent = null }: { searchParams: RawSearchParams; agent?: AgentRef | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const q = search.get("q") ?? "";
  const title = agent ? `${agent.name} · Search` : "Search";
  const header = (
    <PageHeader
      title={title}
      description="Find runs by what was said or done: prompts, responses, tool calls, errors, ids and metadata."
      actions={q.trim() ? <ExportButton agentScope={agent?.slug ?? null} label="Export results" /> : undefined}
    >
      <div className="mt-2 w-[min(48rem,90vw)]">
        <SearchForm initial={q} />
      </div>
    </PageHeader>
  );
  if (!q.trim()) {
    return (
      <div className="p-4">
        {header}
        <EmptyState title="Type a query to search this project's runs" description="Press / or ⌘K anywhere to search.">
          <Help />
        </EmptyState>
      </div>
    );
  }
  let page: SearchPage;
  try {
    page = await searchRuns(viewer.sql, viewer.project.id, parseDashboardList(SEARCH_LIST, searchDataParams(search, agent?.slug ?? null)));
  } catch (err) {
    if (err instanceof SearchQueryError) {
      return (
        <div className="p-4">
          {header}
          <EmptyState title="This query cannot be searched" description={err.message}>
            <Help />
          </EmptyState>
        </div>
      );
    }
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title={title} message={err.message} resetHref={`${scopePrefix(agent)}/search?q=${encodeURIComponent(q)}`} />;
  }
  const [agents, baseUrl, anyRun] = await Promise.all([
    projectAgents(viewer.sql, viewer.project.id),
    page.data.length ? "" : publicBaseUrl(),
    page.data.length ? true : hasAnyRun(viewer.sql, viewer.project.id),
  ]);
  const empty = !anyRun ? (
    <FirstRunEmptyState baseUrl={baseUrl} />
  ) : (
    <EmptyState
      title="No runs match"
      description={
        page.nextCursor
          ? "Nothing matched in the most recent runs searched; the next page searches further back."
          : "Widen the time range in the top bar, remove a filter or a term, or search a substring of an id."
      }
    />
  );
  return (
    <div className="p-4">
      {header}
      <SearchResults page={page} agentScope={agent?.slug ?? null} agents={agents} empty={empty} />
    </div>
  );
}
