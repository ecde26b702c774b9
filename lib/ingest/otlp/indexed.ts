// Conventions that cannot put objects in attributes flatten them into indexed keys:
// OpenLLMetry `gen_ai.prompt.0.role`, `gen_ai.completion.0.tool_calls.1.name`; OpenInference
// `llm.input_messages.0.message.tool_calls.0.tool_call.function.name`. This rebuilds the objects.
import { normalizeMessages, normalizeRole, tryParseJson, type ChatMessage, type ChatRole } from "../messages";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const UNSAFE = new Set(["__proto__", "prototype", "constructor"]);
const NUMERIC = /^\d+$/;

/** Objects whose keys are all indices become arrays, in index order (gaps closed). */
function arrays(v: unknown): unknown {
  if (!isObj(v)) return v;
  const keys = Object.keys(v);
  if (keys.length && keys.every((k) => NUMERIC.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => arrays(v[k]));
  }
  for (const k of keys) v[k] = arrays(v[k]);
  return v;
}

/** The list flattened under `prefix` (which ends with a dot), e.g. `gen_ai.prompt.`. */
export function indexedList(attrs: Obj, prefix: string): Obj[] {
  const root: Obj = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (!key.startsWith(prefix)) continue;
    const path = key.slice(prefix.length).split(".");
    if (!NUMERIC.test(path[0]!) || path.some((p) => !p || UNSAFE.has(p))) continue;
    let node = root;
    for (let i = 0; i < path.length - 1; i++) {
      const seg = path[i]!;
      const next = node[seg];
      if (next === undefined) node[seg] = {};
      else if (!isObj(next)) break; // a leaf already holds this path: keep the leaf
      node = node[seg] as Obj;
    }
    const leaf = path[path.length - 1]!;
    if (!isObj(node[leaf])) node[leaf] = value;
  }
  const list = arrays(root);
  return Array.isArray(list) ? list.filter(isObj) : [];
}

export function hasIndexed(attrs: Obj, prefix: string): boolean {
  for (const key of Object.keys(attrs)) {
    if (key.startsWith(prefix) && NUMERIC.test(key.slice(prefix.length).split(".")[0]!)) return true;
  }
  return false;
}

/**
 * Message content as instrumentations flatten it: plain text, or the JSON text of a content-block
 * array (LangChain multi-part content), or a JSON string literal (`json.dumps("")`).
 */
export function contentValue(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const t = v.trim();
  if (t.startsWith('"') || t.startsWith("[")) {
    const parsed = tryParseJson(t);
    if (typeof parsed === "string") return parsed;
    if (Array.isArray(parsed) && parsed.length && parsed.every((p) => isObj(p) && typeof p.type === "string")) return parsed;
  }
  return v;
}

/** Raw message objects → chat messages; a role nobody knows (`unknown`) falls back to `fallback`. */
export function toChat(raw: Obj[], fallback: ChatRole): ChatMessage[] | null {
  if (!raw.length) return null;
  return normalizeMessages(raw.map((m) => ({ ...m, role: normalizeRole(m.role) ?? fallback })));
}
