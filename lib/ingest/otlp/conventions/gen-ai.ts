// OpenTelemetry GenAI semantic conventions (`gen_ai.*`): any instrumentation that follows them,
// including AI SDK 7 (`gen_ai.operation.name` plus `tcc.span.type`). Messages are read from the
// current attributes (`gen_ai.input.messages` / `gen_ai.output.messages`), else from the span
// events older semconv versions used (`gen_ai.content.prompt`, `gen_ai.user.message`,
// `gen_ai.choice`, …) and that Semantic Kernel, Strands and early OTel contrib still emit.
import { prefixedCarrier, reservedCarrier } from "../../metadata";
import { lastUserText, normalizeMessages, readPrompt, systemText, tryParseJson, type ChatMessage, type ChatRole } from "../../messages";
import { attrFirst, attrNumber, attrString, usageOf } from "../attrs";
import type { OtlpEvent, OtlpSpan } from "../decode";
import { toChat } from "../indexed";
import { assistantText, parseValue } from "../values";
import type { SpanConvention, SpanRole } from "./types";

type Attrs = Record<string, unknown>;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

// `create_agent` only builds an agent; the run is its `invoke_agent`.
const RUN_OPS = new Set(["invoke_agent", "invoke_workflow"]);
export const GEN_AI_STEP_OPS: ReadonlySet<string> = new Set(["chat", "text_completion", "generate_content", "completion"]);
const TOOL_OPS = new Set(["execute_tool"]);

function op(span: OtlpSpan): string | null {
  return attrString(span.attributes, "gen_ai.operation.name");
}

/** JSON text (or an already-decoded array) of GenAI messages → chat messages. */
function messagesAttr(a: Attrs, key: string): ChatMessage[] | null {
  const v = a[key];
  const parsed = typeof v === "string" ? tryParseJson(v) : v;
  return normalizeMessages(parsed);
}

/** `gen_ai.system_instructions`: an array of parts (or plain text) → one system message. */
function systemInstructions(a: Attrs): ChatMessage | null {
  const v = a["gen_ai.system_instructions"];
  if (v == null || v === "") return null;
  const parsed = typeof v === "string" ? tryParseJson(v) : v;
  if (Array.isArray(parsed)) {
    const msg = normalizeMessages([{ role: "system", parts: parsed }]);
    return msg?.[0] ?? null;
  }
  return { role: "system", parts: [{ type: "text", text: typeof v === "string" ? v : JSON.stringify(v) }] };
}

// ---- span events (older semconv) -------------------------------------------------------------

const EVENT_ROLES: Record<string, ChatRole> = {
  "gen_ai.system.message": "system",
  "gen_ai.user.message": "user",
  "gen_ai.assistant.message": "assistant",
  "gen_ai.tool.message": "tool",
};

/** The body of a per-message event: `gen_ai.event.content` / `content` / `message` (JSON or text). */
function eventBody(e: OtlpEvent, role: ChatRole): Obj {
  const a = e.attributes;
  const body = parseValue(a["gen_ai.event.content"] ?? a["message"] ?? a["content"] ?? a["body"]);
  const toolCallId = attrString(a, "id", "gen_ai.tool.call.id");
  if (isObj(body) && ("content" in body || "tool_calls" in body || "role" in body)) {
    return { role: body.role ?? role, content: body.content, tool_calls: body.tool_calls, tool_call_id: body.id ?? body.tool_call_id ?? toolCallId };
  }
  return { role, content: body, tool_call_id: toolCallId, tool_calls: parseValue(a["tool_calls"]) };
}

function eventInput(span: OtlpSpan): ChatMessage[] | null {
  const legacy = span.events.find((e) => e.name === "gen_ai.content.prompt");
  if (legacy) {
    const r = readPrompt(legacy.attributes["gen_ai.prompt"]);
    if (Array.isArray(r)) return r;
  }
  const raw = span.events.filter((e) => e.name in EVENT_ROLES).map((e) => eventBody(e, EVENT_ROLES[e.name]!));
  return toChat(raw, "user");
}

function eventOutput(span: OtlpSpan): ChatMessage[] | null {
  const legacy = span.events.find((e) => e.name === "gen_ai.content.completion");
  if (legacy) {
    const r = readPrompt(legacy.attributes["gen_ai.completion"]);
    if (Array.isArray(r)) return r;
  }
  const raw = span.events.filter((e) => e.name === "gen_ai.choice").map((e) => eventBody(e, "assistant"));
  return toChat(raw, "assistant");
}

function eventFinishReason(span: OtlpSpan): string | null {
  const choice = span.events.find((e) => e.name === "gen_ai.choice");
  return choice ? attrString(choice.attributes, "finish_reason") : null;
}

