// Run plans (plan.mjs) → the wire formats Sightline ingests, shaped like what the real senders
// emit: @contextcompany/otel + AI SDK 6 (OTLP JSON, `ai.*` spans), OpenTelemetry GenAI
// conventions (`gen_ai.*`, invoke_agent / chat / execute_tool), and @contextcompany/custom batches.
import { planUsage } from "./plan.mjs";

const ns = (ms) => `${BigInt(Math.round(ms)) * 1_000_000n}`;
const iso = (ms) => new Date(ms).toISOString();

function value(v) {
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  if (Number.isInteger(v)) return { intValue: v };
  if (typeof v === "number") return { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(value) } };
  return { stringValue: JSON.stringify(v) };
}

/** `{key: value}` → OTLP attribute list (null/undefined values are left out). */
export function attrs(obj) {
  const out = [];
  for (const [key, v] of Object.entries(obj)) if (v !== null && v !== undefined) out.push({ key, value: value(v) });
  return out;
}

/** One OTLP/JSON ExportTraceServiceRequest with one resource and one scope. */
export function otlpRequest(spans, { service = "agent-service", scope = "ai", resource = {} } = {}) {
  return {
    resourceSpans: [
      {
        resource: { attributes: attrs({ "service.name": service, "telemetry.sdk.language": "nodejs", "telemetry.sdk.name": "opentelemetry", ...resource }) },
        scopeSpans: [{ scope: { name: scope }, spans }],
      },
    ],
  };
}

/** The TCC metadata carrier keys, as `<prefix>tcc.*` plus custom keys. */
function metadataAttrs(plan, prefix) {
  const m = plan.meta;
  const out = {
    [`${prefix}tcc.runId`]: plan.runId,
    [`${prefix}tcc.agent`]: plan.agent,
    [`${prefix}tcc.sessionId`]: m.sessionId,
    [`${prefix}tcc.conversational`]: m.conversational === null ? null : String(m.conversational),
    [`${prefix}tcc.userId`]: m.userId,
    [`${prefix}tcc.userName`]: m.userName,
    [`${prefix}tcc.orgId`]: m.orgId,
    [`${prefix}tcc.orgName`]: m.orgName,
  };
  for (const [k, v] of Object.entries(m.custom)) out[`${prefix}${k}`] = v;
  return out;
}

function usageAttrs(u) {
  return {
    "ai.usage.inputTokens": u.input,
    "ai.usage.outputTokens": u.output,
    "ai.usage.totalTokens": u.input + u.output,
    "ai.usage.cachedInputTokens": u.cached,
    "ai.usage.inputTokenDetails.noCacheTokens": u.input - u.cached,
    "ai.usage.inputTokenDetails.cacheReadTokens": u.cached,
  };
}

const status = (error) => (error ? { code: 2, message: error } : { code: 0 });
const exceptionEvent = (error, atMs) => ({
  timeUnixNano: ns(atMs),
  name: "exception",
  attributes: attrs({ "exception.type": error.split(":")[0], "exception.message": error }),
});

