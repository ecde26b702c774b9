// Free-form input and output values (OpenInference `input.value` / `output.value`, Traceloop
// `traceloop.entity.input` / `.output`): plain text, JSON strings, message lists, LangChain chain
// inputs `{input: "…"}`, LLM results, serialised messages. These find the text a person reads as
// the prompt and the response; callers keep the raw value for the detail page.
import { lastUserText, messageText, normalizeMessage, normalizeMessages, systemText, tryParseJson, type ChatMessage } from "../messages";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const PROMPT_KEYS = ["input", "inputs", "question", "query", "prompt", "user_input", "message", "messages", "text", "content", "args", "kwargs"];
const OUTPUT_KEYS = ["output", "outputs", "answer", "result", "response", "messages", "generations", "text", "content", "generated_text"];
const MAX_DEPTH = 5;

/** A JSON text is parsed; anything else is returned as it is. */
export function parseValue(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const parsed = tryParseJson(v);
  return parsed === undefined ? v : parsed;
}

/** Messages in a value: a message list, a nested list (LangChain `generate` batches), or one message. */
export function messagesIn(v: unknown): ChatMessage[] | null {
  if (Array.isArray(v)) {
    const flat = v.length > 0 && v.every(Array.isArray) && !v.every((x) => x.length === 2 && typeof x[0] === "string") ? v.flat() : v;
    return normalizeMessages(flat);
  }
  if (isObj(v)) {
    const one = normalizeMessage(v);
    return one ? [one] : null;
  }
  return null;
}

export interface PromptText {
  user: string | null;
  system: string | null;
}

/** The user prompt (and system prompt, when messages carry one) of an input value. */
export function promptOf(value: unknown, depth = 0): PromptText {
  const v = parseValue(value);
  if (typeof v === "string") return { user: v || null, system: null };
  if (depth > MAX_DEPTH || v === null || v === undefined) return { user: null, system: null };
  const msgs = messagesIn(v);
  if (msgs) return { user: lastUserText(msgs), system: systemText(msgs) };
  if (Array.isArray(v)) {
    // Traceloop decorators record positional arguments: the first one with text wins.
    for (const item of v) {
      const p = promptOf(item, depth + 1);
      if (p.user) return p;
    }
    return { user: null, system: null };
  }
  if (!isObj(v)) return { user: null, system: null }; // numbers and booleans are no prompt
  for (const key of PROMPT_KEYS) {
    if (!(key in v)) continue;
    const p = promptOf(v[key], depth + 1);
    if (p.user) return p;
  }
  return { user: null, system: null };
}

/** The response text of an output value: assistant text, a chain's `output`, an LLM result. */
export function responseOf(value: unknown, depth = 0): string | null {
  const v = parseValue(value);
  if (typeof v === "string") return v || null;
  if (depth > MAX_DEPTH || v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  const msgs = messagesIn(v);
  if (msgs) {
    const assistant = msgs.filter((m) => m.role === "assistant");
    const last = assistant[assistant.length - 1] ?? msgs[msgs.length - 1]!;
    return messageText(last) || null;
  }
  if (Array.isArray(v)) {
    // LangChain LLMResult.generations: [[{text, message}]].
    for (let i = v.length - 1; i >= 0; i--) {
      const r = responseOf(v[i], depth + 1);
      if (r) return r;
    }
    return null;
  }
  if (!isObj(v)) return null;
  for (const key of OUTPUT_KEYS) {
    if (!(key in v)) continue;
    const r = responseOf(v[key], depth + 1);
    if (r) return r;
  }
  if (isObj(v.message)) return responseOf(v.message, depth + 1);
  return null;
}

/** A value as text for a tool's args or result column: strings stay, the rest becomes JSON. */
export function valueText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

export interface ToolMessageText {
  text: string | null;
  id: string | null;
  /** The tool's own name, when the message carries it. */
  name: string | null;
  failed: boolean;
}

/**
 * A LangChain ToolMessage as instrumentations serialise a tool's output (`{output: <message>}` or
 * the message itself, `to_json()` / `toJSON()` form): its content, call id and status. Null when
 * the value is no ToolMessage.
 */
export function toolMessageOf(value: unknown): ToolMessageText | null {
  const outer = parseValue(value);
  const v = isObj(outer) && "output" in outer ? parseValue(outer.output) : outer;
  if (!isObj(v)) return null;
  const msg = normalizeMessage(v);
  if (!msg || msg.role !== "tool") return null;
  const kw = isObj(v.kwargs) ? v.kwargs : v;
  const part = msg.parts[0];
  const text = part?.type === "tool_result" ? part.content : part?.type === "text" ? part.text : valueText(kw.content);
  const str = (x: unknown) => (typeof x === "string" && x ? x : null);
  return { text, id: str(kw.tool_call_id), name: str(kw.name), failed: kw.status === "error" };
}

/** The assistant text of a step's output (messages or plain text). */
export function assistantText(out: ChatMessage[] | string | null | undefined): string | null {
  if (out === null || out === undefined) return null;
  if (typeof out === "string") return out || null;
  const text = out
    .filter((m) => m.role === "assistant")
    .map(messageText)
    .filter(Boolean)
    .join("\n");
  return text || null;
}
