// `POST /v1/claude`: one Claude Agent SDK `query()` stream from @contextcompany/claude (TS) or
// `contextcompany.claude` (Python): `{messages[], runId, sessionId?, userPrompt?, customMetadata?}`,
// every SDK message verbatim plus `receivedAtMs`.
//  - steps = assistant messages, one per API response: the SDK emits one message per content block
//    with the same `message.id`, so blocks are merged by id;
//  - a step's input is what was added to its conversation since the previous step (the prompt,
//    then tool results), so the steps read in order are the whole chat without repeating it
//    (long agent sessions would otherwise store the history once per turn);
//  - tool calls = `tool_use` blocks, paired by id with the `tool_result` blocks of later user
//    messages (`is_error` → failed);
//  - subagent messages (`parent_tool_use_id`) form their own conversation thread;
//  - the `result` message gives the response, usage, `total_cost_usd` and the run's status.
import { z } from "zod";
import { resolveMetadata } from "../metadata";
import { asText, normalizeMessage, type ChatMessage, type ChatPart } from "../messages";
import { emptyBatch, type IngestBatch, type StepInput, type ToolCallInput, type Usage } from "../model";
import { shiftTime } from "../time";
import {
  finalize,
  idOf,
  isObj,
  missingRunId,
  newRun,
  newStep,
  newToolCall,
  num,
  objOr,
  optionalId,
  parseEnvelope,
  resultText,
  splitToolResults,
  str,
  textMessage,
  textOfParts,
  time,
  usageExclusive,
  type Obj,
} from "./common";

const CODE = "invalid_claude_payload";
const WHAT = "Claude Agent SDK payload ({messages[], runId, sessionId?, userPrompt?, customMetadata?})";

/** The request body (exported for the OpenAPI document). */
export const envelope = z.object({
  messages: z.array(z.unknown(), { error: "must be the array of SDK messages" }).max(200_000),
  runId: optionalId,
  sessionId: z.unknown().optional(),
  userPrompt: z.unknown().optional(),
  customMetadata: z.unknown().optional(),
});

const MAIN = "";

interface Turn {
  id: string;
  thread: string;
  blocks: unknown[];
  usage: Obj | null;
  model: string | null;
  stopReason: string | null;
  error: string | null;
  start: Date;
  end: Date;
  input: ChatMessage[];
  uuids: string[];
}

/** Tokens of one Anthropic response; the SDK repeats them on every block of the response. */
function usageOf(u: Obj | null): Usage | null {
  return u ? usageExclusive(u.input_tokens, u.output_tokens, u.cache_read_input_tokens, u.cache_creation_input_tokens) : null;
}

/**
 * The SDK repeats a response's usage on each of its blocks, and a block emitted early may carry a
 * count taken before generation ended: keep the largest value of each counter.
 */
function mergeUsage(a: Obj | null, b: Obj): Obj {
  if (!a) return b;
  const out: Obj = { ...a, ...b };
  for (const [k, v] of Object.entries(a)) {
    const x = num(v);
    const y = num(b[k]);
    if (x !== null && (y === null || x > y)) out[k] = v;
  }
  return out;
}

const isToolUse = (b: Obj) => typeof b.type === "string" && /(^|_)tool_use$/.test(b.type);
const isToolResult = (b: Obj) => typeof b.type === "string" && /tool_result$/.test(b.type);

function blocksOf(message: unknown): unknown[] {
  const content = isObj(message) ? message.content : undefined;
  if (typeof content === "string") return content ? [{ type: "text", text: content }] : [];
  return Array.isArray(content) ? content : [];
}

