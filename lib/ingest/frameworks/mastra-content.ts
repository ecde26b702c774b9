// Mastra span content: usage (AI SDK v4 and v5 names), generation and step outputs, and model
// inputs (a generation's `{messages}`, a step's provider request body) in the shared chat shape.
import { asText, tryParseJson, type ChatMessage, type ChatPart } from "../messages";
import type { Usage } from "../model";
import { chat, isObj, num, str, textMessage } from "./common";

/** Mastra usage: AI SDK v5 names (`inputTokens` includes cached input) or v4 names. */
export function usageOf(v: unknown): Usage | null {
  if (!isObj(v)) return null;
  const input = num(v.inputTokens) ?? num(v.promptTokens);
  const output = num(v.outputTokens) ?? num(v.completionTokens);
  const cached = num(v.cachedInputTokens) ?? num(v.promptCacheHitTokens);
  if (input === null && output === null) return null;
  return { inputTokens: input, outputTokens: output, cachedTokens: cached };
}

/** A generation's or step's output: `{text, toolCalls, reasoning, object}` or plain text. */
export function outputMessages(v: unknown): ChatMessage[] | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v ? [textMessage("assistant", v)] : null;
  if (!isObj(v)) return [textMessage("assistant", asText(v))];
  const parts: ChatPart[] = [];
  const reasoning = str(v.reasoningText) ?? (typeof v.reasoning === "string" ? v.reasoning : null);
  if (reasoning) parts.push({ type: "reasoning", text: reasoning });
  const text = str(v.text);
  if (text) parts.push({ type: "text", text });
  else if (v.object !== undefined && v.object !== null) parts.push({ type: "text", text: asText(v.object) });
  if (Array.isArray(v.toolCalls)) {
    for (const tc of v.toolCalls) {
      if (!isObj(tc)) continue;
      const p = isObj(tc.payload) ? tc.payload : tc; // Mastra stream chunks wrap the call in `payload`
      parts.push({
        type: "tool_call",
        id: str(p.toolCallId) ?? str(p.id),
        name: str(p.toolName) ?? str(p.name) ?? "unknown",
        arguments: asText(p.args ?? p.input ?? ""),
      });
    }
  }
  if (parts.length) return [{ role: "assistant", parts }];
  // `{text: "", toolCalls: []}` is an empty answer; any other shape is shown as its JSON.
  return "text" in v || "toolCalls" in v || !Object.keys(v).length ? null : [textMessage("assistant", asText(v))];
}

/** A generation's input: `{messages}` (system messages included) or a message array. */
export function generationInput(v: unknown): ChatMessage[] | string | null {
  const list = isObj(v) ? v.messages : v;
  if (Array.isArray(list) && list.length && list.every((x) => typeof x === "string")) return list.map((x: string) => textMessage("user", x));
  const msgs = chat(list);
  if (msgs.length) return msgs;
  return v === null || v === undefined ? null : asText(v);
}

/** A model_step's input is the provider request (`{body}`); its messages when recognisable. */
export function requestMessages(v: unknown): ChatMessage[] | null {
  const req = isObj(v) && "body" in v ? v.body : v;
  const body = typeof req === "string" ? tryParseJson(req) : req;
  if (!isObj(body)) return null;
  const out: ChatMessage[] = [];
  const system = body.system;
  if (typeof system === "string" && system) out.push(textMessage("system", system));
  else if (Array.isArray(system)) {
    const text = system.map((b) => (isObj(b) && typeof b.text === "string" ? b.text : "")).join("\n");
    if (text) out.push(textMessage("system", text));
  }
  out.push(...chat(body.messages ?? body.input ?? body.contents));
  return out.length ? out : null;
}
