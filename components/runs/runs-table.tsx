"use client";
// The live runs table: first page rendered on the server, then polled through /api/ui/runs
// (same parameters, same data layer) so new runs appear without a reload.
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, type ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar, type FilterField } from "@/components/data-table/filter-bar";
import {
  agentField,
  statusField,
  FEEDBACK_FIELD,
  CONVERSATIONAL_FIELD,
  USER_FIELD,
  ORG_FIELD,
  SESSION_FIELD,
  MODEL_FIELD,
  TOPIC_FIELD,
  FAILURE_FIELD,
} from "@/components/data-table/run-filter-fields";
import { KeysetPager } from "@/components/data-table/keyset-pager";
import { useUrlState } from "@/components/data-table/use-url-state";
import { runColumns } from "./run-columns";
import type { RunsPage } from "@/lib/server/data/run-rows";

const POLL_MS = 5_000;

export async function fetchRunsPage(query: string): Promise<RunsPage> {
  const r = await fetch(`/api/ui/runs?${query}`, { headers: { accept: "application/json" } });
  if (!r.ok) {
    const body = (await r.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `Could not load runs (${r.status}).`);
  }
  return r.json();
}

export function RunsTable({
  initial,
  renderedAt,
  dataQuery,
  agentScope,
  agents,
  patterns,
  empty,
}: {
  initial: RunsPage;
  renderedAt: number;
  /** The exact parameters the server used (agent scope and page size applied). */
  dataQuery: string;
  agentScope: string | null;
  agents: Array<{ name: string; slug: string }>;
  /** The project's patterns for the Patterns filter (built-in keys and user-defined ids). */
  patterns: Array<{ value: string; label: string }>;
  empty: ReactNode;
}) {
  const { params, set, pending } = useUrlState();
  const qc = useQueryClient();
  const key = useMemo(() => ["runs", dataQuery], [dataQuery]);
  const onFirstPage = !params.has("cursor");
  const q = useQuery({
    queryKey: key,
    queryFn: () => fetchRunsPage(dataQuery),
    initialData: initial,
    initialDataUpdatedAt: renderedAt,
    placeholderData: keepPreviousData,
    refetchInterval: onFirstPage ? POLL_MS : false,
  });
  // A server re-render (e.g. after feedback) brings fresher rows than the cache.
  useEffect(() => {
    qc.setQueryData(key, initial, { updatedAt: renderedAt });
  }, [qc, key, initial, renderedAt]);

  const columns = useMemo(() => runColumns((k, v) => set({ [k]: v }), agentScope !== null), [set, agentScope]);
  const sortKey = params.get("sort") ?? "startTime";
  const order = params.get("order") === "asc" ? "asc" : "desc";
  const fields: FilterField[] = [
    ...agentField(agentScope, agents),
    statusField(),
    FEEDBACK_FIELD,
    CONVERSATIONAL_FIELD,
    { key: "pattern", label: "Pattern", type: "select", options: patterns },
    USER_FIELD,
    ORG_FIELD,
    SESSION_FIELD,
    MODEL_FIELD,
    { key: "minDurationMs", label: "Min duration", type: "text", placeholder: "ms, e.g. 10000" },
    TOPIC_FIELD,
    FAILURE_FIELD,
  ];
  const page = q.data;
  const prefix = agentScope ? `/${encodeURIComponent(agentScope)}` : "";
  return (
    <div>
      {q.error ? (
        <p role="alert" className="mb-2 text-xs text-red-600">
          {(q.error as Error).message} Showing the last loaded rows.
        </p>
      ) : null}
      <DataTable
        data={page.data}
        columns={columns}
        getRowId={(r) => r.id}
        rowHref={(r) => `${prefix}/runs/${encodeURIComponent(r.id)}`}
        sort={{ key: sortKey, order }}
        onSort={(k) => set({ sort: k === "startTime" ? null : k, order: sortKey === k && order === "desc" ? "asc" : null })}
        storageKey="sightline.runs.columns"
        toolbar={<FilterBar fields={fields} />}
        empty={empty}
        busy={pending || (q.isFetching && q.isPlaceholderData)}
        footer={
          <KeysetPager
            nextCursor={page.nextCursor}
            count={page.data.length}
            noun={page.data.length === 1 ? "run" : "runs"}
            status={
              onFirstPage ? (
                <span className="inline-flex items-center gap-1.5" title={`Refreshes every ${POLL_MS / 1000} s`}>
                  <span className="size-1.5 animate-pulse rounded-full bg-emerald-500" aria-hidden />
                  Live
                </span>
              ) : (
                <span title="Older pages do not refresh">Paused</span>
              )
            }
          />
        }
      />
    </div>
  );
}
