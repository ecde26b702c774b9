// OpenInference (Arize Phoenix's conventions: `openinference.span.kind`, `llm.*`, `tool.*`,
// `input.value` / `output.value`, `session.id`, `user.id`, a JSON `metadata` attribute). This is
// also what the Python `contextcompany.agno.instrument_agno()` sends: OpenInference's
// AgnoInstrumentor plus TCC's MetadataFixingExporter, which stamps `tcc.runId` / `tcc.sessionId`
// on every span; everything else TCC-specific stays inside the root's `metadata` JSON, which this
// convention reads as a carrier, so Agno needs no file of its own.
import { reservedCarrier } from "../../metadata";
import { lastUserText, systemText, type ChatMessage } from "../../messages";
import type { RawMetadata, StatusCode } from "../../model";
import { attrNumber, attrString, usageOf } from "../attrs";
import type { OtlpSpan } from "../decode";
import { contentValue, indexedList, toChat } from "../indexed";
import { messagesIn, parseValue, promptOf, responseOf, toolMessageOf, valueText } from "../values";
import { withoutFrameworkKeys } from "./framework-keys";
import type { SpanConvention, SpanRole } from "./types";

type Attrs = Record<string, unknown>;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const kind = (span: OtlpSpan) => attrString(span.attributes, "openinference.span.kind")?.toUpperCase() ?? null;

/** `llm.input_messages.N.message.{role,content,contents,tool_calls,tool_call_id,name}` → chat. */
function indexedMessages(a: Attrs, prefix: string, fallback: "user" | "assistant"): ChatMessage[] | null {
  const raw = indexedList(a, prefix).map((entry) => {
    const m = isObj(entry.message) ? entry.message : entry;
    const contents = Array.isArray(m.contents) ? m.contents.filter(isObj).map((c) => (isObj(c.message_content) ? c.message_content : c)) : null;
    const toolCalls = Array.isArray(m.tool_calls)
      ? m.tool_calls.filter(isObj).map((tc) => {
          const t = isObj(tc.tool_call) ? tc.tool_call : tc;
          const fn = isObj(t.function) ? t.function : {};
          return { id: t.id, function: { name: fn.name, arguments: fn.arguments ?? "" } };
        })
      : undefined;
    return { role: m.role, name: m.name, content: contentValue(m.content) ?? contents, tool_calls: toolCalls, tool_call_id: m.tool_call_id };
  });
  return toChat(raw, fallback);
}

/**
 * `input.value` / `output.value` when they hold messages: `{messages: [...]}`, LangChain batches
 * `{messages: [[...]]}`, or an LLM result `{generations: [[{text, message}]]}`.
 */
function valueMessages(v: unknown): ChatMessage[] | null {
  const parsed = parseValue(v);
  if (isObj(parsed) && Array.isArray(parsed.generations)) {
    const gens = parsed.generations.flat().filter(isObj);
    return messagesIn(gens.map((g) => (isObj(g.message) ? g.message : { role: "assistant", content: g.text ?? "" })));
  }
  return messagesIn(parsed) ?? (isObj(parsed) ? messagesIn(parsed.messages) : null);
}

const structuredParts = (m: ChatMessage[] | null) =>
  m ? m.reduce((n, msg) => n + msg.parts.filter((p) => p.type === "tool_call" || p.type === "tool_result").length, 0) : -1;

/**
 * The flattened `llm.*_messages` unless the serialised value says more: LangChain.js's
 * instrumentation leaves tool calls and tool-call ids out of the flattened messages.
 */
function richer(indexed: ChatMessage[] | null, fromValue: ChatMessage[] | null): ChatMessage[] | null {
  return structuredParts(fromValue) > structuredParts(indexed) ? fromValue : (indexed ?? fromValue);
}

function usage(a: Attrs) {
  return usageOf(
    attrNumber(a, "llm.token_count.prompt"),
    attrNumber(a, "llm.token_count.completion"),
    attrNumber(a, "llm.token_count.prompt_details.cache_read"),
  );
}

