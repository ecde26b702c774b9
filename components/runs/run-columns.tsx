"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { MessageSquare, ThumbsDown, ThumbsUp } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { formatCost, formatCount, formatDateTime, formatDuration, formatRelative, oneLine } from "@/components/ui/format";
import type { RunRow } from "@/lib/server/data/run-rows";

type Filter = (key: string, value: string) => void;

function FilterLink({ label, title, onClick, mono }: { label: string; title: string; onClick: () => void; mono?: boolean }) {
  return (
    <button
      type="button"
      title={title}
      onClick={onClick}
      className={`focus-ring max-w-full truncate rounded text-left text-zinc-700 hover:text-accent-700 hover:underline ${mono ? "font-mono" : ""}`}
    >
      {label}
    </button>
  );
}

export function LatestFeedback({ run }: { run: Pick<RunRow, "latestFeedback" | "feedbackCount"> }) {
  const last = run.latestFeedback;
  if (!last) return <span className="text-zinc-300">–</span>;
  const extra = run.feedbackCount > 1 ? <span className="text-2xs text-zinc-500">×{run.feedbackCount}</span> : null;
  const title = last.text ? `${last.score ?? "text"}: ${oneLine(last.text, 200)}` : (last.score ?? "");
  return (
    <span className="inline-flex items-center gap-1" title={title}>
      {last.score === "thumbs_up" ? (
        <ThumbsUp className="size-3.5 text-emerald-600" aria-label="thumbs up" />
      ) : last.score === "thumbs_down" ? (
        <ThumbsDown className="size-3.5 text-red-600" aria-label="thumbs down" />
      ) : null}
      {last.text ? <MessageSquare className="size-3.5 text-zinc-500" aria-label="with text" /> : null}
      {extra}
    </span>
  );
}

