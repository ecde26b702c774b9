// A run as OTLP/JSON spans (an ExportTraceServiceRequest) that Sightline, or any OpenTelemetry
// backend, can import again. The spans follow the OpenTelemetry GenAI semantic conventions, the
// ones every backend knows: the run is an `invoke_agent` span, each step a `chat` span below it and
// each tool call an `execute_tool` span below its step. Sightline's own metadata travels as the
// `tcc.*` attributes its SDKs send, custom metadata as `ai.telemetry.metadata.<key>` (AI SDK 7).
// The spans are built from the run's steps and tool calls rather than copied from the stored spans:
// runs sent by the TCC SDKs' own formats have no spans to copy.
import { createHash } from "node:crypto";
import type { ChatMessage, ChatPart } from "@/lib/ingest/messages";
import type { RunDetailDto, StepDto, ToolCallDto } from "@/lib/server/data/run-detail";

// The OTLP/JSON shapes (opentelemetry-proto's JSON mapping). @opentelemetry/otlp-transformer
// keeps its request types internal, so the few this file writes are declared here.
export type OtlpAnyValue =
  { stringValue: string } | { boolValue: boolean } | { intValue: string } | { doubleValue: number } | { arrayValue: { values: OtlpAnyValue[] } };
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}
export interface OtlpJsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  status: { code: 0 | 1 | 2; message?: string };
}
export interface OtlpJsonRequest {
  resourceSpans: Array<{
    resource: { attributes: OtlpKeyValue[] };
    scopeSpans: Array<{ scope: { name: string; version?: string }; spans: OtlpJsonSpan[] }>;
  }>;
}

/** What the export reads of a run: the fields of GET /v1/runs/{id} that spans can carry. */
export type ExportableRun = Pick<
  RunDetailDto,
  | "id"
  | "traceId"
  | "sessionId"
  | "conversational"
  | "user"
  | "org"
  | "status"
  | "statusMessage"
  | "startTime"
  | "endTime"
  | "userPrompt"
  | "response"
  | "systemPrompt"
  | "models"
  | "usage"
  | "metadata"
> & {
  agent: { name: string } | null;
  steps: Array<
    Pick<StepDto, "id" | "name" | "provider" | "model" | "startTime" | "endTime" | "status" | "statusMessage" | "input" | "output" | "finishReason" | "usage">
  >;
  toolCalls: Array<Pick<ToolCallDto, "id" | "stepId" | "toolCallId" | "name" | "args" | "result" | "status" | "error" | "startTime" | "endTime">>;
};

export const EXPORT_SCOPE = "sightline-export";

const SPAN_KIND_INTERNAL = 1;
const SPAN_KIND_CLIENT = 3;

const hexId = (seed: string, chars: number) => createHash("sha256").update(seed).digest("hex").slice(0, chars);
const nanos = (iso: string) => `${BigInt(Date.parse(iso)) * 1_000_000n}`;

function value(v: string | number | boolean | string[]): OtlpAnyValue {
  if (Array.isArray(v)) return { arrayValue: { values: v.map((x) => ({ stringValue: x })) } };
  if (typeof v === "boolean") return { boolValue: v };
  if (typeof v === "number") return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  return { stringValue: v };
}

/** Attributes from a record, leaving out absent values. */
function attrs(record: Record<string, string | number | boolean | string[] | null | undefined>): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  for (const [key, v] of Object.entries(record)) if (v !== null && v !== undefined) out.push({ key, value: value(v) });
  return out;
}

/** A chat part in the GenAI conventions' message shape (`gen_ai.input.messages`). */
function semconvPart(p: ChatPart): Record<string, unknown> {
  switch (p.type) {
    case "text":
    case "reasoning":
      return { type: p.type, content: p.text };
    case "tool_call":
      return { type: "tool_call", id: p.id, name: p.name, arguments: p.arguments };
    case "tool_result":
      return { type: "tool_call_response", id: p.id, name: p.name, response: p.content, ...(p.isError ? { is_error: true } : {}) };
    case "media":
      return { type: "uri", mime_type: p.mediaType, uri: p.description };
  }
}

function messagesJson(v: ChatMessage[] | string | null, role: "user" | "assistant"): string | null {
  if (v === null) return null;
  const msgs: ChatMessage[] = typeof v === "string" ? [{ role, parts: [{ type: "text", text: v }] }] : v;
  return JSON.stringify(msgs.map((m) => ({ role: m.role, ...(m.name ? { name: m.name } : {}), parts: m.parts.map(semconvPart) })));
}

const textMessage = (role: string, text: string) => ({ role, parts: [{ type: "text", content: text }] });

function status(s: "success" | "error", message: string | null): OtlpJsonSpan["status"] {
  return s === "error" ? { code: 2, ...(message ? { message } : {}) } : { code: 0 };
}

