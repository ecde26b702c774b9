// Vercel AI SDK 5/6 spans (`ai.*`), what @contextcompany/otel sends.
import { prefixedCarrier, reservedCarrier } from "../../metadata";
import { assistantMessage, lastUserText, readPrompt, systemText, tryParseJson, type ChatPart } from "../../messages";
import { attrFirst, attrNumber, attrString, usageOf } from "../attrs";
import type { SpanConvention, SpanRole } from "./types";

const RUN_NAMES = new Set(["ai.generateText", "ai.streamText", "ai.generateObject", "ai.streamObject"]);
const STEP_NAMES = new Set(["ai.generateText.doGenerate", "ai.streamText.doStream", "ai.generateObject.doGenerate", "ai.streamObject.doStream"]);

function usage(a: Record<string, unknown>) {
  return usageOf(
    attrNumber(a, "ai.usage.inputTokens", "ai.usage.promptTokens", "gen_ai.usage.input_tokens"),
    attrNumber(a, "ai.usage.outputTokens", "ai.usage.completionTokens", "gen_ai.usage.output_tokens"),
    attrNumber(a, "ai.usage.cachedInputTokens", "ai.usage.inputTokenDetails.cacheReadTokens"),
  );
}

function responseText(a: Record<string, unknown>): string | null {
  return attrString(a, "ai.response.text") ?? attrString(a, "ai.response.object");
}

/** `ai.response.toolCalls`: [{toolCallId, toolName, input|args}] as JSON text. */
function toolCallParts(a: Record<string, unknown>): ChatPart[] {
  const raw = attrString(a, "ai.response.toolCalls");
  const parsed = raw ? tryParseJson(raw) : undefined;
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((t): t is Record<string, unknown> => typeof t === "object" && t !== null)
    .map((t) => ({
      type: "tool_call" as const,
      id: typeof t.toolCallId === "string" ? t.toolCallId : null,
      name: typeof t.toolName === "string" ? t.toolName : "unknown",
      arguments: typeof t.input === "string" ? t.input : typeof t.args === "string" ? t.args : JSON.stringify(t.input ?? t.args ?? {}),
    }));
}

function model(a: Record<string, unknown>): string | null {
  return attrString(a, "ai.response.model", "gen_ai.response.model", "ai.model.id", "gen_ai.request.model");
}

export const aiSdkConvention: SpanConvention = {
  name: "ai-sdk",
  matches: (span) => span.name.startsWith("ai.") || (span.scope.name === "ai" && !("gen_ai.operation.name" in span.attributes)),
  classify(span): SpanRole {
    const op = attrString(span.attributes, "ai.operationId") ?? span.name;
    if (RUN_NAMES.has(op)) return "run";
    if (STEP_NAMES.has(op)) return "step";
    if (op === "ai.toolCall") return "tool";
    return "other";
  },
  runId: (span) => attrString(span.attributes, "ai.telemetry.metadata.tcc.runId", "ai.telemetry.metadata.tcc.run_id"),
  metadata: (span) => [prefixedCarrier(span.attributes, "ai.telemetry.metadata."), reservedCarrier(span.attributes)],
  run(span) {
    const a = span.attributes;
    const rawPrompt = attrString(a, "ai.prompt");
    const prompt = readPrompt(rawPrompt);
    const m = model(a);
    return {
      userPrompt: Array.isArray(prompt) ? lastUserText(prompt) : prompt,
      systemPrompt: Array.isArray(prompt) ? systemText(prompt) : null,
      response: responseText(a),
      fullInput: rawPrompt,
      usage: usage(a),
      models: m ? [m] : [],
    };
  },
  step(span) {
    const a = span.attributes;
    return {
      name: span.name,
      provider: attrString(a, "ai.model.provider", "gen_ai.system"),
      model: model(a),
      input: readPrompt(attrString(a, "ai.prompt.messages")),
      output: assistantMessage(responseText(a), toolCallParts(a)),
      finishReason: attrString(a, "ai.response.finishReason") ?? attrFirst(a, "gen_ai.response.finish_reasons"),
      usage: usage(a),
      ttftMs: attrNumber(a, "ai.response.msToFirstChunk"),
    };
  },
  tool(span) {
    const a = span.attributes;
    return {
      name: attrString(a, "ai.toolCall.name") ?? "unknown",
      toolCallId: attrString(a, "ai.toolCall.id"),
      args: attrString(a, "ai.toolCall.args", "ai.toolCall.input"),
      result: attrString(a, "ai.toolCall.result", "ai.toolCall.output"),
    };
  },
};
