// `POST /v1/mastra`: one Mastra AI-tracing trace from @contextcompany/mastra's TCCMastraExporter,
// `{runId, traceId, framework, metadata, spans[]}` with Mastra's exported spans keyed by
// `id` / `parentSpanId` / `type`.
//  - run   = the root (`agent_run` / `workflow_run`, or any span without a parent in the trace);
//  - steps = one per `model_step` (one LLM request), or the `model_generation` itself when it
//            has no step children (non-streaming calls, older Mastra's `llm_generation`);
//  - tools = `tool_call` / `mcp_tool_call`;
//  - every span except streaming chunks is kept as a span, so workflow steps, processors and
//    nested agents show in the run's timeline and tree;
//  - `errorInfo` marks a failure (status 2 with its message).
import { z } from "zod";
import { resolveMetadata } from "../metadata";
import { asText, lastUserText } from "../messages";
import { emptyBatch, type IngestBatch, type SpanInput, type StepInput } from "../model";
import { generationInput, outputMessages, requestMessages, usageOf } from "./mastra-content";
import {
  byStart,
  finalize,
  idOf,
  isObj,
  lastStartedBy,
  maxDate,
  minDate,
  missingRunId,
  newRun,
  newStep,
  newToolCall,
  objOr,
  optionalId,
  parseEnvelope,
  str,
  time,
  type Obj,
} from "./common";

const CODE = "invalid_mastra_payload";
const WHAT = "Mastra trace ({runId, traceId, metadata, spans[]})";

/** The request body (exported for the OpenAPI document). */
export const envelope = z.object({
  runId: optionalId,
  traceId: optionalId,
  metadata: z.unknown().optional(),
  spans: z.array(z.unknown(), { error: "must be an array of Mastra spans" }).max(200_000),
});

const STEP_TYPES = new Set(["model_generation", "llm_generation"]);
const MODEL_STEP_TYPES = new Set(["model_step", "llm_step"]);
const CHUNK_TYPES = new Set(["model_chunk", "llm_chunk"]);
const TOOL_TYPES = new Set(["tool_call", "mcp_tool_call"]);
const ROOT_TYPES = new Set(["agent_run", "workflow_run"]);

interface MSpan {
  id: string;
  parentId: string | null;
  traceId: string | null;
  type: string;
  name: string;
  start: Date | null;
  end: Date | null;
  attributes: Obj;
  metadata: Obj;
  input: unknown;
  output: unknown;
  error: string | null;
  isRoot: boolean;
  runId: string | null;
  order: number;
}

function readSpan(raw: unknown, order: number): MSpan | null {
  if (!isObj(raw)) return null;
  const id = idOf(raw.id, 256);
  if (!id) return null;
  const err = isObj(raw.errorInfo) ? raw.errorInfo : raw.errorInfo ? { message: asText(raw.errorInfo) } : null;
  return {
    id,
    parentId: idOf(raw.parentSpanId, 256),
    traceId: idOf(raw.traceId, 256),
    type: (str(raw.type) ?? "generic").toLowerCase(),
    name: str(raw.name) ?? String(raw.type ?? "span"),
    start: time(raw.startTime),
    end: time(raw.endTime),
    attributes: objOr(raw.attributes),
    metadata: objOr(raw.metadata),
    input: raw.input,
    output: raw.output,
    error: err ? (str(err.message) ?? str(err.id) ?? "Mastra reported an error") : null,
    isRoot: raw.isRootSpan === true,
    runId: idOf(raw.runId),
    order,
  };
}

function rootOf(spans: MSpan[], byId: Map<string, MSpan>): MSpan | null {
  const tops = spans.filter((s) => s.isRoot || !s.parentId || !byId.has(s.parentId));
  const score = (s: MSpan) => (s.isRoot ? 2 : 0) + (ROOT_TYPES.has(s.type) ? 1 : 0);
  return [...tops].sort((a, b) => score(b) - score(a) || a.order - b.order)[0] ?? null;
}

function toNs(d: Date): bigint {
  return BigInt(d.getTime()) * 1_000_000n;
}

