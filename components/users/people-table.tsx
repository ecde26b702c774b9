"use client";
// The users and orgs tables: who was active in the time range, with runs, sessions, failures,
// thumbs, cost and last seen. Sort and cursor live in the URL (sort=lastSeen|runs|failureRate|…).
import type { ColumnDef } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar, type FilterField } from "@/components/data-table/filter-bar";
import { KeysetPager } from "@/components/data-table/keyset-pager";
import { useUrlState } from "@/components/data-table/use-url-state";
import { formatCost, formatCount, formatDateTime, formatRelative } from "@/components/ui/format";
import type { PersonRowDto } from "@/lib/server/data/people";

const num = (n: number, tone?: string) => <span className={`tabular ${tone ?? ""}`}>{formatCount(n)}</span>;
const pct = (r: number | null) => (r === null ? "–" : `${(r * 100).toFixed(r > 0 && r < 0.1 ? 1 : 0)}%`);

function columns(kind: "users" | "orgs"): ColumnDef<PersonRowDto>[] {
  const cols: Array<ColumnDef<PersonRowDto> | null> = [
    {
      id: "name",
      meta: { label: kind === "users" ? "User" : "Organisation", className: "max-w-[1px] w-full" },
      enableHiding: false,
      cell: ({ row }) => (
        <div className="truncate">
          <span className="text-zinc-900">{row.original.name ?? row.original.id}</span>
          {row.original.name ? <span className="ml-2 font-mono text-2xs text-zinc-500">{row.original.id}</span> : null}
        </div>
      ),
    },
    kind === "users"
      ? {
          id: "org",
          meta: { label: "Org", className: "w-32 truncate" },
          cell: ({ row }) => (row.original.org ? (row.original.org.name ?? row.original.org.id) : <span className="text-zinc-300">–</span>),
        }
      : { id: "users", meta: { label: "Users", align: "right", className: "w-16" }, cell: ({ row }) => num(row.original.users ?? 0) },
    { id: "runs", meta: { label: "Runs", sortKey: "runs", align: "right", className: "w-16" }, cell: ({ row }) => num(row.original.runs) },
    { id: "sessions", meta: { label: "Sessions", align: "right", className: "w-20" }, cell: ({ row }) => num(row.original.sessions) },
    {
      id: "failureRate",
      meta: { label: "Failure rate", sortKey: "failureRate", align: "right", className: "w-24" },
      cell: ({ row }) => (
        <span className={`tabular ${row.original.errors ? "text-red-700" : "text-zinc-500"}`} title={`${row.original.errors} failed`}>
          {pct(row.original.failureRate)}
        </span>
      ),
    },
    { id: "thumbsUp", meta: { label: "Thumbs up", align: "right", className: "w-20" }, cell: ({ row }) => num(row.original.thumbsUp, "text-emerald-700") },
    {
      id: "thumbsDown",
      meta: { label: "Thumbs down", sortKey: "thumbsDown", align: "right", className: "w-24" },
      cell: ({ row }) => num(row.original.thumbsDown, "text-red-700"),
    },
    {
      id: "cost",
      meta: { label: "Cost", sortKey: "cost", align: "right", className: "w-20" },
      cell: ({ row }) => <span className="tabular">{formatCost(row.original.costUsd)}</span>,
    },
    {
      id: "lastSeen",
      meta: { label: "Last seen", sortKey: "lastSeen", className: "w-24 whitespace-nowrap" },
      cell: ({ row }) => (
        <time
          dateTime={row.original.lastSeen ?? undefined}
          title={formatDateTime(row.original.lastSeen)}
          suppressHydrationWarning
          className="tabular text-zinc-600"
        >
          {formatRelative(row.original.lastSeen)}
        </time>
      ),
    },
  ];
  return cols.filter((c): c is ColumnDef<PersonRowDto> => c !== null);
}

export function PeopleTable({ kind, page, empty }: { kind: "users" | "orgs"; page: { data: PersonRowDto[]; nextCursor: string | null }; empty: ReactNode }) {
  const { params, set, pending } = useUrlState();
  const sortKey = params.get("sort") ?? "lastSeen";
  const order = params.get("order") === "asc" ? "asc" : "desc";
  const fields: FilterField[] = kind === "users" ? [{ key: "orgId", label: "Org", type: "text", placeholder: "Org id" }] : [];
  const window = new URLSearchParams();
  for (const k of ["range", "from", "to"]) if (params.get(k)) window.set(k, params.get(k)!);
  return (
    <DataTable
      data={page.data}
      columns={columns(kind)}
      getRowId={(p) => p.id}
      rowHref={(p) => `/${kind}/${encodeURIComponent(p.id)}${window.size ? `?${window}` : ""}`}
      sort={{ key: sortKey, order }}
      onSort={(k) => set({ sort: k === "lastSeen" ? null : k, order: sortKey === k && order === "desc" ? "asc" : null })}
      storageKey={`sightline.${kind}.columns`}
      toolbar={fields.length ? <FilterBar fields={fields} metadata={false} /> : undefined}
      empty={empty}
      busy={pending}
      footer={<KeysetPager nextCursor={page.nextCursor} count={page.data.length} noun={kind === "users" ? "users" : "orgs"} />}
    />
  );
}