/** Attributes plus those of the `gen_ai.client.inference.operation.details` event (1.37+ opt-in). */
function withDetails(span: OtlpSpan): Attrs {
  const details = span.events.find((e) => e.name === "gen_ai.client.inference.operation.details");
  return details ? { ...details.attributes, ...span.attributes } : span.attributes;
}

// ---- shared readers (also used by the OpenLLMetry convention) ---------------------------------

export function genAiInput(span: OtlpSpan): ChatMessage[] | string | null {
  const a = withDetails(span);
  const system = systemInstructions(a);
  const msgs = messagesAttr(a, "gen_ai.input.messages") ?? eventInput(span);
  if (msgs) return system && !msgs.some((m) => m.role === "system") ? [system, ...msgs] : msgs;
  const raw = attrString(a, "gen_ai.prompt", "gen_ai.input");
  if (raw) return readPrompt(raw);
  return system ? [system] : null;
}

export function genAiOutput(span: OtlpSpan): ChatMessage[] | string | null {
  const a = withDetails(span);
  return messagesAttr(a, "gen_ai.output.messages") ?? eventOutput(span) ?? attrString(a, "gen_ai.completion", "gen_ai.output");
}

export function genAiUsage(a: Attrs) {
  return usageOf(
    attrNumber(a, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"),
    attrNumber(a, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"),
    attrNumber(a, "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens"),
  );
}

/** The model, ignoring the "unknown" placeholder some instrumentations write. */
export function genAiModel(a: Attrs): string | null {
  const m = attrString(a, "gen_ai.response.model", "gen_ai.request.model");
  return m && m !== "unknown" ? m : attrString(a, "gen_ai.request.model");
}

const jsonText = (v: unknown) => (v == null ? null : typeof v === "string" ? v : JSON.stringify(v));

export const genAiConvention: SpanConvention = {
  name: "gen-ai",
  matches: (span) =>
    "gen_ai.operation.name" in span.attributes ||
    "gen_ai.request.model" in span.attributes ||
    "gen_ai.tool.name" in span.attributes ||
    span.scope.name === "gen_ai",
  classify(span): SpanRole {
    const o = op(span);
    const type = attrString(span.attributes, "tcc.span.type");
    if (o && RUN_OPS.has(o)) return "run";
    if (o && TOOL_OPS.has(o)) return "tool";
    if (o && GEN_AI_STEP_OPS.has(o)) return "step";
    // AI SDK 7: `agent_step` nests the LLM call (`chat`) and the tools it asked for.
    if (o === "agent_step") return "group";
    if (o === "embeddings" || o === "rerank") {
      // AI SDK 7: a top-level embed()/rerank() call is an operation (the run); its model call is the step.
      if (type === "operation") return "run";
      return "step";
    }
    if (!o && "gen_ai.tool.name" in span.attributes) return "tool";
    if (!o && "gen_ai.request.model" in span.attributes) return "step";
    return "other";
  },
  runId: (span) =>
    attrString(
      span.attributes,
      "ai.telemetry.metadata.tcc.runId",
      "ai.settings.context.tcc.runId",
      "ai.telemetry.metadata.tcc.run_id",
      "ai.settings.context.tcc.run_id",
    ),
  // AI SDK 7 puts metadata only on `invoke_agent` and `agent_step` spans; other GenAI
  // instrumentations have no metadata convention, so plain `tcc.*` attributes are read too.
  metadata: (span) => [
    prefixedCarrier(span.attributes, "ai.telemetry.metadata."),
    prefixedCarrier(span.attributes, "ai.settings.context."),
    reservedCarrier(span.attributes),
  ],
  run(span) {
    const a = span.attributes;
    const input = genAiInput(span);
    const output = genAiOutput(span);
    const m = genAiModel(a);
    return {
      userPrompt: Array.isArray(input) ? lastUserText(input) : input,
      systemPrompt: Array.isArray(input) ? systemText(input) : null,
      response: assistantText(output),
      fullInput: attrString(a, "gen_ai.input.messages"),
      fullOutput: attrString(a, "gen_ai.output.messages"),
      usage: genAiUsage(a),
      models: m ? [m] : [],
    };
  },
  step(span) {
    const a = span.attributes;
    return {
      name: span.name,
      provider: attrString(a, "gen_ai.provider.name", "gen_ai.system"),
      model: genAiModel(a),
      input: genAiInput(span),
      output: genAiOutput(span),
      finishReason: attrFirst(a, "gen_ai.response.finish_reasons") ?? eventFinishReason(span),
      usage: genAiUsage(a),
    };
  },
  tool(span) {
    const a = span.attributes;
    return {
      name: attrString(a, "gen_ai.tool.name") ?? (span.name.replace(/^execute_tool\s*/, "") || "unknown"),
      toolCallId: attrString(a, "gen_ai.tool.call.id"),
      args: jsonText(a["gen_ai.tool.call.arguments"]),
      result: jsonText(a["gen_ai.tool.call.result"]),
    };
  },
};
