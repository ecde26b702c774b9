import { createHash } from "node:crypto";
// PostgreSQL text and jsonb reject NUL characters and lone UTF-16 surrogates; SDK payloads can
// contain both (binary tool output, truncated emoji). Clean them instead of failing the request.

const NUL = /\u0000/g;
const BAD_ESCAPE = /\\u0000|\\ud[89a-f][0-9a-f]{2}/i;

export function cleanText(s: string): string;
export function cleanText(s: string | null | undefined): string | null;
export function cleanText(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  let out = s.includes("\u0000") ? s.replace(NUL, "") : s;
  if (!out.isWellFormed()) out = out.toWellFormed();
  return out;
}

function deepClean(v: unknown): unknown {
  if (typeof v === "string") return cleanText(v);
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return v.map(deepClean);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) out[cleanText(k)] = deepClean(val);
    return out;
  }
  return v;
}

const bigintReplacer = (_k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);

/** JSON text safe for a jsonb column, or null for null/undefined. */
export function jsonText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  // Without a replacer first: a replacer function makes stringify about twice as slow, and
  // bigints (the only values that need it) make it throw.
  let text: string | undefined;
  try {
    text = JSON.stringify(v);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    text = JSON.stringify(v, bigintReplacer);
  }
  if (text === undefined) return null;
  // indexOf is far faster than the regex over a megabyte, and most texts have no \u escape at all.
  return text.includes("\\u") && BAD_ESCAPE.test(text) ? JSON.stringify(deepClean(v)) : text;
}

/** At most `max` characters, for list previews. */
export function preview(s: string | null | undefined, max = 500): string | null {
  if (!s) return null;
  const c = cleanText(s);
  return c.length > max ? `${c.slice(0, max - 1)}…` : c;
}

// PostgreSQL refuses an index entry over ~2.7 kB, and ids and names are indexed (primary keys,
// the tool-name and model indexes). Both are bounded in UTF-8 bytes, not characters.
const MAX_KEY_BYTES = 512;
const MAX_LABEL_CHARS = 256;

/**
 * An id longer than 512 UTF-8 bytes, as the stored key: a prefix and a hash of the whole id, so
 * distinct ids stay distinct and the same id always maps to the same key (retries, lookups).
 */
export function boundedKey(raw: string): string {
  // PostgreSQL text holds no NUL and only well-formed UTF-8 (a NUL in an id was a 500): such an
  // id is stored cleaned, the same way every time it is sent.
  const id = cleanText(raw);
  if (Buffer.byteLength(id) <= MAX_KEY_BYTES) return id;
  const hash = createHash("sha256").update(id).digest("hex").slice(0, 24);
  let prefix = id.slice(0, 120);
  while (Buffer.byteLength(prefix) > MAX_KEY_BYTES - 64) prefix = prefix.slice(0, -10);
  return `${prefix.toWellFormed()}…#${hash}`;
}

/** A name shown to people and indexed (tool, model): cleaned and cut to 256 characters. */
export function label(s: string | null | undefined): string | null {
  const c = cleanText(s);
  return c && c.length > MAX_LABEL_CHARS ? `${c.slice(0, MAX_LABEL_CHARS - 1).toWellFormed()}…` : c;
}