export function runColumns(filter: Filter, scoped: boolean): ColumnDef<RunRow>[] {
  const cols: Array<ColumnDef<RunRow> | null> = [
    {
      id: "status",
      meta: { label: "Status", className: "w-10" },
      enableHiding: false,
      cell: ({ row }) => (
        <span
          className={`inline-block size-2 rounded-full ${row.original.status === "error" ? "bg-red-500" : "bg-emerald-500"}`}
          title={row.original.status === "error" ? `error${row.original.statusMessage ? `: ${oneLine(row.original.statusMessage, 200)}` : ""}` : "ok"}
          aria-label={row.original.status}
        />
      ),
    },
    {
      id: "startTime",
      meta: { label: "Started", sortKey: "startTime", className: "w-24 whitespace-nowrap" },
      cell: ({ row }) => (
        <time
          dateTime={row.original.startTime}
          title={formatDateTime(row.original.startTime, { ms: true })}
          suppressHydrationWarning
          className="tabular text-zinc-600"
        >
          {formatRelative(row.original.startTime)}
        </time>
      ),
    },
    scoped
      ? null
      : {
          id: "agent",
          meta: { label: "Agent", className: "w-32 max-w-[10rem]" },
          cell: ({ row }) =>
            row.original.agent ? (
              <FilterLink label={row.original.agent.name} title={`Only ${row.original.agent.name}`} onClick={() => filter("agent", row.original.agent!.slug)} />
            ) : (
              <span className="text-zinc-300">–</span>
            ),
        },
    {
      id: "prompt",
      meta: { label: "Prompt", className: "max-w-[1px] w-full" },
      enableHiding: false,
      cell: ({ row }) => (
        <div className="truncate text-zinc-900" title={row.original.userPrompt ?? undefined}>
          {oneLine(row.original.userPrompt, 200) || <span className="text-zinc-500">(no prompt)</span>}
        </div>
      ),
    },
    {
      id: "user",
      meta: { label: "User", className: "w-32 max-w-[10rem]" },
      cell: ({ row }) => {
        const u = row.original.user;
        return u ? (
          <FilterLink label={u.name ?? u.id} title={`Only runs of ${u.name ? `${u.name} (${u.id})` : u.id}`} onClick={() => filter("userId", u.id)} />
        ) : (
          <span className="text-zinc-300">–</span>
        );
      },
    },
    {
      id: "org",
      meta: { label: "Org", className: "w-28 max-w-[9rem]" },
      cell: ({ row }) => {
        const o = row.original.org;
        return o ? (
          <FilterLink label={o.name ?? o.id} title={`Only runs of ${o.name ?? o.id}`} onClick={() => filter("orgId", o.id)} />
        ) : (
          <span className="text-zinc-300">–</span>
        );
      },
    },
    {
      id: "session",
      meta: { label: "Session", className: "w-28 max-w-[9rem]", hiddenByDefault: true },
      cell: ({ row }) =>
        row.original.sessionId ? (
          <FilterLink mono label={row.original.sessionId} title="Only this session" onClick={() => filter("sessionId", row.original.sessionId!)} />
        ) : (
          <span className="text-zinc-300">–</span>
        ),
    },
    {
      id: "model",
      meta: { label: "Model", className: "w-36 max-w-[10rem]" },
      cell: ({ row }) => {
        const m = row.original.models;
        if (!m.length) return <span className="text-zinc-300">–</span>;
        return (
          <span className="flex min-w-0 items-center gap-1">
            <FilterLink mono label={m[0]!} title={`Only runs using ${m[0]}`} onClick={() => filter("model", m[0]!)} />
            {m.length > 1 ? (
              <span className="text-2xs text-zinc-500" title={m.join(", ")}>
                +{m.length - 1}
              </span>
            ) : null}
          </span>
        );
      },
    },
    {
      id: "duration",
      meta: { label: "Duration", sortKey: "duration", align: "right", className: "w-20 whitespace-nowrap" },
      cell: ({ row }) => <span className="font-mono text-zinc-700">{formatDuration(row.original.durationMs)}</span>,
    },
    {
      id: "tokens",
      meta: { label: "Tokens", sortKey: "tokens", align: "right", className: "w-20 whitespace-nowrap" },
      cell: ({ row }) => {
        const u = row.original.usage;
        const total = u.inputTokens + u.outputTokens;
        return (
          <span className="font-mono text-zinc-700" title={`${u.inputTokens} in, ${u.outputTokens} out, ${u.cachedTokens} cached`}>
            {total ? formatCount(total) : "–"}
          </span>
        );
      },
    },
    {
      id: "cost",
      meta: { label: "Cost", sortKey: "cost", align: "right", className: "w-20 whitespace-nowrap" },
      cell: ({ row }) => <span className="font-mono text-zinc-700">{formatCost(row.original.costUsd)}</span>,
    },
    {
      id: "steps",
      meta: { label: "Steps / tools", align: "right", className: "w-24 whitespace-nowrap", hiddenByDefault: true },
      cell: ({ row }) => (
        <span className="font-mono text-zinc-600">
          {row.original.stepCount} / {row.original.toolCallCount}
          {row.original.toolErrorCount ? <span className="text-red-600"> ({row.original.toolErrorCount}✗)</span> : null}
        </span>
      ),
    },
    {
      id: "feedback",
      meta: { label: "Feedback", className: "w-20" },
      cell: ({ row }) => <LatestFeedback run={row.original} />,
    },
    {
      id: "patterns",
      meta: { label: "Patterns", className: "w-36 max-w-[12rem]" },
      cell: ({ row }) =>
        row.original.patterns.length ? (
          <span className="flex flex-wrap gap-1">
            {row.original.patterns.map((p) => (
              <button
                key={p.id}
                type="button"
                title={`Only runs with ${p.name}`}
                onClick={() => filter("pattern", p.id)}
                className="focus-ring rounded"
                data-run-pattern={p.id}
              >
                <Badge tone="amber">{p.name}</Badge>
              </button>
            ))}
          </span>
        ) : (
          <span className="text-zinc-300">–</span>
        ),
    },
    {
      id: "conversational",
      meta: { label: "Type", className: "w-24", hiddenByDefault: true },
      cell: ({ row }) => (row.original.conversational ? <Badge tone="blue">conversational</Badge> : <span className="text-zinc-500">background</span>),
    },
    {
      id: "id",
      meta: { label: "Run id", className: "w-40 max-w-[12rem]", hiddenByDefault: true },
      cell: ({ row }) => <span className="block truncate font-mono text-2xs text-zinc-500">{row.original.id}</span>,
    },
  ];
  return cols.filter((c): c is ColumnDef<RunRow> => c !== null);
}
