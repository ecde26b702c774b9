// `POST /v1/pi`: one Pi agent run from @contextcompany/pi (SDK helpers or the Pi CLI extension):
// `{runId, startTimestamp, endTimestamp, messages[], toolExecutions[], sessionId?, conversational?,
// metadata?}` with Pi's own message shapes and epoch-millisecond timestamps.
//  - steps = assistant messages (one LLM response each), with Pi's usage and `usage.cost`;
//  - a step's input is what was added since the previous step (the prompt, then tool results),
//    as for Claude: the steps in order are the whole chat, stored once;
//  - tool calls = `toolExecutions` merged by `toolCallId` with the assistant's `toolCall` parts
//    and the `toolResult` messages (either side may be missing);
//  - `stopReason: "error"` / `isError` mark failures;
//  - session and conversational come top-level (SDK) or as `metadata["tcc.*"]` (CLI extension).
import { z } from "zod";
import { resolveMetadata } from "../metadata";
import { asText, lastUserText, normalizeMessage, type ChatMessage } from "../messages";
import { emptyBatch, type IngestBatch, type ToolCallInput } from "../model";
import {
  finalize,
  idOf,
  isObj,
  maxDate,
  minDate,
  missingRunId,
  newRun,
  newStep,
  newToolCall,
  num,
  objOr,
  optionalId,
  parseEnvelope,
  resultText,
  str,
  textOfParts,
  time,
  usageExclusive,
  type Obj,
} from "./common";

const CODE = "invalid_pi_payload";
const WHAT = "Pi run ({runId, startTimestamp, endTimestamp, messages[], toolExecutions[]})";

/** The request body (exported for the OpenAPI document). */
export const envelope = z.object({
  runId: optionalId,
  startTimestamp: z.unknown().optional(),
  endTimestamp: z.unknown().optional(),
  messages: z.array(z.unknown(), { error: "must be the array of Pi messages" }).max(200_000),
  toolExecutions: z.unknown().optional(),
  sessionId: z.unknown().optional(),
  conversational: z.unknown().optional(),
  metadata: z.unknown().optional(),
});

/** The first of the sorted dates at or after `t` (binary search). */
function firstStartFrom(sorted: Date[], t: Date): Date | null {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.getTime() < t.getTime()) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo] ?? null;
}