const usageAttrs = (u: { inputTokens: number | null; outputTokens: number | null; cachedTokens: number | null }) => ({
  "gen_ai.usage.input_tokens": u.inputTokens,
  "gen_ai.usage.output_tokens": u.outputTokens,
  "gen_ai.usage.cache_read.input_tokens": u.cachedTokens,
});

/** The run's spans: one `invoke_agent`, its steps (`chat`) and their tool calls (`execute_tool`). */
export function runToSpans(run: ExportableRun): OtlpJsonSpan[] {
  const traceId = run.traceId && /^[0-9a-f]{32}$/i.test(run.traceId) && !/^0+$/.test(run.traceId) ? run.traceId.toLowerCase() : hexId(`trace:${run.id}`, 32);
  const runSpanId = hexId(`run:${run.id}`, 16);
  const stepSpanId = (id: string) => hexId(`step:${run.id}:${id}`, 16);
  const end = (start: string, e: string | null) => nanos(e ?? start);
  const input = [
    ...(run.systemPrompt ? [textMessage("system", run.systemPrompt)] : []),
    ...(run.userPrompt !== null ? [textMessage("user", run.userPrompt)] : []),
  ];
  const runSpan: OtlpJsonSpan = {
    traceId,
    spanId: runSpanId,
    name: run.agent ? `invoke_agent ${run.agent.name}` : "invoke_agent",
    kind: SPAN_KIND_INTERNAL,
    startTimeUnixNano: nanos(run.startTime),
    endTimeUnixNano: end(run.startTime, run.endTime),
    attributes: attrs({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": run.agent?.name,
      // A run without steps keeps its models on its own span (with steps, they come from the steps).
      "gen_ai.request.model": run.steps.length ? null : run.models[0],
      "gen_ai.input.messages": input.length ? JSON.stringify(input) : null,
      "gen_ai.output.messages": run.response !== null ? JSON.stringify([textMessage("assistant", run.response)]) : null,
      ...usageAttrs(run.usage),
      "tcc.runId": run.id,
      "tcc.agent": run.agent?.name,
      "tcc.sessionId": run.sessionId,
      "tcc.conversational": run.conversational,
      "tcc.userId": run.user?.id,
      "tcc.userName": run.user?.name,
      "tcc.orgId": run.org?.id,
      "tcc.orgName": run.org?.name,
      ...Object.fromEntries(Object.entries(run.metadata).map(([k, v]) => [`ai.telemetry.metadata.${k}`, v])),
    }),
    status: status(run.status, run.statusMessage),
  };
  const steps = run.steps.map((s): OtlpJsonSpan => ({
    traceId,
    spanId: stepSpanId(s.id),
    parentSpanId: runSpanId,
    name: s.name ?? "chat",
    kind: SPAN_KIND_CLIENT,
    startTimeUnixNano: nanos(s.startTime),
    endTimeUnixNano: end(s.startTime, s.endTime),
    attributes: attrs({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": s.provider,
      "gen_ai.request.model": s.model,
      "gen_ai.response.model": s.model,
      "gen_ai.input.messages": messagesJson(s.input, "user"),
      "gen_ai.output.messages": messagesJson(s.output, "assistant"),
      "gen_ai.response.finish_reasons": s.finishReason ? [s.finishReason] : null,
      ...usageAttrs(s.usage),
      "tcc.runId": run.id,
    }),
    status: status(s.status, s.statusMessage),
  }));
  const stepIds = new Set(run.steps.map((s) => s.id));
  const tools = run.toolCalls.map((t): OtlpJsonSpan => ({
    traceId,
    spanId: hexId(`tool:${run.id}:${t.id}`, 16),
    parentSpanId: t.stepId && stepIds.has(t.stepId) ? stepSpanId(t.stepId) : runSpanId,
    name: `execute_tool ${t.name}`,
    kind: SPAN_KIND_INTERNAL,
    startTimeUnixNano: nanos(t.startTime),
    endTimeUnixNano: end(t.startTime, t.endTime),
    attributes: attrs({
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": t.name,
      "gen_ai.tool.call.id": t.toolCallId,
      "gen_ai.tool.call.arguments": t.args,
      "gen_ai.tool.call.result": t.result,
      "tcc.runId": run.id,
    }),
    status: status(t.status, t.error),
  }));
  return [runSpan, ...steps, ...tools];
}

/** One ExportTraceServiceRequest holding the given runs, under one resource per agent name. */
export function runsToOtlpRequest(runs: ExportableRun[]): OtlpJsonRequest {
  const byService = new Map<string, OtlpJsonSpan[]>();
  for (const run of runs) {
    const service = run.agent?.name ?? "sightline-export";
    const list = byService.get(service) ?? [];
    list.push(...runToSpans(run));
    byService.set(service, list);
  }
  return {
    resourceSpans: [...byService].map(([service, spans]) => ({
      resource: { attributes: attrs({ "service.name": service }) },
      scopeSpans: [{ scope: { name: EXPORT_SCOPE }, spans }],
    })),
  };
}
