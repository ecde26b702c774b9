// Shared pieces of the framework mappers (Mastra, Claude, Pi, OpenClaw): envelope checks whose
// 400 names the broken field, deterministic ids, record builders with defaults, token usage and
// chat helpers. The mappers are strict only where a payload could not be stored at all (no run
// id, no message list); everything else is read leniently, because the SDKs never retry a 4xx.
import { createHash } from "node:crypto";
import { z } from "zod";
import { IngestError } from "../errors";
import { asText, normalizeMessage, type ChatMessage, type ChatPart } from "../messages";
import { emptyMetadata, type RunInput, type StepInput, type ToolCallInput, type Usage } from "../model";
import { parseTime } from "../time";

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
export const objOr = (v: unknown): Obj => (isObj(v) ? v : {});

/** A non-empty string (after trimming), else null. */
export const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);

/** A finite number (numeric strings accepted), else null. */
export function num(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && v.trim() && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** An id given as a string or a number, trimmed; null when absent or unusable. */
export function idOf(v: unknown, max = 512): string | null {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v !== "string") return null;
  const t = v.trim();
  return t && t.length <= max ? t : null;
}

/** A run or trace id field of an envelope: a string (or number), absent or null. */
export const optionalId = z.union([z.string().max(512), z.number()], { error: "must be a string of at most 512 characters" }).nullish();

/** Deeper than any SDK payload; deep enough nesting would overflow the stack when it is serialised. */
export const MAX_JSON_DEPTH = 1000;

/**
 * Rejects JSON nested deeper than `max` with a 400 instead of letting serialisation overflow the
 * stack (a 500). Iterative, so the check itself cannot overflow.
 */
export function assertDepth(body: unknown, code: string, max = MAX_JSON_DEPTH): void {
  const stack: Array<[unknown, number]> = [[body, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (d > max) throw new IngestError(400, code, `The JSON body is nested more than ${max} levels deep; no SDK sends that, so it was not stored.`);
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === "object") stack.push([child, d + 1]);
  }
}

