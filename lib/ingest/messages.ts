// One chat shape for every convention, so a step renders as the same chat (system / user /
// assistant / tool) whether it came from the AI SDK, OTel GenAI, OpenAI-style message arrays,
// Anthropic content blocks, Pi, LangChain or a custom SDK's JSON prompt.

export type ChatRole = "system" | "user" | "assistant" | "tool";

export type ChatPart =
  | { type: "text"; text: string }
  | { type: "reasoning"; text: string }
  | { type: "tool_call"; id: string | null; name: string; arguments: string }
  | { type: "tool_result"; id: string | null; name: string | null; content: string; isError?: boolean }
  | { type: "media"; mediaType: string | null; description: string };

export interface ChatMessage {
  role: ChatRole;
  parts: ChatPart[];
  name?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** JSON text of any value; strings are kept as they are. */
export function asText(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === undefined) return "";
  try {
    return JSON.stringify(v) ?? "";
  } catch {
    return String(v);
  }
}

export function tryParseJson(text: string): unknown {
  const t = text.trim();
  if (!t || (t[0] !== "{" && t[0] !== "[" && t[0] !== '"')) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

export function normalizeRole(role: unknown): ChatRole | null {
  if (typeof role !== "string") return null;
  switch (role.trim().toLowerCase()) {
    case "system":
    case "developer":
      return "system";
    case "user":
    case "human":
      return "user";
    case "assistant":
    case "ai":
    case "model":
    case "bot":
      return "assistant";
    case "tool":
    case "function":
    case "toolresult":
    case "tool_result":
    case "ipython":
      return "tool";
    default:
      return null;
  }
}

/** AI SDK tool-result output is `{type: "json"|"text"|…, value}`; other shapes are kept whole. */
function toolOutputText(v: unknown): string {
  if (isObj(v) && typeof v.type === "string" && "value" in v) return asText(v.value);
  if (Array.isArray(v)) return v.map((p) => (isObj(p) && typeof p.text === "string" ? p.text : asText(p))).join("\n");
  return asText(v);
}

function normalizePart(p: unknown): ChatPart | null {
  if (typeof p === "string") return { type: "text", text: p };
  if (!isObj(p)) return p === null || p === undefined ? null : { type: "text", text: asText(p) };
  const type = str(p.type)?.toLowerCase() ?? (typeof p.text === "string" ? "text" : "");
  switch (type) {
    case "text":
    case "input_text":
    case "output_text":
      return { type: "text", text: str(p.text) ?? str(p.content) ?? asText(p.text ?? p.content) };
    case "reasoning":
    case "thinking":
    case "redacted_thinking":
      return { type: "reasoning", text: str(p.text) ?? str(p.thinking) ?? str(p.content) ?? "" };
    case "tool-call":
    case "tool_call":
    case "toolcall":
    case "tool_use":
    case "server_tool_use":
    case "function_call":
      return {
        type: "tool_call",
        id: str(p.toolCallId) ?? str(p.id) ?? str(p.call_id) ?? null,
        name: str(p.toolName) ?? str(p.name) ?? "unknown",
        arguments: asText(p.input ?? p.args ?? p.arguments ?? ""),
      };
    case "tool-result":
    case "tool_result":
    case "tool_call_response":
    case "toolresult":
    case "function_call_output":
    case "advisor_tool_result":
    case "web_search_tool_result": {
      const part: ChatPart = {
        type: "tool_result",
        id: str(p.toolCallId) ?? str(p.tool_use_id) ?? str(p.id) ?? str(p.call_id) ?? null,
        name: str(p.toolName) ?? str(p.name) ?? null,
        content: toolOutputText(p.output ?? p.result ?? p.response ?? p.content ?? ""),
      };
      if (p.is_error === true || p.isError === true) part.isError = true;
      return part;
    }
    case "image":
    case "image_url":
    case "file":
    case "blob":
    case "uri":
    case "input_image":
    case "audio":
      return {
        type: "media",
        mediaType: str(p.mediaType) ?? str(p.mimeType) ?? str(p.mime_type) ?? str(p.modality) ?? type,
        description: str(p.filename) ?? str(p.uri) ?? `[${type}]`,
      };
    default:
      if (typeof p.text === "string") return { type: "text", text: p.text };
      if (typeof p.content === "string") return { type: "text", text: p.content };
      return { type: "text", text: asText(p) };
  }
}

function contentParts(content: unknown): ChatPart[] {
  if (content === null || content === undefined) return [];
  if (typeof content === "string") return content ? [{ type: "text", text: content }] : [];
  if (Array.isArray(content)) return content.map(normalizePart).filter((p): p is ChatPart => p !== null);
  const one = normalizePart(content);
  return one ? [one] : [];
}

// LangChain `toJSON()` / `to_json()`: {lc: 1, type: "constructor", id: [..., "HumanMessage"], kwargs}.
const LC_CLASS_ROLES: Record<string, ChatRole> = {
  HumanMessage: "user",
  HumanMessageChunk: "user",
  AIMessage: "assistant",
  AIMessageChunk: "assistant",
  SystemMessage: "system",
  SystemMessageChunk: "system",
  ToolMessage: "tool",
  ToolMessageChunk: "tool",
  FunctionMessage: "tool",
};

function lcConstructorRole(m: Obj, kwargs: Obj | null): unknown {
  const cls = Array.isArray(m.id) ? m.id[m.id.length - 1] : null;
  return (typeof cls === "string" ? LC_CLASS_ROLES[cls] : undefined) ?? kwargs?.role ?? kwargs?.type;
}

/** One message of any known shape, or null when the value is not a message. */
export function normalizeMessage(m: unknown): ChatMessage | null {
  // LangGraph / LangChain tuples: ["user", "hi"].
  if (Array.isArray(m) && m.length === 2 && typeof m[0] === "string" && normalizeRole(m[0])) {
    return normalizeMessage({ role: m[0], content: m[1] });
  }
  if (!isObj(m)) return null;
  // LangChain serialised messages: {type: "human", data: {content}} or {lc:1, kwargs:{content}}.
  const kwargs = isObj(m.kwargs) ? m.kwargs : isObj(m.data) ? m.data : null;
  const roleSource = m.type === "constructor" ? lcConstructorRole(m, kwargs) : (m.role ?? m.type);
  const role = normalizeRole(roleSource ?? (kwargs ? kwargs.type : undefined) ?? m.message_type);
  if (!role) return null;
  const source = kwargs ?? m;
  const parts = contentParts(source.parts ?? source.content ?? m.content);
  // OpenAI-style tool calls next to the content.
  const toolCalls = source.tool_calls ?? m.tool_calls ?? m.toolCalls;
  if (Array.isArray(toolCalls)) {
    for (const tc of toolCalls) {
      if (!isObj(tc)) continue;
      const fn = isObj(tc.function) ? tc.function : tc;
      parts.push({
        type: "tool_call",
        id: str(tc.id) ?? str(tc.toolCallId) ?? null,
        name: str(fn.name) ?? str(tc.toolName) ?? "unknown",
        arguments: asText(fn.arguments ?? tc.args ?? tc.input ?? ""),
      });
    }
  }
  const toolCallId = str(source.tool_call_id) ?? str(m.tool_call_id) ?? str(m.toolCallId);
  if (role === "tool" && toolCallId && !parts.some((p) => p.type === "tool_result")) {
    const text = parts.map((p) => (p.type === "text" ? p.text : asText(p))).join("\n");
    return {
      role,
      parts: [
        {
          type: "tool_result",
          id: toolCallId,
          name: str(m.toolName) ?? str(m.name) ?? null,
          content: text,
          ...(m.isError === true ? { isError: true } : {}),
        },
      ],
    };
  }
  const msg: ChatMessage = { role, parts };
  const name = str(m.name);
  if (name && role !== "tool") msg.name = name;
  return msg;
}

/** An array of messages, or null when the value is not recognisably one. */
export function normalizeMessages(v: unknown): ChatMessage[] | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const out: ChatMessage[] = [];
  for (const m of v) {
    const n = normalizeMessage(m);
    if (!n) return null;
    out.push(n);
  }
  return out;
}

