"use client";
// The sessions table: runs grouped by tcc.sessionId, newest activity first, filters in the URL
// with the run filters' names.
import type { ColumnDef } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar, type FilterField } from "@/components/data-table/filter-bar";
import { agentField, statusField, FEEDBACK_FIELD, CONVERSATIONAL_FIELD, USER_FIELD, ORG_FIELD, MODEL_FIELD } from "@/components/data-table/run-filter-fields";
import { KeysetPager } from "@/components/data-table/keyset-pager";
import { useUrlState } from "@/components/data-table/use-url-state";
import { Badge } from "@/components/ui/badge";
import { formatCount, formatDateTime, formatRelative } from "@/components/ui/format";
import type { SessionDto } from "@/lib/server/data/sessions";

const muted = <span className="text-zinc-300">–</span>;

function columns(scoped: boolean): ColumnDef<SessionDto>[] {
  const cols: Array<ColumnDef<SessionDto> | null> = [
    {
      id: "lastRunAt",
      meta: { label: "Last run", className: "w-24 whitespace-nowrap" },
      cell: ({ row }) => (
        <time dateTime={row.original.lastRunAt} title={formatDateTime(row.original.lastRunAt)} suppressHydrationWarning className="tabular text-zinc-600">
          {formatRelative(row.original.lastRunAt)}
        </time>
      ),
    },
    {
      id: "id",
      meta: { label: "Session", className: "max-w-[1px] w-full" },
      enableHiding: false,
      cell: ({ row }) => <div className="truncate font-mono text-zinc-900">{row.original.id}</div>,
    },
    scoped ? null : { id: "agent", meta: { label: "Agent", className: "w-32" }, cell: ({ row }) => row.original.agent?.name ?? muted },
    {
      id: "user",
      meta: { label: "User", className: "w-32 truncate" },
      cell: ({ row }) => (row.original.user ? (row.original.user.name ?? row.original.user.id) : muted),
    },
    {
      id: "org",
      meta: { label: "Org", className: "w-28 truncate" },
      cell: ({ row }) => (row.original.org ? (row.original.org.name ?? row.original.org.id) : muted),
    },
    {
      id: "runs",
      meta: { label: "Runs", align: "right", className: "w-14" },
      cell: ({ row }) => <span className="tabular">{formatCount(row.original.runCount)}</span>,
    },
    {
      id: "errors",
      meta: { label: "Failed", align: "right", className: "w-14" },
      cell: ({ row }) =>
        row.original.errorCount ? <span className="tabular text-red-700">{row.original.errorCount}</span> : <span className="tabular text-zinc-500">0</span>,
    },
    {
      id: "feedback",
      meta: { label: "Feedback", className: "w-24" },
      cell: ({ row }) => (
        <span className="tabular text-2xs">
          <span className="text-emerald-700">▲ {row.original.thumbsUp}</span> <span className="text-red-700">▼ {row.original.thumbsDown}</span>
        </span>
      ),
    },
    {
      id: "type",
      meta: { label: "Type", className: "w-28", hiddenByDefault: false },
      cell: ({ row }) => (row.original.conversational ? <Badge tone="accent">conversational</Badge> : <Badge>background</Badge>),
    },
  ];
  return cols.filter((c): c is ColumnDef<SessionDto> => c !== null);
}

export function SessionsTable({
  page,
  agentScope,
  agents,
  empty,
}: {
  page: { data: SessionDto[]; nextCursor: string | null };
  agentScope: string | null;
  agents: Array<{ name: string; slug: string }>;
  empty: ReactNode;
}) {
  const { params, pending } = useUrlState();
  const fields: FilterField[] = [
    ...agentField(agentScope, agents),
    statusField("no failure", "has a failure"),
    FEEDBACK_FIELD,
    CONVERSATIONAL_FIELD,
    USER_FIELD,
    ORG_FIELD,
    MODEL_FIELD,
  ];
  const window = new URLSearchParams();
  for (const k of ["range", "from", "to"]) if (params.get(k)) window.set(k, params.get(k)!);
  const prefix = agentScope ? `/${encodeURIComponent(agentScope)}` : "";
  return (
    <DataTable
      data={page.data}
      columns={columns(agentScope !== null)}
      getRowId={(s) => s.id}
      rowHref={(s) => `${prefix}/sessions/${encodeURIComponent(s.id)}${window.size ? `?${window}` : ""}`}
      storageKey="sightline.sessions.columns"
      toolbar={<FilterBar fields={fields} />}
      empty={empty}
      busy={pending}
      footer={<KeysetPager nextCursor={page.nextCursor} count={page.data.length} noun={page.data.length === 1 ? "session" : "sessions"} />}
    />
  );
}
