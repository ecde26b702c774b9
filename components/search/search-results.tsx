"use client";
// The results of a search, rendered from the page's server data: each run with the part of it
// that matched and a highlighted passage; filters and paging are URL state.
import Link from "next/link";
import type { ReactNode } from "react";
import { FilterBar, type FilterField } from "@/components/data-table/filter-bar";
import { agentField, statusField, FEEDBACK_FIELD, USER_FIELD, SESSION_FIELD, MODEL_FIELD } from "@/components/data-table/run-filter-fields";
import { KeysetPager } from "@/components/data-table/keyset-pager";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import type { SearchPage } from "@/lib/server/data/search";
import { Highlighted } from "./highlighted";

const FIELD_LABELS: Record<string, string> = {
  prompt: "prompt",
  response: "response",
  tool: "tool",
  error: "error",
  other: "ids & metadata",
  user: "user",
  agent: "agent",
  model: "model",
  status: "status",
  metadata: "metadata",
};

export function SearchResults({
  page,
  agentScope,
  agents,
  empty,
}: {
  page: SearchPage;
  agentScope: string | null;
  agents: Array<{ name: string; slug: string }>;
  empty: ReactNode;
}) {
  const fields: FilterField[] = [...agentField(agentScope, agents), statusField(), FEEDBACK_FIELD, USER_FIELD, SESSION_FIELD, MODEL_FIELD];
  const prefix = agentScope ? `/${encodeURIComponent(agentScope)}` : "";
  return (
    <div className="rounded-lg border border-zinc-200 bg-white">
      <div className="border-b border-zinc-200 p-2">
        <FilterBar fields={fields} />
      </div>
      {page.warnings.length ? (
        <ul className="border-b border-zinc-200 bg-amber-50 px-3 py-1.5 text-xs text-amber-900" aria-label="Query warnings">
          {page.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      {page.data.length === 0 ? (
        empty
      ) : (
        <ol className="divide-y divide-zinc-100" aria-label="Search results">
          {page.data.map((hit) => (
            <li key={hit.runId} className="px-3 py-2.5">
              <div className="flex flex-wrap items-center gap-2 text-xs">
                <Link
                  href={`${prefix}/runs/${encodeURIComponent(hit.runId)}`}
                  className="focus-ring truncate font-mono font-medium text-accent-700 hover:underline"
                >
                  {hit.runId}
                </Link>
                <StatusBadge status={hit.status} />
                {hit.agent ? <span className="text-zinc-600">{hit.agent.name}</span> : null}
                <Badge tone="blue" title="Where the match is">
                  {FIELD_LABELS[hit.field] ?? hit.field}
                </Badge>
                <span className="ml-auto text-zinc-500 tabular">{formatDateTime(hit.startTime)}</span>
              </div>
              {hit.snippet ? (
                <p className="mt-1 whitespace-pre-wrap break-words text-xs leading-5 text-zinc-700" data-testid="snippet">
                  <Highlighted text={hit.snippet} ranges={hit.highlights} />
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <div className="flex items-center justify-between border-t border-zinc-200 px-3 py-2">
        <KeysetPager
          nextCursor={page.nextCursor}
          count={page.data.length}
          noun={page.data.length === 1 ? "result" : "results"}
          status={page.searchedFrom ? <span>searched back to {formatDateTime(page.searchedFrom)}</span> : null}
        />
      </div>
    </div>
  );
}
