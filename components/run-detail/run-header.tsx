import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { formatCost, formatCount, formatDateTime, formatDuration } from "@/components/ui/format";
import type { RunHeaderDto } from "@/lib/server/data/run-detail";

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <div className="text-2xs font-medium uppercase tracking-wide text-zinc-500">{label}</div>
      <div className="truncate text-sm text-zinc-900">{children}</div>
    </div>
  );
}

const dash = <span className="text-zinc-300">–</span>;

export function RunHeader({
  run,
  backHref,
  topic = null,
  topicsHref = "/topics",
}: {
  run: RunHeaderDto;
  backHref: string;
  /** The run's topic (conversational runs the engine has assigned). */
  topic?: { id: string; label: string } | null;
  topicsHref?: string;
}) {
  const u = run.usage;
  return (
    <div className="rounded-lg border border-zinc-200 bg-white p-3 shadow-sm">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <Link href={backHref} className="focus-ring inline-flex items-center gap-1 rounded text-xs text-zinc-500 hover:text-zinc-900">
          <ArrowLeft className="size-3.5" aria-hidden />
          Runs
        </Link>
        <span className="text-zinc-300">/</span>
        <h1 className="truncate font-mono text-sm font-medium text-zinc-900">{run.id}</h1>
        <CopyButton text={run.id} label="Copy run id" />
        <StatusBadge status={run.status} />
        {run.agent ? <Badge tone="accent">{run.agent.name}</Badge> : null}
        {run.conversational ? <Badge tone="blue">conversational</Badge> : <Badge>background</Badge>}
      </div>
      <div className="grid grid-cols-[repeat(auto-fill,minmax(10.5rem,1fr))] gap-x-6 gap-y-2">
        <Stat label="Started">
          <span className="font-mono text-xs tabular" title={`${formatDateTime(run.startTime, { utc: true, ms: true })} UTC`}>
            {formatDateTime(run.startTime, { utc: true })} UTC
          </span>
        </Stat>
        <Stat label="Duration">
          <span className="font-mono tabular">{formatDuration(run.durationMs)}</span>
        </Stat>
        <Stat label="Tokens">
          <span className="font-mono tabular" title={`${u.inputTokens} input, ${u.outputTokens} output, ${u.cachedTokens} cached`}>
            {formatCount(u.inputTokens)} → {formatCount(u.outputTokens)}
            {u.cachedTokens ? <span className="text-zinc-500"> ({formatCount(u.cachedTokens)} cached)</span> : null}
          </span>
        </Stat>
        <Stat label="Cost">
          <span className="font-mono tabular">{formatCost(run.costUsd)}</span>
        </Stat>
        <Stat label="Models">
          <span className="font-mono text-xs" title={run.models.join(", ")}>
            {run.models.length ? run.models.join(", ") : dash}
          </span>
        </Stat>
        <Stat label="Steps · tools">
          <span className="font-mono tabular">
            {run.stepCount} · {run.toolCallCount}
            {run.toolErrorCount ? <span className="text-red-600"> ({run.toolErrorCount} failed)</span> : null}
          </span>
        </Stat>
        <Stat label="User">
          {run.user ? (
            <Link className="text-accent-700 hover:underline" href={`/users/${encodeURIComponent(run.user.id)}`} title={run.user.id}>
              {run.user.name ?? run.user.id}
            </Link>
          ) : (
            dash
          )}
        </Stat>
        <Stat label="Org">
          {run.org ? (
            <Link className="text-accent-700 hover:underline" href={`/orgs/${encodeURIComponent(run.org.id)}`} title={run.org.id}>
              {run.org.name ?? run.org.id}
            </Link>
          ) : (
            dash
          )}
        </Stat>
        <Stat label="Session">
          {run.sessionId ? (
            <Link className="font-mono text-xs text-accent-700 hover:underline" href={`/sessions/${encodeURIComponent(run.sessionId)}`}>
              {run.sessionId}
            </Link>
          ) : (
            dash
          )}
        </Stat>
        <Stat label="Topic">
          {topic ? (
            <Link className="text-accent-700 hover:underline" href={`${topicsHref}/${encodeURIComponent(topic.id)}`} title={topic.label}>
              {topic.label}
            </Link>
          ) : (
            dash
          )}
        </Stat>
        <Stat label="Source">
          <span className="font-mono text-xs">{run.source}</span>
        </Stat>
        <Stat label="Trace id">
          <span className="font-mono text-xs">{run.traceId ?? dash}</span>
        </Stat>
        <Stat label="Feedback">
          <span className="tabular">
            {run.feedback.length ? `${run.feedback.length} (latest ${run.feedback[run.feedback.length - 1]!.score?.replace("_", " ") ?? "text"})` : dash}
          </span>
        </Stat>
      </div>
    </div>
  );
}
