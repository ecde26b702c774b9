import "server-only";
// A session replayed as a conversation: per run, in order, the user's prompt, the agent's
// response, its status and feedback, with a link into the run. Everything is rendered as text.
import { ArrowLeft, MessageSquare, ThumbsDown, ThumbsUp } from "lucide-react";
import Link from "next/link";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatCost, formatCount, formatDateTime, formatDuration } from "@/components/ui/format";
import { KeyValues } from "@/components/ui/key-values";
import { PageHeader } from "@/components/ui/page-header";
import type { RunDto } from "@/lib/server/data/runs";
import { patternsOfRuns } from "@/lib/server/data/insights";
import { requireSession } from "@/lib/server/guards";
import { requireViewer } from "@/lib/server/session";
import type { AgentScope } from "@/lib/server/shell-data";

function Bubble({ side, children, label }: { side: "user" | "agent"; children: React.ReactNode; label: React.ReactNode }) {
  return (
    <div className={side === "user" ? "flex justify-end" : "flex justify-start"}>
      <div className={`max-w-[80%] ${side === "user" ? "items-end" : "items-start"} flex flex-col gap-0.5`}>
        <span className="px-1 text-2xs text-zinc-500">{label}</span>
        <div
          className={`whitespace-pre-wrap break-words rounded-lg px-3 py-2 text-sm ${side === "user" ? "bg-accent-600 text-white" : "border border-zinc-200 bg-white text-zinc-900"}`}
        >
          {children}
        </div>
      </div>
    </div>
  );
}

function Turn({
  run,
  index,
  runHref,
  patterns,
  prefix,
}: {
  run: RunDto;
  index: number;
  runHref: string;
  patterns: Array<{ id: string; name: string }>;
  prefix: string;
}) {
  return (
    <li className="space-y-2" data-testid="session-turn" data-run-id={run.id}>
      <div className="flex flex-wrap items-center gap-2 text-2xs text-zinc-500">
        <span className="font-medium text-zinc-700">Turn {index + 1}</span>
        {patterns.map((p) => (
          <Link key={p.id} href={`${prefix}/patterns/${encodeURIComponent(p.id)}`} data-turn-pattern={p.id}>
            <Badge tone="amber">{p.name}</Badge>
          </Link>
        ))}
        <time dateTime={run.startTime}>{formatDateTime(run.startTime)}</time>
        <StatusBadge status={run.status} />
        <span className="tabular">{formatDuration(run.durationMs)}</span>
        {run.costUsd !== null ? <span className="tabular">{formatCost(run.costUsd)}</span> : null}
        <Link href={runHref} className="ml-auto font-medium text-accent-700 hover:underline">
          Open run →
        </Link>
      </div>
      <Bubble side="user" label={run.user?.name ?? run.user?.id ?? "user"}>
        {run.userPrompt ?? <span className="italic opacity-70">(no prompt)</span>}
      </Bubble>
      <Bubble side="agent" label={run.agent?.name ?? "agent"}>
        {run.response ?? <span className="italic text-zinc-500">(no response)</span>}
        {run.status === "error" && run.statusMessage ? <div className="mt-1 text-xs text-red-700">{run.statusMessage}</div> : null}
      </Bubble>
      {run.feedback.length ? (
        <div className="flex flex-wrap justify-start gap-1.5 pl-1">
          {run.feedback.map((f) => (
            <span
              key={f.id}
              className="inline-flex max-w-full items-center gap-1 rounded border border-zinc-200 bg-zinc-50 px-1.5 py-0.5 text-2xs text-zinc-700"
              data-testid="turn-feedback"
            >
              {f.score === "thumbs_up" ? <ThumbsUp className="size-3 text-emerald-600" aria-label="thumbs up" /> : null}
              {f.score === "thumbs_down" ? <ThumbsDown className="size-3 text-red-600" aria-label="thumbs down" /> : null}
              {f.text ? (
                <>
                  <MessageSquare className="size-3 text-zinc-500" aria-hidden />
                  <span className="truncate">{f.text}</span>
                </>
              ) : null}
            </span>
          ))}
        </div>
      ) : null}
    </li>
  );
}

export async function SessionDetailView({ sessionId, agent = null }: { sessionId: string; agent?: AgentScope | null }) {
  const s = await requireSession(sessionId, agent);
  const prefix = agent ? `/${encodeURIComponent(agent.slug)}` : "";
  const viewer = await requireViewer();
  const patterns = await patternsOfRuns(
    viewer.sql,
    viewer.project.id,
    s.runs.map((r) => r.id),
  );
  const marked = s.runs.filter((r) => patterns.has(r.id)).length;
  return (
    <div className="space-y-3 p-4">
      <Link href={`${prefix}/sessions`} className="inline-flex items-center gap-1 text-xs text-zinc-500 hover:text-zinc-900">
        <ArrowLeft className="size-3" aria-hidden /> Sessions
      </Link>
      <PageHeader
        title={<span className="font-mono">{s.id}</span>}
        description={`${formatCount(s.runCount)} runs from ${formatDateTime(s.firstRunAt)} to ${formatDateTime(s.lastRunAt)}`}
      >
        <div className="mt-1 flex gap-1.5">
          {s.conversational ? <Badge tone="accent">conversational</Badge> : <Badge>background</Badge>}
          {s.errorCount ? <Badge tone="red">{s.errorCount} failed</Badge> : null}
        </div>
      </PageHeader>
      <div className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_18rem]">
        <Card className="bg-zinc-50/60 p-4">
          <ol className="space-y-6" aria-label="Conversation">
            {s.runs.map((r, i) => (
              <Turn
                key={r.id}
                run={r}
                index={i}
                runHref={`${r.agent && agent ? prefix : ""}/runs/${encodeURIComponent(r.id)}`}
                patterns={patterns.get(r.id) ?? []}
                prefix={prefix}
              />
            ))}
          </ol>
          {s.runsTruncated ? <p className="mt-4 text-xs text-zinc-500">Only the first {s.runs.length} runs are shown.</p> : null}
          <p className="mt-4 text-2xs text-zinc-500">Prompts and responses are previews; open a run for its full text, steps and tool calls.</p>
        </Card>
        <Card className="h-fit p-3">
          <KeyValues
            items={[
              ["Agent", s.agent ? <Link href={`/${encodeURIComponent(s.agent.slug)}/sessions`}>{s.agent.name}</Link> : "–"],
              ["User", s.user ? <Link href={`/users/${encodeURIComponent(s.user.id)}`}>{s.user.name ?? s.user.id}</Link> : "–"],
              ["Org", s.org ? <Link href={`/orgs/${encodeURIComponent(s.org.id)}`}>{s.org.name ?? s.org.id}</Link> : "–"],
              ["Runs", formatCount(s.runCount)],
              ["Failed", formatCount(s.errorCount)],
              ["With patterns", `${formatCount(marked)} of ${formatCount(s.runs.length)} runs`],
              ["Thumbs", `${s.thumbsUp} up · ${s.thumbsDown} down`],
              ["Cost", formatCost(s.runs.reduce((sum, r) => sum + (r.costUsd ?? 0), 0))],
            ]}
          />
        </Card>
      </div>
    </div>
  );
}
