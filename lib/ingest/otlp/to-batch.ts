// OTLP spans → runs, steps and tool calls. Spans are grouped by `tcc.runId` (falling back to the
// trace); the run span is found by classification, not by a missing parent, because under
// Next.js and other instrumentation the run span's parent is an HTTP span that is never exported.
import { resolveMetadata } from "../metadata";
import { lastUserText, systemText } from "../messages";
import { emptyBatch, type IngestBatch, type RawMetadata, type RunInput, type SpanInput, type StatusCode, type StepInput } from "../model";
import { attrString, errorMessage } from "./attrs";
import { conventionFor } from "./conventions/registry";
import type { SpanConvention, SpanRole } from "./conventions/types";
import { nsToDate, type OtlpSpan } from "./decode";
import { assistantText } from "./values";

interface Classified {
  span: OtlpSpan;
  convention: SpanConvention;
  role: SpanRole;
}

export interface ToBatchOptions {
  /** `source` recorded on runs (which endpoint / family sent them). */
  source?: string;
}

function ownRunId(c: Classified): string | null {
  return attrString(c.span.attributes, "tcc.runId", "tcc.run_id") ?? c.convention.runId?.(c.span) ?? null;
}

/** Assigns each span a run id: its own, else its nearest ancestor's, else its trace's only one, else the trace id. */
function assignRunIds(items: Classified[]): Map<Classified, string> {
  const bySpan = new Map<string, Classified>();
  for (const c of items) bySpan.set(`${c.span.traceId}:${c.span.spanId}`, c);
  const own = new Map<Classified, string | null>();
  const traceRunIds = new Map<string, Set<string>>();
  for (const c of items) {
    const id = ownRunId(c);
    own.set(c, id);
    if (id) {
      const set = traceRunIds.get(c.span.traceId) ?? new Set();
      set.add(id);
      traceRunIds.set(c.span.traceId, set);
    }
  }
  const out = new Map<Classified, string>();
  for (const c of items) {
    let id = own.get(c) ?? null;
    let cursor: Classified | undefined = c;
    for (let hops = 0; !id && cursor?.span.parentSpanId && hops < 1000; hops++) {
      cursor = bySpan.get(`${c.span.traceId}:${cursor.span.parentSpanId}`);
      if (cursor) id = own.get(cursor) ?? null;
    }
    if (!id) {
      const ids = traceRunIds.get(c.span.traceId);
      if (ids && ids.size === 1) id = [...ids][0]!;
    }
    out.set(c, id ?? c.span.traceId);
  }
  return out;
}

function statusOf(c: Classified): StatusCode {
  return c.convention.status?.(c.span) ?? c.span.status.code;
}

function toSpanInput(c: Classified, runId: string): SpanInput {
  return spanToInput(c.span, runId, statusOf(c));
}

/** A decoded span as stored in `spans` (all attributes and events kept). */
export function spanToInput(s: OtlpSpan, runId: string, statusCode: StatusCode = s.status.code): SpanInput {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    runId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    kind: s.kind,
    startNs: s.startNs,
    endNs: s.endNs,
    statusCode,
    statusMessage: s.status.message,
    scope: s.scope.name,
    attributes: s.attributes,
    events: s.events.length ? s.events : null,
  };
}

/** Nearest ancestor (within the group) whose role is one of `roles`. */
function ancestor(c: Classified, index: Map<string, Classified>, roles: SpanRole[]): Classified | null {
  let cursor = c.span.parentSpanId ? index.get(c.span.parentSpanId) : undefined;
  for (let hops = 0; cursor && hops < 1000; hops++) {
    if (roles.includes(cursor.role)) return cursor;
    cursor = cursor.span.parentSpanId ? index.get(cursor.span.parentSpanId) : undefined;
  }
  return null;
}

/**
 * The id of the call `step` asked of tool `name` that no tool span claimed yet: OpenInference
 * (Agno) tool spans carry no call id, but the LLM output that requested them does.
 */
function requestedCallId(step: StepInput | undefined, name: string, claimed: Set<string>): string | null {
  if (!step || !Array.isArray(step.output)) return null;
  for (const m of step.output) {
    for (const p of m.parts) if (p.type === "tool_call" && p.name === name && p.id && !claimed.has(p.id)) return p.id;
  }
  return null;
}