/** Parses the envelope of a framework payload, or throws a 400 that lists each broken field. */
export function parseEnvelope<T>(schema: z.ZodType<T>, body: unknown, code: string, what: string): T {
  assertDepth(body, code);
  if (!isObj(body)) {
    const got = Array.isArray(body) ? "an array" : body === null ? "null" : `a ${typeof body}`;
    throw new IngestError(400, code, `Body must be a JSON object (${what}); got ${got}.`, [{ path: "", message: "expected an object" }]);
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  const first = issues[0]!;
  throw new IngestError(400, code, `Body is not a valid ${what}: ${first.path || "body"}: ${first.message}.`, issues);
}

export function missingRunId(code: string, what: string, hint: string): IngestError {
  return new IngestError(400, code, `Body is not a valid ${what}: no run id (${hint}).`, [{ path: "runId", message: "required" }]);
}

/**
 * A stable UUID derived from its parts, for runs whose payload carries no id of its own: the same
 * payload always maps to the same run, so a replay leaves one copy. RFC 9562 version 8 layout.
 */
export function derivedUuid(...parts: string[]): string {
  const h = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Epoch ms or ISO text → Date, else null. */
export const time = (v: unknown): Date | null => parseTime(v);

/** The earliest date of a list (a list, not spread arguments: payloads can be very long). */
export function minDate(ds: Array<Date | null | undefined>): Date | null {
  let out: Date | null = null;
  for (const d of ds) if (d && (!out || d < out)) out = d;
  return out;
}

export function maxDate(ds: Array<Date | null | undefined>): Date | null {
  let out: Date | null = null;
  for (const d of ds) if (d && (!out || d > out)) out = d;
  return out;
}

/**
 * Token usage where `input` excludes cache reads and writes (Anthropic, Pi, OpenClaw): Sightline's
 * `inputTokens` is the whole input, cached tokens included, as the pricing library expects.
 */
export function usageExclusive(input: unknown, output: unknown, cacheRead: unknown, cacheWrite: unknown): Usage | null {
  const i = num(input);
  const o = num(output);
  const r = num(cacheRead);
  const w = num(cacheWrite);
  if (i === null && o === null && r === null && w === null) return null;
  const anyInput = i !== null || r !== null || w !== null;
  return {
    inputTokens: anyInput ? (i ?? 0) + (r ?? 0) + (w ?? 0) : null,
    outputTokens: o,
    cachedTokens: r,
  };
}

/**
 * Looks up, among records sorted by start time, the last one that started at or before `t`
 * (binary search: payloads can hold hundreds of thousands of spans or events).
 */
export function lastStartedBy<T extends { startTime: Date }>(sorted: T[], t: Date): T | null {
  let lo = 0;
  let hi = sorted.length - 1;
  let found: T | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.startTime.getTime() <= t.getTime()) {
      found = sorted[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export const byStart = <T extends { startTime: Date }>(list: T[]): T[] => [...list].sort((a, b) => a.startTime.getTime() - b.startTime.getTime());

// Durations are stored as int4 milliseconds (about 24.8 days).
const MAX_DURATION_MS = 2_147_483_647;

/**
 * Drops end times that cannot be right (before the start, or so late the duration overflows),
 * which happens when an SDK mixes clocks (Pi message timestamps vs. the run's); the record is
 * kept, just without an end.
 */
export function finalize<T extends { runs: RunInput[]; steps: StepInput[]; toolCalls: ToolCallInput[] }>(batch: T, { keepNegative = false } = {}): T {
  for (const list of [batch.runs, batch.steps, batch.toolCalls] as Array<Array<{ startTime: Date; endTime: Date | null }>>) {
    for (const r of list) {
      if (!r.endTime) continue;
      const d = r.endTime.getTime() - r.startTime.getTime();
      if (d > MAX_DURATION_MS || (d < 0 && !keepNegative) || Number.isNaN(d)) r.endTime = null;
    }
  }
  return batch;
}

export function newRun(id: string, source: string, startTime: Date, fields: Partial<RunInput> = {}): RunInput {
  return {
    id,
    traceId: null,
    source,
    meta: emptyMetadata(),
    status: 0,
    statusMessage: null,
    startTime,
    endTime: null,
    userPrompt: null,
    systemPrompt: null,
    response: null,
    fullInput: null,
    fullOutput: null,
    usage: null,
    costUsd: null,
    models: [],
    attributes: {},
    placeholder: false,
    ...fields,
  };
}

export function newStep(id: string, runId: string, startTime: Date, fields: Partial<StepInput> = {}): StepInput {
  return {
    id,
    runId,
    spanId: null,
    name: null,
    provider: null,
    model: null,
    startTime,
    endTime: null,
    status: 0,
    statusMessage: null,
    input: null,
    output: null,
    finishReason: null,
    usage: null,
    costUsd: null,
    ttftMs: null,
    attributes: {},
    ...fields,
  };
}

export function newToolCall(id: string, runId: string, name: string, startTime: Date, fields: Partial<ToolCallInput> = {}): ToolCallInput {
  return {
    id,
    runId,
    stepId: null,
    spanId: null,
    toolCallId: null,
    name,
    args: null,
    result: null,
    status: 0,
    error: null,
    startTime,
    endTime: null,
    attributes: {},
    ...fields,
  };
}

/** Messages of any known shape; values that are not messages are skipped rather than failing. */
export function chat(list: unknown): ChatMessage[] {
  if (!Array.isArray(list)) return [];
  return list.map((m) => normalizeMessage(m)).filter((m): m is ChatMessage => m !== null);
}

/**
 * Anthropic-style turns carry tool results inside `user` messages; the shared chat shape puts them
 * in a `tool` message. A mixed message becomes a tool message followed by the user's own parts.
 */
export function splitToolResults(m: ChatMessage): ChatMessage[] {
  if (m.role !== "user" || !m.parts.some((p) => p.type === "tool_result")) return [m];
  const results = m.parts.filter((p) => p.type === "tool_result");
  const rest = m.parts.filter((p) => p.type !== "tool_result");
  const out: ChatMessage[] = [{ role: "tool", parts: results }];
  if (rest.length) out.push({ role: "user", parts: rest });
  return out;
}

export const textMessage = (role: ChatMessage["role"], text: string): ChatMessage => ({ role, parts: [{ type: "text", text }] });

/** Text parts of a message joined, for run previews. */
export function textOfParts(parts: ChatPart[]): string | null {
  const t = parts
    .filter((p) => p.type === "text")
    .map((p) => (p as { text: string }).text)
    .filter(Boolean)
    .join("\n");
  return t || null;
}

/**
 * The text of a tool result: a string, content blocks (`[{type:"text", text}]`, images as a
 * placeholder), `{content: [...]}` (Pi, MCP) or any other JSON value as its JSON text.
 */
export function resultText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (Array.isArray(v)) {
    const parts = v.map((b) => {
      if (typeof b === "string") return b;
      if (isObj(b) && typeof b.text === "string") return b.text;
      if (isObj(b) && typeof b.type === "string" && /image|file|document/.test(b.type)) return `[${b.type}]`;
      return asText(b);
    });
    return parts.join("\n");
  }
  if (isObj(v) && Array.isArray(v.content) && Object.keys(v).every((k) => k === "content" || k === "details" || k === "isError")) {
    return resultText(v.content);
  }
  return asText(v);
}

/** An error value (string, Error-like object, anything else) as one line of text. */
export function errorText(v: unknown, fallback: string): string {
  if (typeof v === "string" && v.trim()) return v;
  if (isObj(v) && typeof v.message === "string" && v.message.trim()) return v.message;
  if (v === null || v === undefined || v === true || v === false) return fallback;
  return asText(v) || fallback;
}
