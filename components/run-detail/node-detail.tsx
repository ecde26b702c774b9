"use client";
// The selected span's full content, loaded on demand (the page only ships the skeleton).
import { useQuery } from "@tanstack/react-query";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { KeyValues } from "@/components/ui/key-values";
import { SkeletonLines } from "@/components/ui/skeleton";
import { Tabs, type TabDef } from "@/components/ui/tabs";
import { TextBlock } from "@/components/ui/text-block";
import { formatCost, formatCount, formatDuration } from "@/components/ui/format";
import type { NodeDetailDto } from "@/lib/server/data/run-detail";
import { Chat } from "./chat";

async function fetchNode(runId: string, key: string): Promise<NodeDetailDto> {
  const r = await fetch(`/api/ui/runs/${encodeURIComponent(runId)}/node?key=${encodeURIComponent(key)}`);
  if (!r.ok) {
    const body = (await r.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `Could not load this span (${r.status}).`);
  }
  return r.json();
}

const SPAN_KINDS = ["internal", "internal", "server", "client", "producer", "consumer"];

export function NodeDetail({ runId, nodeKey, name, offsetMs }: { runId: string; nodeKey: string; name: string; offsetMs: number }) {
  const q = useQuery({ queryKey: ["run-node", runId, nodeKey], queryFn: () => fetchNode(runId, nodeKey), staleTime: 60_000 });
  if (q.isPending) {
    return (
      <div className="p-3" aria-busy="true">
        <SkeletonLines lines={6} />
      </div>
    );
  }
  if (q.error)
    return (
      <p role="alert" className="p-3 text-xs text-red-600">
        {(q.error as Error).message}
      </p>
    );
  const { span, step, tool } = q.data;
  const status: "success" | "error" = (step?.status ?? tool?.status) === "error" || span?.status.code === 2 ? "error" : "success";
  const start = step?.startTime ?? tool?.startTime ?? span?.startTime;
  const duration = step?.durationMs ?? tool?.durationMs ?? (span?.endNs ? Number(BigInt(span.endNs) - BigInt(span.startNs)) / 1e6 : null);
  const errorText = step?.statusMessage ?? tool?.error ?? span?.status.message ?? null;

  const tabs: TabDef[] = [];
  if (step) {
    tabs.push({
      id: "chat",
      label: "Messages",
      content: () => (
        <div className="space-y-3 p-3">
          <Section title="Input">
            <Chat value={step.input} />
          </Section>
          <Section title="Output">
            <Chat value={step.output} />
          </Section>
        </div>
      ),
    });
  }
  if (tool) {
    tabs.push({
      id: "tool",
      label: "Arguments & result",
      content: () => (
        <div className="space-y-3 p-3">
          <Section title="Arguments">
            <TextBlock value={tool.args ?? ""} label="arguments" />
          </Section>
          <Section title={tool.status === "error" ? "Error" : "Result"}>
            <TextBlock value={tool.status === "error" ? (tool.error ?? tool.result ?? "") : (tool.result ?? "")} label="result" />
          </Section>
        </div>
      ),
    });
  }
  const attributes = {
    ...(span?.attributes ?? {}),
    ...(step && Object.keys(step.attributes).length ? { "sightline.step": step.attributes } : {}),
    ...(tool && Object.keys(tool.attributes).length ? { "sightline.tool": tool.attributes } : {}),
  };
  tabs.push({
    id: "attributes",
    label: `Attributes (${Object.keys(attributes).length})`,
    content: () => (
      <div className="p-3">
        <AttributeTable attributes={attributes} />
      </div>
    ),
  });
  if (span?.events?.length) {
    tabs.push({
      id: "events",
      label: `Events (${span.events.length})`,
      content: () => (
        <div className="p-3">
          <TextBlock value={span.events} label="events" maxHeight="max-h-[60vh]" />
        </div>
      ),
    });
  }

  return (
    <div>
      <div className="space-y-2 border-b border-zinc-200 p-3">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="min-w-0 truncate font-mono text-sm font-medium text-zinc-900">{name}</h3>
          <StatusBadge status={status} />
          {step ? (
            <Badge tone="accent">LLM call</Badge>
          ) : tool ? (
            <Badge tone="amber">tool call</Badge>
          ) : span ? (
            <Badge>{SPAN_KINDS[span.kind] ?? "span"}</Badge>
          ) : null}
        </div>
        <KeyValues
          items={[
            [
              "Start",
              <span key="s" className="font-mono tabular">
                +{formatDuration(offsetMs)} <span className="text-zinc-500">{start}</span>
              </span>,
            ],
            [
              "Duration",
              <span key="d" className="font-mono tabular">
                {formatDuration(duration)}
              </span>,
            ],
            step?.model
              ? [
                  "Model",
                  <span key="m" className="font-mono">
                    {step.provider ? `${step.provider} / ` : ""}
                    {step.model}
                  </span>,
                ]
              : null,
            step
              ? [
                  "Tokens",
                  <span key="t" className="font-mono tabular">
                    {formatCount(step.usage.inputTokens)} in · {formatCount(step.usage.outputTokens)} out
                    {step.usage.cachedTokens ? ` · ${formatCount(step.usage.cachedTokens)} cached` : ""}
                  </span>,
                ]
              : null,
            step
              ? [
                  "Cost",
                  <span key="c" className="font-mono tabular">
                    {formatCost(step.costUsd)}
                    {step.costSource ? <span className="text-zinc-500"> ({step.costSource === "sdk" ? "reported" : "priced"})</span> : null}
                  </span>,
                ]
              : null,
            step?.finishReason ? ["Finish reason", step.finishReason] : null,
            step?.ttftMs ? ["Time to first token", formatDuration(step.ttftMs)] : null,
            tool
              ? [
                  "Tool",
                  <span key="tn" className="font-mono">
                    {tool.name}
                  </span>,
                ]
              : null,
            tool?.toolCallId
              ? [
                  "Tool call id",
                  <span key="ti" className="font-mono text-2xs">
                    {tool.toolCallId}
                  </span>,
                ]
              : null,
            span
              ? [
                  "Span id",
                  <span key="si" className="font-mono text-2xs">
                    {span.spanId}
                  </span>,
                ]
              : null,
            span?.scope
              ? [
                  "Scope",
                  <span key="sc" className="font-mono text-2xs">
                    {span.scope}
                  </span>,
                ]
              : null,
          ]}
        />
        {status === "error" && errorText ? <TextBlock value={errorText} className="border-red-200 bg-red-50" label="error" /> : null}
      </div>
      <Tabs tabs={tabs} />
    </div>
  );
}

export function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section>
      <h4 className="mb-1.5 text-2xs font-semibold uppercase tracking-wide text-zinc-500">{title}</h4>
      {children}
    </section>
  );
}

/** Attributes as a key/value table; values that are JSON (or long) get a formatted block. */
export function AttributeTable({ attributes }: { attributes: Record<string, unknown> }) {
  const entries = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return <p className="text-xs text-zinc-500">No attributes.</p>;
  return (
    <dl className="divide-y divide-zinc-100 text-xs">
      {entries.map(([k, v]) => {
        const simple = typeof v !== "object" && String(v).length <= 120 && !/^[\[{]/.test(String(v).trim());
        return (
          <div key={k} className={simple ? "grid grid-cols-[minmax(8rem,40%)_1fr] gap-2 py-1" : "py-1.5"}>
            <dt className="break-all font-mono text-2xs text-zinc-500">{k}</dt>
            <dd className={simple ? "break-words font-mono text-2xs text-zinc-900" : "mt-1"}>
              {simple ? String(v) : <TextBlock value={typeof v === "string" ? v : v} maxHeight="max-h-72" />}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