/** Validates and converts a `/v1/mastra` body. */
export function mastraToBatch(body: unknown, received = new Date()): IngestBatch {
  const env = parseEnvelope(envelope, body, CODE, WHAT);
  const metadata = isObj(env.metadata) ? env.metadata : null;

  const latest = new Map<string, MSpan>();
  env.spans.forEach((raw, i) => {
    const s = readSpan(raw, i);
    if (s) latest.set(s.id, { ...s, order: latest.get(s.id)?.order ?? i }); // later versions replace earlier ones
  });
  const spans = [...latest.values()].sort((a, b) => a.order - b.order);
  const byId = new Map(spans.map((s) => [s.id, s]));
  const root = rootOf(spans, byId);

  const runId =
    idOf(env.runId) ?? resolveMetadata(metadata).runId ?? root?.runId ?? spans.find((s) => s.runId)?.runId ?? idOf(env.traceId) ?? root?.traceId ?? null;
  if (!runId) throw missingRunId(CODE, WHAT, 'send `runId`, `metadata["tcc.runId"]` or `traceId`');
  const traceId = idOf(env.traceId) ?? root?.traceId ?? null;

  const starts = spans.map((s) => s.start);
  const runStart = root?.start ?? minDate(starts) ?? received;
  const out = emptyBatch();
  const at = (s: MSpan) => s.start ?? runStart;

  // Steps.
  const stepIds = new Set<string>();
  const steps: StepInput[] = [];
  const modelSteps = new Map<string, MSpan[]>();
  for (const s of spans) {
    if (!s.parentId || !MODEL_STEP_TYPES.has(s.type)) continue;
    const list = modelSteps.get(s.parentId) ?? [];
    list.push(s);
    modelSteps.set(s.parentId, list);
  }
  for (const g of spans.filter((s) => STEP_TYPES.has(s.type))) {
    const model = str(g.attributes.model);
    const provider = str(g.attributes.provider);
    const { model: _m, provider: _p, usage: _u, finishReason: _f, ...gAttrs } = g.attributes;
    const children = modelSteps.get(g.id) ?? [];
    const genInput = generationInput(g.input);
    const units = children.length ? children : [g];
    units.forEach((u, i) => {
      const fromRequest = u === g ? null : requestMessages(u.input);
      const error = u.error ?? (u === units[units.length - 1] ? g.error : null);
      steps.push(
        newStep(u.id, runId, at(u), {
          spanId: u.id,
          name: u.name,
          model,
          provider,
          endTime: u.end,
          status: error ? 2 : 0,
          statusMessage: error,
          input: fromRequest ?? (i === 0 ? genInput : null),
          output: outputMessages(u.output) ?? (u === g ? null : i === units.length - 1 ? outputMessages(g.output) : null),
          finishReason: str(u.attributes.finishReason) ?? (units.length === 1 ? str(g.attributes.finishReason) : null),
          usage: usageOf(u.attributes.usage) ?? (units.length === 1 ? usageOf(g.attributes.usage) : null),
          attributes: { mastraType: u.type, ...(u === g ? gAttrs : { generation: g.id, ...u.attributes }) },
        }),
      );
      stepIds.add(u.id);
    });
  }
  out.steps.push(...steps);

  // Tool calls, each under the step that asked for it.
  const sortedSteps = byStart(steps);
  const stepFor = (s: MSpan): string | null => {
    let p = s.parentId ? byId.get(s.parentId) : undefined;
    for (let hops = 0; p && hops < 1000; hops++) {
      if (stepIds.has(p.id)) return p.id;
      p = p.parentId ? byId.get(p.parentId) : undefined;
    }
    return lastStartedBy(sortedSteps, at(s))?.id ?? null;
  };
  for (const t of spans.filter((s) => TOOL_TYPES.has(s.type))) {
    const failed = t.error ?? (t.attributes.success === false ? "The tool reported success: false" : null);
    const name = str(t.attributes.toolId) ?? /^(?:mcp )?tool: '(.+)'$/.exec(t.name)?.[1] ?? t.name ?? "unknown";
    out.toolCalls.push(
      newToolCall(t.id, runId, name, at(t), {
        stepId: stepFor(t),
        spanId: t.id,
        toolCallId: str(t.attributes.toolCallId) ?? str(t.metadata.toolCallId),
        args: t.input === undefined ? null : asText(t.input),
        result: t.output === undefined ? null : asText(t.output),
        status: failed ? 2 : 0,
        error: failed,
        endTime: t.end,
        attributes: { mastraType: t.type, ...t.attributes },
      }),
    );
  }

  // Spans for the timeline; streaming chunks are dropped (one per token batch, no information the
  // step does not already hold).
  const spanTrace = traceId ?? runId;
  for (const s of spans) {
    if (CHUNK_TYPES.has(s.type)) continue;
    const modelled = stepIds.has(s.id) || TOOL_TYPES.has(s.type);
    const attributes: Obj = { "mastra.type": s.type, ...s.attributes };
    if (Object.keys(s.metadata).length) attributes["mastra.metadata"] = s.metadata;
    if (!modelled && s.input !== undefined) attributes.input = s.input;
    if (!modelled && s.output !== undefined) attributes.output = s.output;
    const span: SpanInput = {
      traceId: s.traceId ?? spanTrace,
      spanId: s.id,
      runId,
      parentSpanId: s.parentId,
      name: s.name,
      kind: 1,
      startNs: toNs(at(s)),
      endNs: s.end ? toNs(s.end) : null,
      statusCode: s.error ? 2 : 0,
      statusMessage: s.error,
      scope: "mastra",
      attributes,
      events: null,
    };
    out.spans.push(span);
  }

  // The run.
  const input = root ? generationInput(root.input) : null;
  const userPrompt = str(root?.attributes.prompt) ?? (Array.isArray(input) ? lastUserText(input) : typeof input === "string" ? input : null);
  const rootOutput = root ? outputMessages(root.output) : null;
  const response = rootOutput
    ? rootOutput
        .flatMap((m) => m.parts)
        .map((p) => (p.type === "text" ? p.text : ""))
        .join("") || null
    : null;
  const { instructions, ...rootAttrs } = root?.attributes ?? {};
  out.runs.push(
    newRun(runId, "mastra", runStart, {
      traceId,
      meta: resolveMetadata(metadata, root?.metadata),
      status: root?.error ? 2 : 0,
      statusMessage: root?.error ?? null,
      endTime: root ? root.end : maxDate(spans.map((s) => s.end)),
      userPrompt,
      systemPrompt: typeof instructions === "string" ? instructions : null,
      response,
      fullInput: root && root.input !== undefined && typeof root.input !== "string" ? asText(root.input) : null,
      fullOutput: root && root.output !== undefined && typeof root.output !== "string" ? asText(root.output) : null,
      attributes: {
        mastra: { rootType: root?.type ?? null, rootName: root?.name ?? null, spanCount: spans.length, ...rootAttrs },
      },
    }),
  );
  return finalize(out);
}
