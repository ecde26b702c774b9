// `POST /v1/openclaw`: one OpenClaw agent turn from the @contextcompany/openclaw plugin, a thin
// forwarder of raw hook events: `{framework, events[{hook, timestamp, event, context}], metadata,
// stale?}`. All parsing is ours:
//  - steps = `llm_input` paired in order with the following `llm_output` (model, usage, texts);
//  - tool calls = `before_tool_call` paired with `after_tool_call` (by tool call id when OpenClaw
//    gives one, else first-in-first-out per tool name; `error` → failed);
//  - run ids come from `metadata["tcc.runId"]`. The legacy shape (plugin ≤ 1.0.2) has no metadata:
//    its run id is derived from OpenClaw's run id, the session key and the turn's first event time,
//    so every turn is its own run (OpenClaw's run id alone is shared by the turns of a session)
//    and a replay maps to the same run. Its session is the session key, as the current plugin's
//    default;
//  - `agent_end` with `success: false` or an `error` fails the run.
import { z } from "zod";
import { IngestError } from "../errors";
import { resolveMetadata } from "../metadata";
import { asText, normalizeMessage, type ChatMessage, type ChatPart } from "../messages";
import { emptyBatch, type IngestBatch, type StepInput } from "../model";
import { shiftTime } from "../time";
import {
  byStart,
  chat,
  derivedUuid,
  errorText,
  finalize,
  isObj,
  lastStartedBy,
  maxDate,
  minDate,
  newRun,
  newStep,
  newToolCall,
  num,
  objOr,
  parseEnvelope,
  str,
  textMessage,
  time,
  usageExclusive,
  type Obj,
} from "./common";

const CODE = "invalid_openclaw_payload";
const WHAT = "OpenClaw payload ({framework, events[], metadata, stale?})";

/** The request body (exported for the OpenAPI document). */
export const envelope = z.object({
  framework: z.unknown().optional(),
  events: z.array(z.unknown(), { error: "must be the array of captured hook events" }).max(200_000),
  metadata: z.unknown().optional(),
  stale: z.unknown().optional(),
});

/**
 * Message of a run the plugin flushed without `agent_end` (`stale: true`, after 30 minutes). It is
 * stored with what it captured, but as failed: the turn never completed (the agent hung, crashed or
 * was killed), so counting it a success would hide exactly the runs a user needs to look at, and
 * the plugin forgets the run after the flush, so no later success can arrive for this id.
 */
export const STALE_MESSAGE = "The run never finished: OpenClaw flushed it after 30 minutes without agent_end (stale).";

interface Ev {
  hook: string;
  at: Date | null;
  event: Obj;
  context: Obj;
  index: number;
}

