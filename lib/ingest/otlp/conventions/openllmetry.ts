// OpenLLMetry / Traceloop (`traceloop.*`, `llm.request.type`, indexed `gen_ai.prompt.N.*` /
// `gen_ai.completion.N.*`): what the Python `contextcompany.langchain.instrument_langchain()`
// sends (OpenLLMetry's LangchainInstrumentor + TCC's run-id processors), and the Traceloop SDKs.
// The run is the root span (a LangChain `workflow`); LLM spans are steps; `traceloop.span.kind =
// tool` spans are tool calls. LangChain `config={"metadata": {...}}` arrives as
// `traceloop.association.properties.<key>`, read from the root span.
import { prefixedCarrier, reservedCarrier } from "../../metadata";
import type { ChatMessage } from "../../messages";
import type { RawMetadata, StatusCode } from "../../model";
import { attrFirst, attrNumber, attrString, usageOf } from "../attrs";
import type { OtlpSpan } from "../decode";
import { contentValue, hasIndexed, indexedList, toChat } from "../indexed";
import { parseValue, promptOf, responseOf, toolMessageOf, valueText, type ToolMessageText } from "../values";
import { GEN_AI_STEP_OPS, genAiInput, genAiModel, genAiOutput } from "./gen-ai";
import { withoutFrameworkKeys } from "./framework-keys";
import type { SpanConvention, SpanRole } from "./types";

type Attrs = Record<string, unknown>;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const ASSOCIATION = "traceloop.association.properties.";
const PROMPT = "gen_ai.prompt.";
const COMPLETION = "gen_ai.completion.";
const LLM_REQUEST_TYPES = new Set(["chat", "completion", "embedding", "rerank"]);
// LangChain.js tool classes: the instrumentation names tool spans after them, not the tool.
const GENERIC_TOOL_CLASSES = new Set(["DynamicStructuredTool", "DynamicTool", "StructuredTool", "Tool"]);

const kind = (span: OtlpSpan) => attrString(span.attributes, "traceloop.span.kind");

function isLlmSpan(span: OtlpSpan): boolean {
  const type = attrString(span.attributes, "llm.request.type");
  return (type !== null && LLM_REQUEST_TYPES.has(type)) || hasIndexed(span.attributes, PROMPT) || hasIndexed(span.attributes, COMPLETION);
}

/** `gen_ai.prompt.N.{role,content,tool_call_id,tool_calls.M.{id,name,arguments}}` → chat messages. */
function indexedMessages(a: Attrs, prefix: string, fallback: "user" | "assistant"): ChatMessage[] | null {
  const raw = indexedList(a, prefix).map((m) => ({
    role: m.role,
    content: contentValue(m.content),
    tool_call_id: m.tool_call_id,
    tool_calls: Array.isArray(m.tool_calls)
      ? m.tool_calls.filter(isObj).map((tc) => ({ id: tc.id, function: { name: tc.name, arguments: tc.arguments ?? "" } }))
      : undefined,
  }));
  return toChat(raw, fallback);
}

function stepInput(span: OtlpSpan) {
  return indexedMessages(span.attributes, PROMPT, "user") ?? genAiInput(span);
}

function stepOutput(span: OtlpSpan) {
  return indexedMessages(span.attributes, COMPLETION, "assistant") ?? genAiOutput(span);
}

