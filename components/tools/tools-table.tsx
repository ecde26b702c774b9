"use client";
// The tools table: per tool calls, errors, error rate, latency, runs, last call and top error
// signatures. Sort lives in the URL (sort=calls|errors|errorRate|p50|p95|runs|lastCalled|name).
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useMemo, type ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { useUrlState } from "@/components/data-table/use-url-state";
import { formatCount, formatDateTime, formatDuration, formatRelative, oneLine } from "@/components/ui/format";
import type { ToolDto } from "@/lib/server/data/tools";
import { pct } from "./rate";

const num = (n: number, tone?: string) => <span className={`tabular ${tone ?? ""}`}>{formatCount(n)}</span>;

/** The table's columns; top errors link to their failure group in the same scope and window. */
const toolColumns = (prefix: string, wq: string): ColumnDef<ToolDto>[] => [
  {
    id: "name",
    meta: { label: "Tool", sortKey: "name", className: "max-w-[1px] w-full" },
    enableHiding: false,
    cell: ({ row }) => <div className="truncate font-mono text-xs text-zinc-900">{row.original.name}</div>,
  },
  { id: "calls", meta: { label: "Calls", sortKey: "calls", align: "right", className: "w-16" }, cell: ({ row }) => num(row.original.calls) },
  {
    id: "errors",
    meta: { label: "Errors", sortKey: "errors", align: "right", className: "w-16" },
    cell: ({ row }) => num(row.original.errors, row.original.errors ? "text-red-700" : "text-zinc-500"),
  },
  {
    id: "errorRate",
    meta: { label: "Error rate", sortKey: "errorRate", align: "right", className: "w-20" },
    cell: ({ row }) => <span className={`tabular ${row.original.errors ? "text-red-700" : "text-zinc-500"}`}>{pct(row.original.errorRate)}</span>,
  },
  {
    id: "p50",
    meta: { label: "p50", sortKey: "p50", align: "right", className: "w-16" },
    cell: ({ row }) => <span className="tabular">{formatDuration(row.original.p50Ms)}</span>,
  },
  {
    id: "p95",
    meta: { label: "p95", sortKey: "p95", align: "right", className: "w-16" },
    cell: ({ row }) => <span className="tabular">{formatDuration(row.original.p95Ms)}</span>,
  },
  { id: "runs", meta: { label: "Runs", sortKey: "runs", align: "right", className: "w-16" }, cell: ({ row }) => num(row.original.runCount) },
  {
    id: "lastCalled",
    meta: { label: "Last called", sortKey: "lastCalled", className: "w-24 whitespace-nowrap" },
    cell: ({ row }) => (
      <time
        dateTime={row.original.lastCalledAt ?? undefined}
        title={formatDateTime(row.original.lastCalledAt)}
        suppressHydrationWarning
        className="tabular text-zinc-600"
      >
        {formatRelative(row.original.lastCalledAt)}
      </time>
    ),
  },
  {
    id: "topErrors",
    meta: { label: "Top errors", className: "w-72" },
    cell: ({ row }) =>
      row.original.topErrors.length ? (
        <ul className="space-y-0.5">
          {row.original.topErrors.slice(0, 3).map((e) => (
            <li key={e.signature} className="truncate text-xs">
              <Link
                href={`${prefix}/failures/${e.signature}${wq}`}
                title={e.message}
                className="text-red-700 hover:underline"
                onClick={(ev) => ev.stopPropagation()}
              >
                {oneLine(e.message, 60)}
              </Link>
              <span className="ml-1 tabular text-zinc-500">×{formatCount(e.count)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <span className="text-zinc-500">–</span>
      ),
  },
];

export function ToolsTable({ tools, prefix, empty }: { tools: ToolDto[]; prefix: string; empty: ReactNode }) {
  const { params, set, pending } = useUrlState();
  const sortKey = params.get("sort") ?? "calls";
  const order = params.get("order") === "asc" ? "asc" : "desc";
  const window = new URLSearchParams();
  for (const k of ["range", "from", "to"]) if (params.get(k)) window.set(k, params.get(k)!);
  const wq = window.size ? `?${window}` : "";
  const columns = useMemo(() => toolColumns(prefix, wq), [prefix, wq]);
  return (
    <DataTable
      data={tools}
      columns={columns}
      getRowId={(t) => t.name}
      rowHref={(t) => `${prefix}/tools/${encodeURIComponent(t.name)}${wq}`}
      sort={{ key: sortKey, order }}
      onSort={(k) => set({ sort: k === "calls" ? null : k, order: sortKey === k && order === "desc" ? "asc" : null })}
      storageKey="sightline.tools.columns"
      empty={empty}
      busy={pending}
      footer={<div className="px-2 py-1.5 text-xs text-zinc-500">{formatCount(tools.length)} tools</div>}
    />
  );
}
