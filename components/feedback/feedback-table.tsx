"use client";
// Every feedback entry, newest first: score, text, the run's agent, user and org, and a link to the run.
import type { ColumnDef } from "@tanstack/react-table";
import { ThumbsDown, ThumbsUp } from "lucide-react";
import type { ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar, type FilterField } from "@/components/data-table/filter-bar";
import { KeysetPager } from "@/components/data-table/keyset-pager";
import { useUrlState } from "@/components/data-table/use-url-state";
import { formatDateTime, formatRelative, oneLine } from "@/components/ui/format";
import type { FeedbackRowDto } from "@/lib/server/data/feedback";

const muted = <span className="text-zinc-300">–</span>;

function columns(scoped: boolean): ColumnDef<FeedbackRowDto>[] {
  const cols: Array<ColumnDef<FeedbackRowDto> | null> = [
    {
      id: "createdAt",
      meta: { label: "Given", className: "w-24 whitespace-nowrap" },
      cell: ({ row }) => (
        <time dateTime={row.original.createdAt} title={formatDateTime(row.original.createdAt)} suppressHydrationWarning className="tabular text-zinc-600">
          {formatRelative(row.original.createdAt)}
        </time>
      ),
    },
    {
      id: "score",
      meta: { label: "Score", className: "w-16" },
      enableHiding: false,
      cell: ({ row }) =>
        row.original.score === "thumbs_up" ? (
          <ThumbsUp className="size-3.5 text-emerald-600" aria-label="thumbs up" />
        ) : row.original.score === "thumbs_down" ? (
          <ThumbsDown className="size-3.5 text-red-600" aria-label="thumbs down" />
        ) : (
          <span className="text-2xs text-zinc-500">text</span>
        ),
    },
    {
      id: "text",
      meta: { label: "Text", className: "max-w-[1px] w-1/2" },
      enableHiding: false,
      cell: ({ row }) => (
        <div className="line-clamp-3 whitespace-pre-wrap break-words text-zinc-900" title={row.original.text ?? undefined}>
          {row.original.text ?? <span className="text-zinc-500">(no text)</span>}
        </div>
      ),
    },
    scoped ? null : { id: "agent", meta: { label: "Agent", className: "w-28" }, cell: ({ row }) => row.original.run.agent?.name ?? muted },
    {
      id: "user",
      meta: { label: "User", className: "w-28 truncate" },
      cell: ({ row }) => (row.original.run.user ? (row.original.run.user.name ?? row.original.run.user.id) : muted),
    },
    {
      id: "org",
      meta: { label: "Org", className: "w-28 truncate" },
      cell: ({ row }) => (row.original.run.org ? (row.original.run.org.name ?? row.original.run.org.id) : muted),
    },
    {
      id: "run",
      meta: { label: "Run", className: "max-w-[1px] w-1/3" },
      cell: ({ row }) => (
        <div className="truncate text-zinc-600" title={row.original.run.id}>
          {row.original.run.exists ? (
            oneLine(row.original.run.userPrompt, 120) || <span className="font-mono">{row.original.run.id}</span>
          ) : (
            <span className="italic text-zinc-500">run not received yet</span>
          )}
        </div>
      ),
    },
    { id: "source", meta: { label: "From", className: "w-24", hiddenByDefault: true }, cell: ({ row }) => row.original.author ?? row.original.source },
  ];
  return cols.filter((c): c is ColumnDef<FeedbackRowDto> => c !== null);
}

export function FeedbackTable({
  page,
  agentScope,
  agents,
  empty,
}: {
  page: { data: FeedbackRowDto[]; nextCursor: string | null };
  agentScope: string | null;
  agents: Array<{ name: string; slug: string }>;
  empty: ReactNode;
}) {
  const { pending } = useUrlState();
  const fields: FilterField[] = [
    {
      key: "feedback",
      label: "Score",
      type: "select",
      options: [
        { value: "thumbs_up", label: "thumbs up" },
        { value: "thumbs_down", label: "thumbs down" },
        { value: "none", label: "text only" },
      ],
    },
    ...(agentScope ? [] : [{ key: "agent", label: "Agent", type: "select" as const, options: agents.map((a) => ({ value: a.slug, label: a.name })) }]),
    { key: "userId", label: "User", type: "text", placeholder: "User id" },
    { key: "orgId", label: "Org", type: "text", placeholder: "Org id" },
  ];
  const prefix = agentScope ? `/${encodeURIComponent(agentScope)}` : "";
  return (
    <DataTable
      data={page.data}
      columns={columns(agentScope !== null)}
      getRowId={(f) => f.id}
      rowHref={(f) => `${prefix}/runs/${encodeURIComponent(f.run.id)}`}
      storageKey="sightline.feedback.columns"
      toolbar={<FilterBar fields={fields} metadata={false} />}
      empty={empty}
      busy={pending}
      footer={<KeysetPager nextCursor={page.nextCursor} count={page.data.length} noun="entries" />}
    />
  );
}