function usage(a: Attrs) {
  return usageOf(
    attrNumber(a, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.usage.prompt_tokens"),
    attrNumber(a, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.usage.completion_tokens"),
    attrNumber(a, "gen_ai.usage.cache_read_input_tokens", "gen_ai.usage.cache_read.input_tokens", "llm.usage.cache_read_input_tokens"),
  );
}

const isRootish = (span: OtlpSpan) => !span.parentSpanId || kind(span) === "workflow";

/** LangChain's entity input `{inputs, tags, metadata, kwargs}` / output `{outputs | output, kwargs}`. */
function entity(a: Attrs, key: "traceloop.entity.input" | "traceloop.entity.output"): unknown {
  return parseValue(a[key]);
}

/** A tool's output: a serialised LangChain ToolMessage, else the value as text. */
function toolOutput(output: unknown): ToolMessageText {
  const v = isObj(output) && "output" in output ? parseValue(output.output) : output;
  return toolMessageOf(output) ?? { text: valueText(v), id: null, name: null, failed: false };
}

function toolArgs(input: unknown): { args: string | null; id: string | null } {
  if (!isObj(input)) return { args: valueText(input), id: null };
  const kwargs = isObj(input.kwargs) ? input.kwargs : {};
  const id = typeof kwargs.tool_call_id === "string" ? kwargs.tool_call_id : null;
  // LangChain tools: `inputs` (parsed args) and `input_str`; Traceloop @tool: `args` / `kwargs`.
  if (isObj(input.inputs) && Object.keys(input.inputs).length) return { args: valueText(input.inputs), id };
  if (typeof input.input_str === "string") return { args: input.input_str, id };
  if (Object.keys(kwargs).length && !("tool_call_id" in kwargs)) return { args: valueText(kwargs), id };
  if (Array.isArray(input.args)) return { args: valueText(input.args.length === 1 ? input.args[0] : input.args), id };
  return { args: valueText(input), id };
}

export const openLlmetryConvention: SpanConvention = {
  name: "openllmetry",
  matches: (span) =>
    Object.keys(span.attributes).some((k) => k.startsWith("traceloop.")) ||
    "llm.request.type" in span.attributes ||
    hasIndexed(span.attributes, PROMPT) ||
    hasIndexed(span.attributes, COMPLETION),
  classify(span): SpanRole {
    const k = kind(span);
    // OpenLLMetry JS ≥0.2x marks spans with GenAI operations as well (`execute_tool` on a `task`).
    const op = attrString(span.attributes, "gen_ai.operation.name");
    if (k === "tool" || op === "execute_tool") return "tool";
    if (isLlmSpan(span) || (op !== null && GEN_AI_STEP_OPS.has(op))) return "step";
    // A LangChain workflow is the outermost chain; a root of any other kind is the run too.
    if (k === "workflow" || !span.parentSpanId) return "run";
    if (k === "agent" || k === "task") return "group";
    return "other";
  },
  // TCC's RunIdFixingExporter takes the user's run id from the root span only.
  runId: (span) =>
    span.parentSpanId
      ? null
      : attrString(span.attributes, `${ASSOCIATION}tcc.runId`, `${ASSOCIATION}tcc.run_id`, "langsmith.metadata.tcc.runId", "langsmith.metadata.tcc.run_id"),
  metadata(span): RawMetadata[] {
    const a = span.attributes;
    // Metadata is inherited by every child span, and LangChain adds its own keys to LLM calls':
    // only the root's association properties (without framework keys) are custom metadata.
    if (isRootish(span)) {
      return [withoutFrameworkKeys(prefixedCarrier(a, ASSOCIATION)), withoutFrameworkKeys(prefixedCarrier(a, "langsmith.metadata.")), reservedCarrier(a)];
    }
    return [reservedCarrier(prefixedCarrier(a, ASSOCIATION)), reservedCarrier(a)];
  },
  run(span) {
    const a = span.attributes;
    const input = entity(a, "traceloop.entity.input");
    const output = entity(a, "traceloop.entity.output");
    const prompt = promptOf(input);
    const m = genAiModel(a);
    return {
      userPrompt: prompt.user,
      systemPrompt: prompt.system,
      response: responseOf(output),
      fullInput: attrString(a, "traceloop.entity.input"),
      fullOutput: attrString(a, "traceloop.entity.output"),
      models: m ? [m] : [],
    };
  },
  step(span) {
    const a = span.attributes;
    return {
      name: span.name,
      provider: attrString(a, "gen_ai.system", "gen_ai.provider.name"),
      model: genAiModel(a),
      input: stepInput(span),
      output: stepOutput(span),
      finishReason: attrString(a, `${COMPLETION}0.finish_reason`) ?? attrFirst(a, "gen_ai.response.finish_reasons"),
      usage: usage(a),
    };
  },
  tool(span) {
    const a = span.attributes;
    const { args, id } = toolArgs(entity(a, "traceloop.entity.input"));
    const out = toolOutput(entity(a, "traceloop.entity.output"));
    const entityName = attrString(a, "traceloop.entity.name");
    const fromSpan = span.name.replace(/\.tool$/, "").replace(/^execute_tool\s+/, "");
    return {
      name:
        attrString(a, "gen_ai.tool.name") ?? out.name ?? (entityName && !GENERIC_TOOL_CLASSES.has(entityName) ? entityName : null) ?? (fromSpan || "unknown"),
      toolCallId: id ?? out.id ?? attrString(a, "gen_ai.tool.call.id"),
      args: args ?? valueText(a["gen_ai.tool.call.arguments"]),
      result: out.text ?? valueText(a["gen_ai.tool.call.result"]),
    };
  },
  // A LangChain tool that handled its own error returns a ToolMessage with status "error".
  status(span): StatusCode | null {
    if (kind(span) !== "tool" || span.status.code === 2) return null;
    return toolOutput(entity(span.attributes, "traceloop.entity.output")).failed ? 2 : null;
  },
};