/**
 * Reads a prompt that may be: a JSON message array, `{system, prompt}` / `{system, messages}` (AI
 * SDK `ai.prompt`), a LangChain-style `role: content` transcript, or free text.
 * Returns messages when it can, else the text as it was.
 */
export function readPrompt(value: unknown): ChatMessage[] | string | null {
  if (value === null || value === undefined) return null;
  const parsed = typeof value === "string" ? tryParseJson(value) : value;
  if (parsed !== undefined) {
    const msgs = normalizeMessages(parsed);
    if (msgs) return msgs;
    if (isObj(parsed)) {
      const out: ChatMessage[] = [];
      const system = parsed.system ?? parsed.system_prompt;
      if (typeof system === "string" && system) out.push({ role: "system", parts: [{ type: "text", text: system }] });
      const inner = normalizeMessages(parsed.messages);
      if (inner) out.push(...inner);
      else if (typeof parsed.prompt === "string") out.push({ role: "user", parts: [{ type: "text", text: parsed.prompt }] });
      else if (Array.isArray(parsed.prompt)) {
        const p = normalizeMessages(parsed.prompt);
        if (p) out.push(...p);
      }
      if (out.length) return out;
    }
  }
  if (typeof value !== "string") return asText(value);
  const transcript = readTranscript(value);
  return transcript ?? value;
}

/** "human: hi\nai: hello" (LangChain TS handler) → messages; null when it is not such a transcript. */
function readTranscript(text: string): ChatMessage[] | null {
  const lines = text.split("\n");
  const out: ChatMessage[] = [];
  for (const line of lines) {
    const m = /^(system|human|user|ai|assistant|tool|function|developer):\s?(.*)$/i.exec(line);
    if (m) {
      out.push({ role: normalizeRole(m[1]) ?? "user", parts: [{ type: "text", text: m[2] ?? "" }] });
    } else if (out.length) {
      const last = out[out.length - 1]!.parts[0];
      if (last && last.type === "text") last.text += `\n${line}`;
    } else {
      return null;
    }
  }
  return out.length ? out : null;
}

export function messageText(m: ChatMessage): string {
  return m.parts
    .map((p) => (p.type === "text" ? p.text : ""))
    .filter(Boolean)
    .join("\n");
}

/** The text of the last user message: what a run list shows as the prompt. */
export function lastUserText(messages: ChatMessage[]): string | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === "user") {
      const t = messageText(m);
      if (t) return t;
    }
  }
  return null;
}

export function systemText(messages: ChatMessage[]): string | null {
  const t = messages
    .filter((m) => m.role === "system")
    .map(messageText)
    .join("\n");
  return t || null;
}

/** An assistant message from response text plus tool calls. */
export function assistantMessage(text: string | null, toolCalls: ChatPart[] = []): ChatMessage[] | null {
  const parts: ChatPart[] = [];
  if (text) parts.push({ type: "text", text });
  parts.push(...toolCalls);
  return parts.length ? [{ role: "assistant", parts }] : null;
}