/** Validates and converts a `/v1/pi` body. */
export function piToBatch(body: unknown, received = new Date()): IngestBatch {
  const env = parseEnvelope(envelope, body, CODE, WHAT);
  const metadata = isObj(env.metadata) ? env.metadata : null;
  const runId = idOf(env.runId) ?? resolveMetadata(metadata).runId;
  if (!runId) throw missingRunId(CODE, WHAT, "send `runId`");

  const msgs = env.messages.filter(isObj);
  const execs = (Array.isArray(env.toolExecutions) ? env.toolExecutions : []).filter(isObj);
  const runStart = time(env.startTimestamp) ?? minDate(msgs.map((m) => time(m.timestamp))) ?? received;
  const runEnd = time(env.endTimestamp) ?? maxDate([...msgs.map((m) => time(m.timestamp)), ...execs.map((e) => time(e.endTimestamp))]);
  // `cfg.runId` makes the Pi SDK reuse one run id for every run: keying children by the run's start
  // keeps two such runs from overwriting each other's steps, while a replay maps to the same keys.
  const key = String(time(env.startTimestamp)?.getTime() ?? "");
  const out = emptyBatch();

  interface Call {
    id: string;
    name: string | null;
    args: unknown;
    stepId: string | null;
    start: Date | null;
    end: Date | null;
    result: string | null;
    isError: boolean;
    order: number;
  }
  const calls = new Map<string, Call>();
  const call = (id: string): Call => {
    let c = calls.get(id);
    if (!c) {
      c = { id, name: null, args: undefined, stepId: null, start: null, end: null, result: null, isError: false, order: calls.size };
      calls.set(id, c);
    }
    return c;
  };

  const nextAt: Array<Date | null> = new Array(msgs.length + 1).fill(null);
  for (let i = msgs.length - 1; i >= 0; i--) nextAt[i] = time(msgs[i]!.timestamp) ?? nextAt[i + 1]!;
  const execStarts = execs
    .map((e) => time(e.startTimestamp))
    .filter((d): d is Date => d !== null)
    .sort((x, y) => x.getTime() - y.getTime());

  let pending: ChatMessage[] = [];
  let lastAssistant: Obj | null = null;
  const users: ChatMessage[] = [];
  msgs.forEach((m, i) => {
    const at = time(m.timestamp);
    if (m.role === "assistant") {
      const id = key ? `${key}-${i}` : `msg-${i}`;
      const startAt = at ?? runStart;
      // The response ends when the next message is written or a tool it asked for starts.
      const endAt = minDate([nextAt[i + 1], firstStartFrom(execStarts, startAt)]) ?? runEnd;
      const usage = objOr(m.usage);
      const stop = str(m.stopReason);
      const failed = stop === "error";
      const normal = normalizeMessage({ role: "assistant", content: m.content });
      for (const p of Array.isArray(m.content) ? m.content.filter(isObj) : []) {
        if (str(p.type)?.toLowerCase() !== "toolcall") continue;
        const c = call(str(p.id) ?? `${id}-tool-${calls.size}`);
        c.name ??= str(p.name);
        c.args ??= p.arguments;
        c.stepId = id;
        c.start ??= endAt && endAt >= startAt ? endAt : startAt;
      }
      out.steps.push(
        newStep(id, runId, startAt, {
          provider: str(m.provider),
          model: str(m.model),
          endTime: endAt && endAt >= startAt ? endAt : null,
          status: failed ? 2 : 0,
          statusMessage: failed ? (str(m.errorMessage) ?? "The model call failed") : null,
          input: pending.length ? pending : null,
          output: normal && normal.parts.length ? [normal] : null,
          finishReason: stop,
          usage: usageExclusive(usage.input, usage.output, usage.cacheRead, usage.cacheWrite),
          costUsd: num(objOr(usage.cost).total),
          attributes: {
            ...(str(m.api) ? { api: m.api } : {}),
            ...(stop === "aborted" ? { aborted: true } : {}),
            ...(str(m.responseId) ? { responseId: m.responseId } : {}),
          },
        }),
      );
      pending = [];
      lastAssistant = m;
      return;
    }
    const normal = normalizeMessage(m);
    if (normal) {
      pending.push(normal);
      if (normal.role === "user") users.push(normal);
    }
    if (m.role === "toolResult") {
      const c = call(str(m.toolCallId) ?? `result-${i}`);
      c.name ??= str(m.toolName);
      c.result ??= resultText(m.content);
      c.isError ||= m.isError === true;
      c.end ??= at;
    }
  });

  execs.forEach((e, i) => {
    const c = call(str(e.toolCallId) ?? (key ? `${key}-exec-${i}` : `exec-${i}`));
    c.name = str(e.toolName) ?? c.name;
    if (e.args !== undefined) c.args = e.args;
    c.start = time(e.startTimestamp) ?? c.start;
    c.end = time(e.endTimestamp) ?? c.end;
    if (e.result !== undefined) c.result = resultText(e.result);
    c.isError ||= e.isError === true;
  });

  for (const c of [...calls.values()].sort((a, b) => a.order - b.order)) {
    const tool: ToolCallInput = newToolCall(c.id, runId, c.name ?? "unknown", c.start ?? c.end ?? runStart, {
      stepId: c.stepId,
      toolCallId: c.id,
      args: c.args === undefined ? null : asText(c.args),
      result: c.result,
      status: c.isError ? 2 : 0,
      error: c.isError ? c.result || "The tool reported an error" : null,
      endTime: c.end,
    });
    out.toolCalls.push(tool);
  }

  const final: Obj = lastAssistant ?? {};
  const finalStop = str(final.stopReason);
  const topLevel: Obj = {};
  if (env.sessionId !== undefined && env.sessionId !== null) topLevel["tcc.sessionId"] = env.sessionId;
  if (env.conversational !== undefined && env.conversational !== null) topLevel["tcc.conversational"] = env.conversational;
  const finalParts = normalizeMessage({ role: "assistant", content: final.content })?.parts ?? [];
  out.runs.push(
    newRun(runId, "pi", runStart, {
      meta: resolveMetadata(topLevel, metadata),
      status: finalStop === "error" ? 2 : 0,
      statusMessage: finalStop === "error" ? (str(final.errorMessage) ?? "The model call failed") : null,
      endTime: runEnd,
      userPrompt: lastUserText(users),
      response: textOfParts(finalParts),
      attributes: { pi: { messageCount: msgs.length, toolExecutionCount: execs.length, ...(finalStop ? { stopReason: finalStop } : {}) } },
    }),
  );
  return finalize(out);
}