/** The spans @contextcompany/otel 1.0.16 exports for one AI SDK 6 generateText call (children first). */
export function aiSdkSpans(plan) {
  const common = {
    "ai.telemetry.functionId": plan.functionId,
    "resource.name": plan.functionId,
    ...metadataAttrs(plan, "ai.telemetry.metadata."),
    "tcc.runId": plan.runId,
  };
  const spans = [];
  for (const s of plan.steps) {
    spans.push({
      traceId: plan.traceId,
      spanId: s.spanId,
      parentSpanId: plan.rootSpanId,
      name: "ai.generateText.doGenerate",
      kind: 1,
      startTimeUnixNano: ns(s.start),
      endTimeUnixNano: ns(s.end),
      attributes: attrs({
        "operation.name": `ai.generateText.doGenerate ${plan.functionId}`,
        "ai.operationId": "ai.generateText.doGenerate",
        ...common,
        "ai.model.provider": s.provider,
        "ai.model.id": s.model,
        "ai.settings.maxRetries": 2,
        "ai.prompt.messages": JSON.stringify(s.input),
        "ai.prompt.tools": plan.toolDefs.map((d) => JSON.stringify(d)),
        "ai.prompt.toolChoice": '{"type":"auto"}',
        "gen_ai.system": s.provider,
        "gen_ai.request.model": s.model,
        "ai.response.finishReason": s.finishReason,
        "ai.response.text": s.text,
        "ai.response.toolCalls": s.toolCalls.length
          ? JSON.stringify(s.toolCalls.map((c) => ({ toolCallId: c.id, toolName: c.name, input: JSON.stringify(c.args) })))
          : null,
        "ai.response.id": s.responseId,
        "ai.response.model": s.model,
        ...usageAttrs(s.usage),
        "gen_ai.response.finish_reasons": [s.finishReason],
        "gen_ai.usage.input_tokens": s.usage.input,
        "gen_ai.usage.output_tokens": s.usage.output,
      }),
      status: status(s.error),
      events: s.error ? [exceptionEvent(s.error, s.end)] : [],
    });
  }
  for (const t of plan.tools) {
    spans.push({
      traceId: plan.traceId,
      spanId: t.spanId,
      parentSpanId: plan.rootSpanId,
      name: "ai.toolCall",
      kind: 1,
      startTimeUnixNano: ns(t.start),
      endTimeUnixNano: ns(t.end),
      attributes: attrs({
        "operation.name": `ai.toolCall ${plan.functionId}`,
        "ai.operationId": "ai.toolCall",
        ...common,
        "ai.toolCall.name": t.name,
        "ai.toolCall.id": t.callId,
        "ai.toolCall.args": JSON.stringify(t.args),
        "ai.toolCall.result": t.result === null ? null : JSON.stringify(t.result),
      }),
      status: status(t.error),
      events: t.error ? [exceptionEvent(t.error, t.end)] : [],
    });
  }
  spans.push({
    traceId: plan.traceId,
    spanId: plan.rootSpanId,
    name: "ai.generateText",
    kind: 1,
    startTimeUnixNano: ns(plan.start),
    endTimeUnixNano: ns(plan.end),
    attributes: attrs({
      "operation.name": `ai.generateText ${plan.functionId}`,
      "ai.operationId": "ai.generateText",
      ...common,
      "ai.model.provider": plan.provider,
      "ai.model.id": plan.model,
      "ai.prompt": JSON.stringify({ system: plan.system, prompt: plan.prompt }),
      "ai.response.finishReason": plan.status === 2 ? "error" : "stop",
      "ai.response.text": plan.response,
      ...usageAttrs(planUsage(plan)),
    }),
    status: status(plan.statusMessage),
    events: plan.statusMessage ? [exceptionEvent(plan.statusMessage, plan.end)] : [],
  });
  return spans;
}

const genAiParts = (content) =>
  (Array.isArray(content) ? content : [{ type: "text", text: content }]).map((p) =>
    p.type === "text"
      ? { type: "text", content: p.text }
      : p.type === "tool-call"
        ? { type: "tool_call", id: p.toolCallId, name: p.toolName, arguments: p.input }
        : { type: "tool_call_response", id: p.toolCallId, response: p.output?.value },
  );