/** Validates and converts a `/v1/openclaw` body. */
export function openclawToBatch(body: unknown, received = new Date()): IngestBatch {
  const env = parseEnvelope(envelope, body, CODE, WHAT);
  const events: Ev[] = env.events
    .map((raw, index) =>
      isObj(raw) && str(raw.hook)
        ? { hook: (raw.hook as string).trim(), at: time(raw.timestamp), event: objOr(raw.event), context: objOr(raw.context), index }
        : null,
    )
    .filter((e): e is Ev => e !== null);
  const metadata = isObj(env.metadata) ? env.metadata : null;
  const stale = env.stale === true || env.stale === "true";
  const meta = resolveMetadata(metadata);
  const context = events.find((e) => str(e.context.sessionKey))?.context ?? events[0]?.context ?? {};
  const sessionKey = str(context.sessionKey);
  const ocRunId = events.map((e) => str(e.event.runId)).find(Boolean) ?? null;
  const firstAt = minDate(events.map((e) => e.at));

  let runId = meta.runId;
  const legacy = !runId;
  if (!runId) {
    if (!events.length) {
      throw new IngestError(400, CODE, `Body is not a valid ${WHAT}: no run id: metadata["tcc.runId"] is missing and events is empty.`, [
        { path: "metadata.tcc.runId", message: "required when there are no events" },
      ]);
    }
    const anchor = firstAt?.toISOString() ?? JSON.stringify(env.events[0]).slice(0, 2000);
    runId = derivedUuid("openclaw", ocRunId ?? "", sessionKey ?? "", anchor);
  }
  const runStartRaw = firstAt ?? received;
  const out = emptyBatch();

  // Steps: each llm_input with the llm_output that follows it before the next llm_input. One pass
  // over the events (and tool pairing below), however many a payload holds.
  const steps: StepInput[] = [];
  let open: Ev | null = null;
  let inputCount = 0;
  let orphanCount = 0;
  const closeInput = (o: Ev | null) => {
    if (open) steps.push(llmStep(`llm-${inputCount++}`, runId, open, o, runStartRaw));
    else if (o) steps.push(llmStep(`llm-out-${orphanCount++}`, runId, null, o, runStartRaw));
    open = null;
  };
  for (const e of events) {
    if (e.hook === "llm_input") {
      if (open) closeInput(null);
      open = e;
    } else if (e.hook === "llm_output") closeInput(e);
  }
  if (open) closeInput(null);
  out.steps.push(...steps);

  // Tool calls: each after_tool_call closes the oldest open before_tool_call with the same tool
  // call id (when OpenClaw gives one) or else the same tool name.
  const sortedSteps = byStart(steps);
  const stepAt = (t: Date): string | null => lastStartedBy(sortedSteps, t)?.id ?? null;
  const callId = (e: Ev) => str(e.event.toolCallId) ?? str(e.context.toolCallId);
  const toolName = (e: Ev) => str(e.event.toolName) ?? str(e.context.toolName) ?? "unknown";
  const keyOf = (e: Ev) => (callId(e) ? `id:${callId(e)}` : `name:${toolName(e)}`);
  const pairs: Array<{ b: Ev | null; a: Ev | null; id: string }> = [];
  const waiting = new Map<string, Array<{ b: Ev | null; a: Ev | null; id: string }>>();
  let beforeCount = 0;
  let afterOnly = 0;
  for (const e of events) {
    if (e.hook === "before_tool_call") {
      const pair = { b: e, a: null, id: callId(e) ?? `tool-${beforeCount}` };
      beforeCount++;
      pairs.push(pair);
      const queue = waiting.get(keyOf(e)) ?? [];
      queue.push(pair);
      waiting.set(keyOf(e), queue);
    } else if (e.hook === "after_tool_call") {
      const pair = waiting.get(keyOf(e))?.shift();
      if (pair) pair.a = e;
      else pairs.push({ b: null, a: e, id: callId(e) ?? `tool-after-${afterOnly++}` });
    }
  }
  const end = events.findLast((e) => e.hook === "agent_end") ?? null;
  // A stale flush means the turn hung: whatever was still running is the likely culprit.
  const unfinished = stale && !end ? "Never finished: the run was flushed as stale while this was running." : null;
  for (const { b, a, id } of pairs) {
    const ev = { ...b?.event, ...a?.event };
    const duration = num(a?.event.durationMs);
    const endAt = a?.at ?? null;
    const start = b?.at ?? (endAt && duration !== null ? shiftTime(endAt, -duration) : endAt) ?? runStartRaw;
    const failed = a ? a.event.error !== undefined && a.event.error !== null && a.event.error !== false : false;
    const error = failed ? errorText(a!.event.error, "The tool call failed") : !a ? unfinished : null;
    out.toolCalls.push(
      newToolCall(id, runId, toolName((b ?? a)!), start, {
        stepId: stepAt(start),
        toolCallId: callId((b ?? a)!),
        args: ev.params === undefined ? null : asText(ev.params),
        result: a && a.event.result !== undefined ? asText(a.event.result) : null,
        status: error ? 2 : 0,
        error,
        endTime: endAt,
        attributes: duration !== null ? { durationMs: duration } : {},
      }),
    );
  }
  if (unfinished) {
    for (const st of steps) if (!st.endTime) Object.assign(st, { status: 2, statusMessage: unfinished });
  }

  // The run.
  const endEv = end?.event ?? {};
  const endAt = end?.at ?? maxDate(events.map((e) => e.at));
  const duration = num(endEv.durationMs);
  const shifted = end?.at && duration !== null ? shiftTime(end.at, -duration) : null;
  const runStart = shifted ? (minDate([runStartRaw, shifted]) ?? runStartRaw) : runStartRaw;
  const failed = !!end && (endEv.success === false || (endEv.error !== undefined && endEv.error !== null && endEv.error !== false));
  const firstInput = events.find((e) => e.hook === "llm_input")?.event ?? {};
  const lastOutput = events.findLast((e) => e.hook === "llm_output")?.event;
  const texts = Array.isArray(lastOutput?.assistantTexts) ? lastOutput.assistantTexts.filter((t): t is string => typeof t === "string") : [];
  const finalMessages = chat(endEv.messages).filter((m) => m.role === "assistant");
  const lastAssistantText = finalMessages.length ? finalMessages[finalMessages.length - 1]!.parts.map((p) => (p.type === "text" ? p.text : "")).join("") : "";

  const carriers: Array<Obj | null> = [metadata];
  if (legacy && sessionKey) carriers.push({ "tcc.sessionId": sessionKey });
  const oc: Obj = {
    agentId: str(context.agentId),
    sessionKey,
    channelId: str(context.channelId),
    trigger: str(context.trigger),
    openclawRunId: ocRunId,
    openclawSessionId: events.map((e) => str(e.event.sessionId) ?? str(e.context.sessionId)).find(Boolean) ?? null,
    durationMs: duration,
    ...(stale ? { stale: true } : {}),
    ...(legacy ? { legacyPayload: true } : {}),
  };
  out.runs.push(
    newRun(runId, "openclaw", runStart, {
      meta: resolveMetadata(...carriers),
      status: failed || (stale && !end) ? 2 : 0,
      statusMessage: failed ? errorText(endEv.error, "OpenClaw reported the run as failed (success: false).") : stale && !end ? STALE_MESSAGE : null,
      endTime: endAt,
      userPrompt: str(firstInput.prompt),
      systemPrompt: str(firstInput.systemPrompt),
      response: texts.join("\n") || lastAssistantText || null,
      attributes: { openclaw: Object.fromEntries(Object.entries(oc).filter(([, v]) => v !== null && v !== undefined)) },
    }),
  );
  return finalize(out);
}