function groupToBatch(runId: string, group: Classified[], options: ToBatchOptions, out: IngestBatch) {
  const index = new Map(group.map((c) => [c.span.spanId, c]));
  const byStart = [...group].sort((a, b) => (a.span.startNs < b.span.startNs ? -1 : a.span.startNs > b.span.startNs ? 1 : 0));

  const runSpans = byStart.filter((c) => c.role === "run");
  // The top-most run span describes the run; nested run spans with the same id merge into it.
  const top = runSpans.find((c) => !ancestor(c, index, ["run"])) ?? runSpans[0];
  const inGroup = (id: string | null) => (id ? index.has(id) : false);
  const root = top ?? byStart.find((c) => !inGroup(c.span.parentSpanId)) ?? byStart[0]!;

  // Steps and tool calls.
  const steps = byStart.filter((c) => c.role === "step");
  const stepInputs: StepInput[] = [];
  for (const c of steps) {
    const f = c.convention.step?.(c.span) ?? {};
    stepInputs.push({
      id: c.span.spanId,
      runId,
      spanId: c.span.spanId,
      name: f.name ?? c.span.name,
      provider: f.provider ?? null,
      model: f.model ?? null,
      startTime: nsToDate(c.span.startNs),
      endTime: c.span.endNs ? nsToDate(c.span.endNs) : null,
      status: statusOf(c),
      statusMessage: statusOf(c) === 2 ? errorMessage(c.span) : c.span.status.message,
      input: f.input ?? null,
      output: f.output ?? null,
      finishReason: f.finishReason ?? null,
      usage: f.usage ?? null,
      costUsd: f.costUsd ?? null,
      ttftMs: f.ttftMs ?? null,
      attributes: {},
    });
  }
  out.steps.push(...stepInputs);
  const stepById = new Map(stepInputs.map((st) => [st.id, st]));
  const tools = byStart.filter((x) => x.role === "tool").map((c) => ({ c, f: c.convention.tool?.(c.span) ?? { name: c.span.name || "unknown" } }));
  const claimed = new Set(tools.map((t) => t.f.toolCallId).filter((id): id is string => !!id));
  for (const { c, f } of tools) {
    let step = ancestor(c, index, ["step"]);
    if (!step) {
      // Tools are usually siblings of the LLM call that requested them: the closest earlier step.
      const before = steps.filter((s) => s.span.startNs <= c.span.startNs);
      step = before[before.length - 1] ?? null;
    }
    const toolCallId = f.toolCallId ?? requestedCallId(step ? stepById.get(step.span.spanId) : undefined, f.name, claimed);
    if (toolCallId) claimed.add(toolCallId);
    const status = statusOf(c);
    out.toolCalls.push({
      id: c.span.spanId,
      runId,
      stepId: step?.span.spanId ?? null,
      spanId: c.span.spanId,
      toolCallId,
      name: f.name,
      args: f.args ?? null,
      result: f.result ?? null,
      status,
      error: status === 2 ? (errorMessage(c.span) ?? f.result ?? "error") : null,
      startTime: nsToDate(c.span.startNs),
      endTime: c.span.endNs ? nsToDate(c.span.endNs) : null,
      attributes: {},
    });
  }

  // Metadata: the run span's carriers first, then every other span's.
  const carriers: RawMetadata[] = [];
  const ordered = [root, ...byStart.filter((c) => c !== root)];
  for (const c of ordered) carriers.push(...(c.convention.metadata?.(c.span) ?? []));
  const meta = resolveMetadata(...carriers);

  // Without a run span (Python roots of an unclassified kind, generic spans) the root describes
  // the run, unless it is itself an LLM call or a tool, whose fields come from steps below.
  const describer = top ?? (root.role === "step" || root.role === "tool" ? null : root);
  const fields = describer?.convention.run?.(describer.span) ?? {};
  const firstStep = stepInputs[0];
  const lastStep = stepInputs[stepInputs.length - 1];
  const stepInput = firstStep && Array.isArray(firstStep.input) ? firstStep.input : null;

  let start = root.span.startNs;
  let end = root.span.endNs;
  for (const c of runSpans) {
    if (c.span.startNs < start) start = c.span.startNs;
    if (c.span.endNs && (!end || c.span.endNs > end)) end = c.span.endNs;
  }
  const runStatus = runSpans.some((c) => statusOf(c) === 2) ? 2 : statusOf(root);
  const failed = runSpans.find((c) => statusOf(c) === 2) ?? (statusOf(root) === 2 ? root : null);

  const run: RunInput = {
    id: runId,
    traceId: root.span.traceId,
    source: options.source ?? "otlp",
    meta,
    status: runStatus,
    statusMessage: failed ? errorMessage(failed.span) : null,
    startTime: nsToDate(start),
    endTime: end ? nsToDate(end) : null,
    userPrompt: fields.userPrompt ?? (stepInput ? lastUserText(stepInput) : null),
    systemPrompt: fields.systemPrompt ?? (stepInput ? systemText(stepInput) : null),
    response: fields.response ?? assistantText(lastStep?.output),
    fullInput: fields.fullInput ?? null,
    fullOutput: fields.fullOutput ?? null,
    usage: fields.usage ?? null,
    costUsd: fields.costUsd ?? null,
    models: fields.models ?? [],
    attributes: { resource: root.span.resource, rootSpan: root.span.name, convention: root.convention.name },
    // Without a recognised run span, a span whose parent was not exported may be a fragment of
    // a run whose run span arrives later: it must not overwrite that run's fields.
    placeholder: !top && root.span.parentSpanId !== null,
  };
  out.runs.push(run);
  for (const c of group) out.spans.push(toSpanInput(c, runId));
}

export function tracesToBatch(spans: OtlpSpan[], options: ToBatchOptions = {}): IngestBatch {
  const items: Classified[] = spans.map((span) => {
    const convention = conventionFor(span);
    return { span, convention, role: convention.classify(span) };
  });
  const runIds = assignRunIds(items);
  const groups = new Map<string, Classified[]>();
  for (const c of items) {
    const id = runIds.get(c)!;
    const g = groups.get(id);
    if (g) g.push(c);
    else groups.set(id, [c]);
  }
  const out = emptyBatch();
  for (const [runId, group] of groups) groupToBatch(runId, group, options, out);
  return out;
}
