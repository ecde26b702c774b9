// `POST /v1/custom`: TCC custom JSON items (run, step, tool_call, batch), as sent by
// @contextcompany/custom, the Python SDK, CrewAI and the LangChain TS handler. Parsing is lenient
// where SDKs are (user-provided timestamps, arbitrary metadata values, extra fields) and strict
// only where an item could not be stored at all (no run id, unknown type). CrewAI steps are
// recognised by their prompt templates (frameworks/crewai.ts) so the crew's agents and tasks show.
import { z } from "zod";
import { IngestError } from "./errors";
import { resolveMetadata } from "./metadata";
import { asText, assistantMessage, readPrompt, tryParseJson, type ChatMessage, type ChatPart } from "./messages";
import { crewAiStep, crewRunAttributes, crewStepAttributes } from "./frameworks/crewai";
import { assertDepth, finalize, newRun } from "./frameworks/common";
import { emptyBatch, type IngestBatch, type StatusCode, type Usage } from "./model";
import { parseTime } from "./time";

const id = z.union([z.string().trim().min(1).max(512), z.number().transform(String)]);
const optionalText = z.unknown().transform((v) => (v === null || v === undefined ? null : typeof v === "string" ? v : asText(v)));
const statusCode = z.unknown().transform((v): StatusCode => {
  const n = Number(v);
  return n === 2 ? 2 : n === 1 ? 1 : 0;
});
const int = z
  .unknown()
  .transform((v) => (v === null || v === undefined || v === "" || !Number.isFinite(Number(v)) ? null : Math.max(0, Math.round(Number(v)))));
const num = z.unknown().transform((v) => (v === null || v === undefined || v === "" || !Number.isFinite(Number(v)) ? null : Number(v)));
const record = z.record(z.string(), z.unknown());

const runItem = z.object({
  type: z.literal("run"),
  run_id: id,
  start_time: z.unknown().optional(),
  end_time: z.unknown().optional(),
  status_code: statusCode.optional(),
  status_message: optionalText.optional(),
  prompt: z.union([z.string(), record, z.null()]).optional(),
  response: optionalText.optional(),
  full_output: optionalText.optional(),
  session_id: z.union([z.string(), z.number(), z.null()]).optional(),
  conversational: z.unknown().optional(),
  metadata: z.union([record, z.null()]).optional(),
  attributes: z.union([record, z.null()]).optional(),
});

const stepItem = z.object({
  type: z.literal("step"),
  run_id: id,
  step_id: id,
  start_time: z.unknown().optional(),
  end_time: z.unknown().optional(),
  prompt: optionalText.optional(),
  response: optionalText.optional(),
  status_code: statusCode.optional(),
  status_message: optionalText.optional(),
  model_requested: optionalText.optional(),
  model_used: optionalText.optional(),
  finish_reason: optionalText.optional(),
  prompt_uncached_tokens: int.optional(),
  prompt_cached_tokens: int.optional(),
  completion_tokens: int.optional(),
  real_total_cost: num.optional(),
  tool_definitions: optionalText.optional(),
  ttft_ms: num.optional(),
  attributes: z.union([record, z.null()]).optional(),
});

const toolCallItem = z.object({
  type: z.literal("tool_call"),
  run_id: id,
  tool_call_id: id,
  tool_name: z.union([z.string(), z.null()]).optional(),
  start_time: z.unknown().optional(),
  end_time: z.unknown().optional(),
  status_code: statusCode.optional(),
  status_message: optionalText.optional(),
  args: optionalText.optional(),
  result: optionalText.optional(),
  attributes: z.union([record, z.null()]).optional(),
});

const item = z.discriminatedUnion("type", [runItem, stepItem, toolCallItem]);
type Item = z.infer<typeof item>;

/** The request body as itemsOf reads it, each item validated by `item` (for the OpenAPI document). */
export const CUSTOM_BODY = z.union([item, z.object({ type: z.literal("batch"), items: z.array(item) }), z.array(item)]);

