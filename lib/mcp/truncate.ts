// Results of MCP tools go into a model's context: long strings are cut with a marker that says how
// much was left out, long arrays keep their first items and say how many more there were, and the
// whole answer is tightened step by step until it fits a character budget. Pure and unit-tested.

export interface FitOptions {
  /** Longest string kept whole. */
  maxString: number;
  /** Most items kept of an array. */
  maxItems: number;
  /** Characters of JSON the answer may take in all. */
  budget: number;
}

export const DEFAULT_FIT: FitOptions = { maxString: 1_000, maxItems: 50, budget: 60_000 };

/** The marker that ends a cut string; it says how many characters were left out. */
export const truncatedMarker = (omitted: number) => `…[truncated: ${omitted} more characters]`;

function cut(value: unknown, maxString: number, maxItems: number, depth: number): unknown {
  if (typeof value === "string") {
    if (value.length <= maxString) return value;
    // Never split a surrogate pair: a lone half is not valid UTF-8 in the JSON a client receives.
    let end = maxString;
    const code = value.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end -= 1;
    return value.slice(0, end) + truncatedMarker(value.length - end);
  }
  if (value === null || typeof value !== "object") return value;
  if (depth > 12) return "…[truncated: nested too deeply]";
  if (Array.isArray(value)) {
    const kept = value.slice(0, maxItems).map((v) => cut(v, maxString, maxItems, depth + 1));
    if (value.length > maxItems) kept.push(`…[truncated: ${value.length - maxItems} more items]`);
    return kept;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = cut(v, maxString, maxItems, depth + 1);
  return out;
}

/**
 * The value as JSON text that fits the budget: first with the given limits, then with strings and
 * arrays cut shorter (1/4 each step) until it fits or the limits reach their floor (40 characters,
 * 5 items), in which case the JSON itself is cut, still with a marker.
 */
export function fitForModel(value: unknown, opts: Partial<FitOptions> = {}): string {
  const o = { ...DEFAULT_FIT, ...opts };
  let maxString = o.maxString;
  let maxItems = o.maxItems;
  for (;;) {
    const text = JSON.stringify(cut(value, maxString, maxItems, 0)) ?? "null";
    if (text.length <= o.budget) return text;
    if (maxString <= 40 && maxItems <= 5) return text.slice(0, o.budget) + truncatedMarker(text.length - o.budget);
    maxString = Math.max(40, Math.floor(maxString / 4));
    maxItems = Math.max(5, Math.floor(maxItems / 4));
  }
}
