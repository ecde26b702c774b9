// tool_error_loop and repeated_calls (every run): exact counts over the run's tool calls.
import { EVIDENCE_SNIPPET_CHARS, type Evidence, type PatternMatch, type RunFacts, type ToolCallFacts } from "./types";

/** Calls of one tool (or failures of one tool) from this many on make a pattern. */
export const TOOL_REPEAT_THRESHOLD = 3;
const MAX_EVIDENCE = 5;

/** JSON with object keys sorted, so {"a":1,"b":2} and {"b":2,"a":1} compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The identity of a call's arguments: canonical JSON when they parse, else the trimmed text. */
export function argumentsKey(args: string | null): string {
  const raw = (args ?? "").trim();
  if (raw === "") return "";
  try {
    return canonical(JSON.parse(raw));
  } catch {
    return raw;
  }
}

const clip = (s: string) => (s.length > EVIDENCE_SNIPPET_CHARS ? s.slice(0, EVIDENCE_SNIPPET_CHARS - 1) + "…" : s);

function largestGroup(calls: ToolCallFacts[], key: (c: ToolCallFacts) => string): ToolCallFacts[] | null {
  const groups = new Map<string, ToolCallFacts[]>();
  for (const c of calls) {
    const k = key(c);
    const g = groups.get(k);
    if (g) g.push(c);
    else groups.set(k, [c]);
  }
  let best: ToolCallFacts[] | null = null;
  for (const g of groups.values()) if (g.length >= TOOL_REPEAT_THRESHOLD && (!best || g.length > best.length)) best = g;
  return best;
}

export function detectToolErrorLoop(run: RunFacts): PatternMatch | null {
  const group = largestGroup(
    run.toolCalls.filter((c) => c.failed),
    (c) => c.name,
  );
  if (!group) return null;
  const evidence: Evidence[] = group
    .slice(0, MAX_EVIDENCE)
    .map((c) => ({ source: "tool_call", ref: c.id, text: clip(`${c.name} failed: ${c.error?.trim() || "error"}`), highlight: null }));
  return { key: "tool_error_loop", evidence };
}

export function detectRepeatedCalls(run: RunFacts): PatternMatch | null {
  const group = largestGroup(run.toolCalls, (c) => `${c.name}\u0000${c.argsDigest ?? argumentsKey(c.args)}`);
  if (!group) return null;
  const evidence: Evidence[] = group
    .slice(0, MAX_EVIDENCE)
    .map((c) => ({ source: "tool_call", ref: c.id, text: clip(`${c.name}(${(c.args ?? "").trim()})`), highlight: null }));
  return { key: "repeated_calls", evidence };
}