const MAX_ITEMS = 100_000;

function invalid(issues: Array<{ path: string; message: string }>): IngestError {
  const first = issues[0];
  return new IngestError(
    400,
    "invalid_custom_payload",
    `Body is not a valid TCC custom item (run, step, tool_call or batch)${first ? `: ${first.path || "body"}: ${first.message}` : ""}.`,
    issues,
  );
}

/** The items of a body: a bare item, a `batch`, or (leniently) an array of items. */
function itemsOf(body: unknown): { items: unknown[]; prefix: string } {
  if (Array.isArray(body)) return { items: body, prefix: "" };
  if (body && typeof body === "object" && (body as { type?: unknown }).type === "batch") {
    const items = (body as { items?: unknown }).items;
    if (!Array.isArray(items)) throw invalid([{ path: "items", message: "a batch needs an `items` array" }]);
    return { items, prefix: "items." };
  }
  if (body && typeof body === "object") return { items: [body], prefix: "" };
  throw invalid([{ path: "", message: "expected a JSON object with `type` run, step, tool_call or batch" }]);
}

/** Validates every item, collecting issues with their full path (e.g. `items.3.run_id`). */
function parseItems(body: unknown): Item[] {
  const { items, prefix } = itemsOf(body);
  if (items.length > MAX_ITEMS) throw invalid([{ path: "items", message: `at most ${MAX_ITEMS} items per request` }]);
  const out: Item[] = [];
  const issues: Array<{ path: string; message: string }> = [];
  items.forEach((raw, i) => {
    const r = item.safeParse(raw);
    if (r.success) out.push(r.data);
    else {
      for (const issue of r.error.issues.slice(0, 5)) {
        const at = [prefix ? `${prefix}${i}` : Array.isArray(body) ? String(i) : "", ...issue.path.map(String)].filter(Boolean).join(".");
        issues.push({ path: at, message: issue.path.length ? issue.message : "`type` must be run, step, tool_call or batch" });
      }
    }
  });
  if (issues.length) throw invalid(issues.slice(0, 20));
  return out;
}

function times(start: unknown, end: unknown, received: Date): { startTime: Date; endTime: Date | null } {
  const s = parseTime(start);
  const e = parseTime(end);
  return { startTime: s ?? e ?? received, endTime: e };
}

/** A step response: JSON tool calls (`[{name,args}]`, OpenAI `[{id,function}]`) or text. */
function stepOutput(response: string | null): ChatMessage[] | string | null {
  if (response === null || response === "") return null;
  const parsed = tryParseJson(response);
  if (Array.isArray(parsed) && parsed.length && parsed.every((t) => t && typeof t === "object" && !("role" in t))) {
    const calls: ChatPart[] = parsed.map((t: Record<string, unknown>) => {
      const fn = (t.function && typeof t.function === "object" ? t.function : t) as Record<string, unknown>;
      return {
        type: "tool_call",
        id: typeof t.id === "string" ? t.id : null,
        name: typeof fn.name === "string" ? fn.name : "unknown",
        arguments: asText(fn.arguments ?? t.args ?? t.input ?? ""),
      };
    });
    return assistantMessage(null, calls);
  }
  const msgs = readPrompt(response);
  return Array.isArray(msgs) ? msgs : assistantMessage(response);
}