/** Validates and converts a `/v1/claude` body. */
export function claudeToBatch(body: unknown, received = new Date()): IngestBatch {
  const env = parseEnvelope(envelope, body, CODE, WHAT);
  const msgs = env.messages.filter((m): m is Obj => isObj(m) && typeof m.type === "string");
  const custom = isObj(env.customMetadata) ? env.customMetadata : null;
  const tcc = objOr(msgs.find((m) => isObj(m.tccMetadata))?.tccMetadata);
  const runId = idOf(env.runId) ?? resolveMetadata(custom).runId ?? idOf(tcc.runId);
  if (!runId) throw missingRunId(CODE, WHAT, "send `runId`, or `tcc.runId` in customMetadata");

  const out = emptyBatch();
  const turns = new Map<string, Turn>();
  const pending = new Map<string, ChatMessage[]>(); // per thread: messages since its last step
  const tools = new Map<string, ToolCallInput>();
  const threads = new Set<string>();
  const taskPrompts = new Map<string, { prompt: string | null; name: string | null }>();
  let init: Obj | null = null;
  let result: Obj | null = null;
  let prev: Date | null = null;
  let first: Date | null = null;
  let last: Date | null = null;
  let firstUserText: string | null = null;
  const userPrompt = str(env.userPrompt);

  const push = (thread: string, m: ChatMessage) => {
    const list = pending.get(thread) ?? [];
    list.push(m);
    pending.set(thread, list);
  };

  for (const [index, m] of msgs.entries()) {
    // Partial-message stream events arrive while a response is generated: they must not count as
    // the moment the next request started.
    if (m.type === "stream_event" || m.type === "rate_limit_event") continue;
    const at: Date = time(m.receivedAtMs) ?? time(m.timestamp) ?? last ?? received;
    first ??= at;
    last = at;
    const before = prev ?? at;
    prev = at;
    const thread = str(m.parent_tool_use_id) ?? MAIN;

    if (m.type === "system") {
      // Python sends a system message as the CLI's own dict, TS as the SDK message: the same shape.
      if (!init || (m.subtype === "init" && init.subtype !== "init")) init = m;
    } else if (m.type === "result") result = m;
    else if (m.type === "assistant") {
      const message = objOr(m.message);
      const id = str(message.id) ?? str(m.uuid) ?? `assistant-${index}`;
      let turn = turns.get(id);
      if (!turn) {
        let input = pending.get(thread) ?? [];
        pending.set(thread, []);
        // The prompt that starts a conversation is not echoed in the stream: the run's own prompt,
        // or, for a subagent, the prompt its Task call passed.
        if (!threads.has(thread)) {
          threads.add(thread);
          const prompt = thread === MAIN ? userPrompt : (taskPrompts.get(thread)?.prompt ?? null);
          if (prompt && !input.some((x) => x.role === "user")) input = [textMessage("user", prompt), ...input];
        }
        turn = { id, thread, blocks: [], usage: null, model: null, stopReason: null, error: null, start: before, end: at, input, uuids: [] };
        turns.set(id, turn);
      }
      turn.blocks.push(...blocksOf(message));
      if (isObj(message.usage)) turn.usage = mergeUsage(turn.usage, message.usage);
      turn.model = str(message.model) ?? turn.model;
      turn.stopReason = str(message.stop_reason) ?? turn.stopReason;
      if (m.error !== undefined && m.error !== null) turn.error = typeof m.error === "string" ? m.error : asText(m.error);
      turn.end = at;
      if (str(m.uuid)) turn.uuids.push(m.uuid as string);
      for (const b of blocksOf(message)) {
        if (!isObj(b)) continue;
        if (isToolUse(b)) {
          const tid = str(b.id) ?? `${id}-tool-${tools.size}`;
          const name = str(b.name) ?? "unknown";
          const input = objOr(b.input);
          if (name === "Task" || name === "Agent")
            taskPrompts.set(tid, { prompt: str(input.prompt), name: str(input.subagent_type) ?? str(input.description) });
          tools.set(
            tid,
            newToolCall(tid, runId, name, at, {
              stepId: id,
              toolCallId: tid,
              args: b.input === undefined ? null : asText(b.input),
              attributes: { blockType: b.type, ...(thread !== MAIN ? { parentToolUseId: thread } : {}) },
            }),
          );
        } else if (isToolResult(b)) settle(b, at); // server tools answer inside the same message
      }
    } else if (m.type === "user") {
      const message = isObj(m.message) ? m.message : m;
      for (const b of blocksOf(message)) if (isObj(b) && isToolResult(b)) settle(b, at);
      const normal = normalizeMessage({ role: "user", content: message.content });
      if (normal && normal.parts.length) {
        for (const part of splitToolResults(normal)) {
          push(thread, part);
          if (thread === MAIN && part.role === "user") firstUserText ??= textOfParts(part.parts);
        }
      }
    }
  }

  function settle(b: Obj, at: Date) {
    const id = str(b.tool_use_id) ?? str(b.id);
    const call = id ? tools.get(id) : undefined;
    if (!call) return;
    const text = resultText(b.content ?? b.result ?? null);
    call.result = text;
    call.endTime = at;
    if (b.is_error === true || b.isError === true) {
      call.status = 2;
      call.error = text || "The tool reported an error";
    }
  }

  // Steps.
  for (const t of turns.values()) {
    const normal = normalizeMessage({ role: "assistant", content: t.blocks });
    const parts: ChatPart[] = normal?.parts ?? [];
    const model = t.model && t.model !== "<synthetic>" ? t.model : null;
    const sub = t.thread !== MAIN ? taskPrompts.get(t.thread) : undefined;
    const step: StepInput = newStep(t.id, runId, t.start, {
      name: t.thread === MAIN ? null : `subagent${sub?.name ? `: ${sub.name}` : ""}`,
      provider: "anthropic",
      model,
      endTime: t.end,
      status: t.error ? 2 : 0,
      statusMessage: t.error,
      input: t.input.length ? t.input : null,
      output: parts.length ? [{ role: "assistant", parts }] : null,
      finishReason: t.stopReason,
      usage: usageOf(t.usage),
      attributes: {
        ...(t.thread !== MAIN ? { parentToolUseId: t.thread } : {}),
        ...(t.model === "<synthetic>" ? { synthetic: true } : {}),
        ...(t.uuids.length ? { messageUuids: t.uuids } : {}),
      },
    });
    out.steps.push(step);
  }
  if (!result) {
    // The stream failed or was cut off: what was still running is what the user needs to see.
    for (const t of tools.values()) {
      if (t.endTime || t.status === 2) continue;
      t.status = 2;
      t.error = "Never finished: the query ended without a result message while this tool call was running.";
    }
  }
  out.toolCalls.push(...tools.values());

  // The run.
  const res: Obj = result ?? {};
  const initData: Obj = init ?? {};
  const runStart: Date = first ?? received;
  const end: Date | null = last;
  const duration = num(res.duration_ms);
  const shifted = end && duration !== null ? shiftTime(end, -duration) : null;
  const start = shifted && shifted.getTime() < runStart.getTime() ? shifted : runStart;
  const subtype = str(res.subtype);
  const failed = !result || res.is_error === true || (subtype !== null && subtype.startsWith("error"));
  const errors = Array.isArray(res.errors) ? res.errors.map((e) => (typeof e === "string" ? e : asText(e))).filter(Boolean) : [];
  const statusMessage = !failed
    ? null
    : !result
      ? "The query ended without a result message (the stream failed or was interrupted)."
      : errors.join("\n") || str(res.result) || `Claude reported ${subtype ?? "an error"}`;
  const modelUsage = objOr(res.modelUsage);
  const modelCosts = Object.values(modelUsage).map((u) => num(objOr(u).costUSD));
  const costUsd = num(res.total_cost_usd) ?? (modelCosts.some((c) => c !== null) ? modelCosts.reduce<number>((a, c) => a + (c ?? 0), 0) : null);
  const usage = isObj(res.usage) ? usageOf(res.usage) : null;

  const topLevel: Obj = {};
  const sessionId = idOf(env.sessionId) ?? idOf(tcc.sessionId);
  if (sessionId) topLevel["tcc.sessionId"] = sessionId;
  const claude: Obj = {
    sessionId: str(res.session_id) ?? str(initData.session_id),
    model: str(initData.model),
    tools: Array.isArray(initData.tools) ? initData.tools : undefined,
    cwd: str(initData.cwd),
    permissionMode: str(initData.permissionMode),
    subtype,
    numTurns: num(res.num_turns),
    durationMs: duration,
    durationApiMs: num(res.duration_api_ms),
    modelUsage: Object.keys(modelUsage).length ? modelUsage : undefined,
    permissionDenials: Array.isArray(res.permission_denials) && res.permission_denials.length ? res.permission_denials : undefined,
  };
  out.runs.push(
    newRun(runId, "claude", start, {
      meta: resolveMetadata(topLevel, custom),
      status: failed ? 2 : 0,
      statusMessage,
      endTime: end,
      userPrompt: userPrompt ?? firstUserText,
      response: str(res.result),
      usage,
      costUsd,
      models: [...new Set([...Object.keys(modelUsage), ...(str(initData.model) ? [initData.model as string] : [])])],
      attributes: { claude: Object.fromEntries(Object.entries(claude).filter(([, v]) => v !== null && v !== undefined)) },
    }),
  );
  return finalize(out);
}