/** GenAI semantic-convention spans (what OpenLLMetry-style or AI SDK 7 instrumentation sends). */
export function genAiSpans(plan) {
  const spans = [];
  const runAttr = { "tcc.runId": plan.runId };
  for (const s of plan.steps) {
    const input = s.input.filter((m) => m.role !== "system").map((m) => ({ role: m.role, parts: genAiParts(m.content) }));
    const outParts =
      s.text !== null ? [{ type: "text", content: s.text }] : s.toolCalls.map((c) => ({ type: "tool_call", id: c.id, name: c.name, arguments: c.args }));
    spans.push({
      traceId: plan.traceId,
      spanId: s.spanId,
      parentSpanId: plan.rootSpanId,
      name: `chat ${s.model}`,
      kind: 3,
      startTimeUnixNano: ns(s.start),
      endTimeUnixNano: ns(s.end),
      attributes: attrs({
        ...runAttr,
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": s.genAiProvider,
        "gen_ai.request.model": s.model,
        "gen_ai.response.model": s.model,
        "gen_ai.response.id": s.responseId,
        "gen_ai.system_instructions": JSON.stringify([{ type: "text", content: plan.system }]),
        "gen_ai.input.messages": JSON.stringify(input),
        "gen_ai.output.messages": s.error ? null : JSON.stringify([{ role: "assistant", parts: outParts, finish_reason: s.finishReason }]),
        "gen_ai.response.finish_reasons": [s.finishReason === "tool-calls" ? "tool_call" : s.finishReason],
        "gen_ai.usage.input_tokens": s.usage.input,
        "gen_ai.usage.output_tokens": s.usage.output,
        "gen_ai.usage.cache_read.input_tokens": s.usage.cached,
      }),
      status: status(s.error),
      events: s.error ? [exceptionEvent(s.error, s.end)] : [],
    });
  }
  for (const t of plan.tools) {
    spans.push({
      traceId: plan.traceId,
      spanId: t.spanId,
      parentSpanId: plan.rootSpanId,
      name: `execute_tool ${t.name}`,
      kind: 1,
      startTimeUnixNano: ns(t.start),
      endTimeUnixNano: ns(t.end),
      attributes: attrs({
        ...runAttr,
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": t.name,
        "gen_ai.tool.call.id": t.callId,
        "gen_ai.tool.type": "function",
        "gen_ai.tool.call.arguments": JSON.stringify(t.args),
        "gen_ai.tool.call.result": t.result === null ? null : JSON.stringify(t.result),
      }),
      status: status(t.error),
      events: t.error ? [exceptionEvent(t.error, t.end)] : [],
    });
  }
  const u = planUsage(plan);
  spans.push({
    traceId: plan.traceId,
    spanId: plan.rootSpanId,
    name: `invoke_agent ${plan.functionId}`,
    kind: 1,
    startTimeUnixNano: ns(plan.start),
    endTimeUnixNano: ns(plan.end),
    attributes: attrs({
      ...metadataAttrs(plan, ""),
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": plan.agent,
      "gen_ai.provider.name": plan.genAiProvider,
      "gen_ai.request.model": plan.model,
      "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: plan.prompt }] }]),
      "gen_ai.output.messages":
        plan.response === null ? null : JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: plan.response }], finish_reason: "stop" }]),
      "gen_ai.usage.input_tokens": u.input,
      "gen_ai.usage.output_tokens": u.output,
    }),
    status: status(plan.statusMessage),
    events: [],
  });
  return spans;
}

/** The items @contextcompany/custom's builder sends for one run (run first, then steps, then tool calls). */
export function customItems(plan) {
  const m = plan.meta;
  const metadata = { ...m.custom, "tcc.agent": plan.agent };
  if (m.userId) Object.assign(metadata, { "tcc.userId": m.userId, "tcc.userName": m.userName ?? undefined });
  if (m.orgId) Object.assign(metadata, { "tcc.orgId": m.orgId, "tcc.orgName": m.orgName ?? undefined });
  const run = {
    type: "run",
    run_id: plan.runId,
    start_time: iso(plan.start),
    end_time: iso(plan.end),
    status_code: plan.status,
    prompt: { user_prompt: plan.prompt, system_prompt: plan.system },
    ...(plan.response !== null ? { response: plan.response } : {}),
    ...(plan.statusMessage ? { status_message: plan.statusMessage } : {}),
    ...(m.sessionId ? { session_id: m.sessionId } : {}),
    ...(m.conversational !== null ? { conversational: m.conversational } : {}),
    metadata: JSON.parse(JSON.stringify(metadata)),
  };
  const steps = plan.steps.map((s) => ({
    type: "step",
    run_id: plan.runId,
    step_id: s.spanId,
    start_time: iso(s.start),
    end_time: iso(s.end),
    prompt: JSON.stringify(s.input),
    response:
      s.text ??
      (s.toolCalls.length ? JSON.stringify(s.toolCalls.map((c) => ({ id: c.id, function: { name: c.name, arguments: JSON.stringify(c.args) } }))) : ""),
    status_code: s.error ? 2 : 0,
    ...(s.error ? { status_message: s.error } : {}),
    model_requested: s.model,
    model_used: s.model,
    finish_reason: s.finishReason === "tool-calls" ? "tool_calls" : s.finishReason,
    prompt_uncached_tokens: s.usage.input - s.usage.cached,
    prompt_cached_tokens: s.usage.cached,
    completion_tokens: s.usage.output,
    tool_definitions: JSON.stringify(plan.toolDefs.map((d) => ({ name: d.name }))),
  }));
  const tools = plan.tools.map((t) => ({
    type: "tool_call",
    run_id: plan.runId,
    tool_call_id: t.callId,
    tool_name: t.name,
    start_time: iso(t.start),
    end_time: iso(t.end),
    status_code: t.error ? 2 : 0,
    ...(t.error ? { status_message: t.error } : {}),
    args: JSON.stringify(t.args),
    ...(t.result !== null ? { result: JSON.stringify(t.result) } : {}),
  }));
  return [run, ...steps, ...tools];
}