function llmStep(id: string, runId: string, inp: Ev | null, o: Ev | null, fallback: Date): StepInput {
  const i = inp?.event ?? {};
  const e = o?.event ?? {};
  const input: ChatMessage[] = [];
  if (str(i.systemPrompt)) input.push(textMessage("system", i.systemPrompt as string));
  input.push(...chat(i.historyMessages));
  if (str(i.prompt)) input.push(textMessage("user", i.prompt as string));
  const last = isObj(e.lastAssistant) ? e.lastAssistant : null;
  const texts = Array.isArray(e.assistantTexts) ? e.assistantTexts.filter((t): t is string => typeof t === "string" && t !== "") : [];
  let output: ChatMessage[] | null = null;
  if (texts.length) output = [{ role: "assistant", parts: texts.map((text): ChatPart => ({ type: "text", text })) }];
  else if (last) {
    const m = normalizeMessage({ ...last, role: "assistant" });
    if (m && m.parts.length) output = [m];
  }
  const usage = objOr(e.usage);
  const stop = last ? str(last.stopReason) : null;
  const start = inp?.at ?? o?.at ?? fallback;
  return newStep(id, runId, start, {
    provider: str(e.provider) ?? str(i.provider),
    model: str(e.model) ?? str(i.model),
    endTime: o?.at ?? null,
    status: stop === "error" ? 2 : 0,
    statusMessage: stop === "error" ? (str(last?.errorMessage) ?? "The model call failed") : null,
    input: input.length ? input : null,
    output,
    finishReason: stop,
    usage: usageExclusive(usage.input, usage.output, usage.cacheRead, usage.cacheWrite),
    attributes: num(i.imagesCount) ? { imagesCount: num(i.imagesCount) } : {},
  });
}