/** The JSON `metadata` attribute (from `using_attributes(metadata=…)` or LangChain run metadata). */
function metadataJson(a: Attrs): RawMetadata {
  const parsed = parseValue(a["metadata"]);
  return isObj(parsed) ? parsed : {};
}

export const openInferenceConvention: SpanConvention = {
  name: "openinference",
  matches: (span) => "openinference.span.kind" in span.attributes,
  classify(span): SpanRole {
    switch (kind(span)) {
      case "LLM":
        return "step";
      case "TOOL":
        return "tool";
      case "AGENT":
        return "run";
      case "CHAIN":
        // The outermost chain is the run (LangChain, LlamaIndex); inner chains only group.
        return span.parentSpanId ? "group" : "run";
      default:
        return span.parentSpanId ? "other" : "run";
    }
  },
  // TCC's MetadataFixingExporter reads the user's run id from the root's `metadata` only.
  runId: (span) => {
    if (span.parentSpanId) return null;
    const meta = metadataJson(span.attributes);
    const id = meta["tcc.runId"] ?? meta["tcc.run_id"];
    return typeof id === "string" && id.trim() ? id.trim() : null;
  },
  metadata(span): RawMetadata[] {
    const a = span.attributes;
    const meta = metadataJson(a);
    // First-class OpenInference identities count only when no `tcc.*` key says otherwise.
    const identities: RawMetadata = {};
    if (a["session.id"] != null) identities["tcc.sessionId"] = a["session.id"];
    if (a["user.id"] != null) identities["tcc.userId"] = a["user.id"];
    // Run metadata is inherited by every child span, and LangChain / LangGraph add their own keys
    // to the children's: custom metadata comes from roots and agents, without framework keys.
    const custom = !span.parentSpanId || kind(span) === "AGENT" ? withoutFrameworkKeys(meta) : reservedCarrier(meta);
    return [custom, reservedCarrier(a), identities];
  },
  run(span) {
    const a = span.attributes;
    const msgs = valueMessages(a["input.value"]);
    const prompt = msgs ? { user: lastUserText(msgs), system: systemText(msgs) } : promptOf(a["input.value"]);
    const model = attrString(a, "llm.model_name");
    return {
      userPrompt: prompt.user,
      systemPrompt: prompt.system,
      response: responseOf(a["output.value"]),
      fullInput: attrString(a, "input.value"),
      fullOutput: attrString(a, "output.value"),
      usage: kind(span) === "LLM" ? usage(a) : null,
      models: model ? [model] : [],
    };
  },
  step(span) {
    const a = span.attributes;
    const output = richer(indexedMessages(a, "llm.output_messages.", "assistant"), valueMessages(a["output.value"]));
    const input = richer(indexedMessages(a, "llm.input_messages.", "user"), valueMessages(a["input.value"]));
    return {
      name: span.name,
      provider: attrString(a, "llm.provider", "llm.system"),
      model: attrString(a, "llm.model_name"),
      input: input ?? attrString(a, "input.value"),
      output: output ?? attrString(a, "output.value"),
      finishReason: attrString(a, "llm.finish_reason", "llm.output_messages.0.message.finish_reason"),
      usage: usage(a),
    };
  },
  tool(span) {
    const a = span.attributes;
    const args = a["input.value"] ?? a["tool_call.function.arguments"] ?? a["tool.parameters"];
    // LangChain tools return a ToolMessage, serialised whole into output.value.
    const message = toolMessageOf(a["output.value"]);
    return {
      name: attrString(a, "tool.name", "tool_call.function.name") ?? (span.name || "unknown"),
      toolCallId: attrString(a, "tool_call.id", "tool.id") ?? message?.id ?? null,
      args: valueText(args),
      result: message ? message.text : attrString(a, "output.value"),
    };
  },
  // A LangChain tool that handled its own error returns a ToolMessage with status "error".
  status(span): StatusCode | null {
    if (kind(span) !== "TOOL" || span.status.code === 2) return null;
    return toolMessageOf(span.attributes["output.value"])?.failed ? 2 : null;
  },
};