function toBatchItem(it: Item, out: IngestBatch, received: Date) {
  if (it.type === "run") {
    const prompt = typeof it.prompt === "string" ? { user_prompt: it.prompt } : (it.prompt ?? {});
    const str = (v: unknown) => (typeof v === "string" ? v : v == null ? null : asText(v));
    const { startTime, endTime } = times(it.start_time, it.end_time, received);
    const topLevel: Record<string, unknown> = {};
    if (it.session_id !== undefined && it.session_id !== null) topLevel["tcc.sessionId"] = it.session_id;
    if (it.conversational !== undefined && it.conversational !== null) topLevel["tcc.conversational"] = it.conversational;
    out.runs.push({
      id: it.run_id,
      traceId: null,
      source: "custom",
      meta: resolveMetadata(topLevel, it.metadata ?? null),
      status: it.status_code ?? 0,
      statusMessage: it.status_message ?? null,
      startTime,
      endTime,
      userPrompt: str(prompt.user_prompt),
      systemPrompt: str(prompt.system_prompt),
      response: it.response ?? null,
      fullInput: str(prompt.full_input),
      fullOutput: it.full_output ?? null,
      usage: null,
      costUsd: null,
      models: [],
      attributes: it.attributes ? { attributes: it.attributes } : {},
      placeholder: false,
    });
    return;
  }
  if (it.type === "step") {
    const { startTime, endTime } = times(it.start_time, it.end_time, received);
    const uncached = it.prompt_uncached_tokens ?? null;
    const cached = it.prompt_cached_tokens ?? null;
    const usage: Usage | null =
      uncached === null && cached === null && (it.completion_tokens ?? null) === null
        ? null
        : {
            inputTokens: uncached === null && cached === null ? null : (uncached ?? 0) + (cached ?? 0),
            outputTokens: it.completion_tokens ?? null,
            cachedTokens: cached,
          };
    const attributes: Record<string, unknown> = { ...(it.attributes ?? {}) };
    if (it.model_requested) attributes.modelRequested = it.model_requested;
    if (it.tool_definitions) attributes.toolDefinitions = it.tool_definitions;
    const input = it.prompt ? readPrompt(it.prompt) : null;
    // LangChain TS: model, provider, name and time to first token may only be in the attributes.
    const attr = (k: string) => (typeof attributes[k] === "string" && attributes[k] ? (attributes[k] as string) : null);
    const crew = crewAiStep(input);
    if (crew) {
      Object.assign(attributes, crewStepAttributes(crew));
      // The run comes in its own request: a placeholder carries what the step knows about the crew.
      out.runs.push(newRun(it.run_id, "placeholder", startTime, { attributes: crewRunAttributes(crew, startTime), placeholder: true }));
    }
    out.steps.push({
      id: it.step_id,
      runId: it.run_id,
      spanId: null,
      name: crew?.role ?? attr("llm.name"),
      provider: attr("llm.metadata.ls_provider"),
      model: it.model_used ?? it.model_requested ?? attr("llm.response_metadata.model_name") ?? attr("llm.metadata.ls_model_name"),
      startTime,
      endTime,
      status: it.status_code ?? 0,
      statusMessage: it.status_message ?? null,
      input,
      output: stepOutput(it.response ?? null),
      finishReason: it.finish_reason ?? null,
      usage,
      costUsd: it.real_total_cost ?? null,
      ttftMs: it.ttft_ms ?? (typeof attributes["llm.ttft_ms"] === "number" ? attributes["llm.ttft_ms"] : null),
      attributes,
    });
    return;
  }
  const { startTime, endTime } = times(it.start_time, it.end_time, received);
  const status = it.status_code ?? 0;
  out.toolCalls.push({
    id: it.tool_call_id,
    runId: it.run_id,
    stepId: null,
    spanId: null,
    toolCallId: it.tool_call_id,
    name: it.tool_name?.trim() || "unknown",
    args: it.args ?? null,
    result: it.result ?? null,
    status,
    error: status === 2 ? (it.status_message ?? "error") : null,
    startTime,
    endTime,
    attributes: it.attributes ?? {},
  });
}

/** Validates and converts a `/v1/custom` body. Throws a 400 IngestError naming each broken field. */
export function customToBatch(body: unknown, received = new Date()): IngestBatch {
  assertDepth(body, "invalid_custom_payload");
  const out = emptyBatch();
  for (const it of parseItems(body)) toBatchItem(it, out, received);
  // User-provided timestamps can be years apart; such an end cannot be stored as a duration.
  return finalize(out, { keepNegative: true });
}
