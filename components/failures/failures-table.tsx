"use client";
// The failure groups table: largest groups first; filters and the cursor live in the URL with the
// read API's names (kind, category, tool, userId, …), like the runs table.
import type { ColumnDef } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar, type FilterField } from "@/components/data-table/filter-bar";
import { KeysetPager } from "@/components/data-table/keyset-pager";
import { useUrlState } from "@/components/data-table/use-url-state";
import { Badge } from "@/components/ui/badge";
import { formatCount, formatDateTime, formatRelative } from "@/components/ui/format";
import type { FailureGroupView } from "@/lib/server/data/failures";
import { FailureMessage, Sparkline } from "./failure-message";

const KIND_LABEL = { run: "run", step: "LLM step", tool_call: "tool call" } as const;
const CATEGORIES = ["rate_limit", "timeout", "context_length", "auth", "not_found", "server_error", "guardrail", "other"];

const num = (n: number) => <span className="tabular">{formatCount(n)}</span>;
const when = (iso: string | null) => (
  <time dateTime={iso ?? undefined} title={formatDateTime(iso)} suppressHydrationWarning className="tabular text-zinc-600">
    {formatRelative(iso)}
  </time>
);

const columns: ColumnDef<FailureGroupView>[] = [
  {
    id: "message",
    meta: { label: "Error", className: "max-w-[1px] w-full" },
    enableHiding: false,
    cell: ({ row }) => {
      const g = row.original;
      return (
        <div className="min-w-0">
          <div className="truncate text-zinc-900">
            <FailureMessage template={g.message} />
          </div>
          <div className="mt-0.5 flex items-center gap-1.5 text-2xs text-zinc-500">
            <span>{KIND_LABEL[g.kind]}</span>
            {g.tool ? <span className="font-mono text-zinc-700">{g.tool}</span> : null}
            {g.isNew ? (
              <Badge tone="amber" title={`First seen ${formatDateTime(g.groupFirstSeenAt)}`}>
                new
              </Badge>
            ) : null}
          </div>
        </div>
      );
    },
  },
  { id: "category", meta: { label: "Category", className: "w-28" }, cell: ({ row }) => <Badge>{row.original.category.replace("_", " ")}</Badge> },
  { id: "count", meta: { label: "Count", align: "right", className: "w-16" }, cell: ({ row }) => num(row.original.count) },
  { id: "runs", meta: { label: "Runs", align: "right", className: "w-16" }, cell: ({ row }) => num(row.original.runCount) },
  { id: "users", meta: { label: "Users", align: "right", className: "w-16" }, cell: ({ row }) => num(row.original.userCount) },
  { id: "trend", meta: { label: "Trend", className: "w-24" }, cell: ({ row }) => <Sparkline values={row.original.trend} className="text-red-500" /> },
  { id: "firstSeen", meta: { label: "First seen", className: "w-24 whitespace-nowrap" }, cell: ({ row }) => when(row.original.firstSeenAt) },
  { id: "lastSeen", meta: { label: "Last seen", className: "w-24 whitespace-nowrap" }, cell: ({ row }) => when(row.original.lastSeenAt) },
];

export function FailuresTable({
  page,
  empty,
  agents,
  basePath,
}: {
  page: { data: FailureGroupView[]; nextCursor: string | null };
  empty: ReactNode;
  /** Agents for the agent filter; null on an agent's own page. */
  agents: Array<{ name: string; slug: string }> | null;
  /** /failures or /{agent}/failures. */
  basePath: string;
}) {
  const { params, pending } = useUrlState();
  const fields: FilterField[] = [
    ...(agents ? [{ key: "agent", label: "Agent", type: "select" as const, options: agents.map((a) => ({ value: a.slug, label: a.name })) }] : []),
    {
      key: "kind",
      label: "Kind",
      type: "select",
      options: Object.entries(KIND_LABEL).map(([value, label]) => ({ value, label })),
    },
    { key: "category", label: "Category", type: "select", options: CATEGORIES.map((c) => ({ value: c, label: c.replace("_", " ") })) },
    { key: "tool", label: "Tool", type: "text", placeholder: "Tool name" },
    { key: "userId", label: "User", type: "text", placeholder: "User id" },
  ];
  const carry = new URLSearchParams(params);
  carry.delete("cursor");
  const query = carry.size ? `?${carry}` : "";
  return (
    <DataTable
      data={page.data}
      columns={columns}
      getRowId={(g) => g.signature}
      rowHref={(g) => `${basePath}/${g.signature}${query}`}
      storageKey="sightline.failures.columns"
      toolbar={<FilterBar fields={fields} />}
      empty={empty}
      busy={pending}
      footer={<KeysetPager nextCursor={page.nextCursor} count={page.data.length} noun="groups" />}
    />
  );
}
