// A real framework over plain OpenTelemetry, no TCC package: a LangChain.js tool-calling agent
// (@langchain/core runnables, tools and callbacks) instrumented by OpenInference's
// @arizeai/openinference-instrumentation-langchain, exported as OTLP/HTTP protobuf by the official
// @opentelemetry/exporter-trace-otlp-proto to the running server, read back through the REST API.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, getRun, server } from "./support";
import { ANSWER, MODEL, QUESTION, weatherAgent } from "./langchain-agent";

type Exporter = import("@opentelemetry/exporter-trace-otlp-proto").OTLPTraceExporter;
type ReadableSpan = import("@opentelemetry/sdk-trace-base").ReadableSpan;

const runId = crypto.randomUUID();
const sessionId = `dublin-${crypto.randomBytes(4).toString("hex")}`;
let exporter: Exporter;
let finished: () => ReadableSpan[];
let flush: () => Promise<void>;
let shutdown: () => Promise<void>;

/** Sends already-finished spans again through the same exporter, as a retrying client would. */
function reexport(spans: ReadableSpan[]): Promise<number> {
  return new Promise((resolve) => exporter.export(spans, (r) => resolve(r.code)));
}

beforeAll(async () => {
  const CallbackManagerModule = await import("@langchain/core/callbacks/manager");
  const { LangChainInstrumentation } = await import("@arizeai/openinference-instrumentation-langchain");
  const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-proto");
  const { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } = await import("@opentelemetry/sdk-trace-base");
  const { resourceFromAttributes } = await import("@opentelemetry/resources");

  exporter = new OTLPTraceExporter({ url: `${server().url}/v1/traces`, headers: { Authorization: `Bearer ${server().ingestKey}` } });
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "dublin-weather-agent" }),
    spanProcessors: [new BatchSpanProcessor(exporter), new SimpleSpanProcessor(memory)],
  });
  new LangChainInstrumentation({ tracerProvider: provider }).manuallyInstrument(CallbackManagerModule);
  finished = () => memory.getFinishedSpans();
  flush = () => provider.forceFlush();
  shutdown = () => provider.shutdown();

  const agent = weatherAgent();
  const out = await agent.invoke(
    { question: QUESTION },
    { metadata: { "tcc.runId": runId, "tcc.sessionId": sessionId, "tcc.agent": "dublin-weather", "tcc.userId": "u-dub", customer: "acme" } },
  );
  expect(out).toEqual({ output: ANSWER });
  // A second call without a run id, in the same session: grouped by its trace.
  await weatherAgent().invoke({ question: QUESTION }, { metadata: { session_id: sessionId } });
  await flush();
});
afterAll(() => shutdown?.());

const root = (name: string) => finished().find((s) => s.name === name && !s.parentSpanContext)!;

describe("LangChain.js + OpenInference → OTLP protobuf → /v1/traces", () => {
  it("is one run whose prompt, response and metadata come from the root chain", async () => {
    const run = await getRun(runId);
    expect(run).toMatchObject({
      id: runId,
      status: "success",
      userPrompt: QUESTION,
      systemPrompt: "You are a concise weather assistant.",
      response: ANSWER,
      sessionId,
      agent: { name: "dublin-weather" },
      user: { id: "u-dub", name: null },
      metadata: { customer: "acme" },
      models: [MODEL],
      usage: { inputTokens: 88 + 171, outputTokens: 31 + 19, cachedTokens: 64 },
      stepCount: 2,
      toolCallCount: 2,
      toolErrorCount: 1,
    });
    // LangChain adds ls_* and version keys to every model and tool call's metadata; they are not the user's.
    expect(run.metadata).toEqual({ customer: "acme" });
    expect(run.costUsd).toBeGreaterThan(0);
  });

  it("shows both LLM calls as one chat with tool calls, tool results and ids", async () => {
    const run = await getRun(runId);
    const [first, second] = run.steps;
    expect(first).toMatchObject({ model: MODEL, finishReason: "tool_calls", usage: { inputTokens: 88, outputTokens: 31 } });
    expect(first.output).toEqual([
      {
        role: "assistant",
        parts: [
          { type: "tool_call", id: "call_dub_1", name: "get_weather", arguments: '{"city":"Dublin"}' },
          { type: "tool_call", id: "call_dub_2", name: "get_forecast", arguments: '{"city":"Dublin","days":5}' },
        ],
      },
    ]);
    expect(second.input.map((m: { role: string }) => m.role)).toEqual(["system", "user", "assistant", "tool", "tool"]);
    expect(second.input[3].parts[0]).toMatchObject({
      type: "tool_result",
      id: "call_dub_1",
      content: '{"city":"Dublin","temperature":14,"condition":"drizzle"}',
    });
    expect(second).toMatchObject({
      finishReason: "stop",
      usage: { cachedTokens: 64 },
      output: [{ role: "assistant", parts: [{ type: "text", text: ANSWER }] }],
    });
  });

  it("records the tool calls with their results and the thrown error", async () => {
    const run = await getRun(runId);
    expect(run.toolCalls).toEqual([
      expect.objectContaining({
        name: "get_weather",
        toolCallId: "call_dub_1",
        status: "success",
        result: '{"city":"Dublin","temperature":14,"condition":"drizzle"}',
        stepId: run.steps[0].id,
      }),
      expect.objectContaining({
        name: "get_forecast",
        status: "error",
        error: expect.stringContaining("forecast backend unreachable"),
        args: '{"city":"Dublin","days":5}',
      }),
    ]);
    expect(run.spans.map((s: { name: string }) => s.name).sort()).toEqual([
      "ScriptedChatModel",
      "ScriptedChatModel",
      "get_forecast",
      "get_weather",
      "weather-agent",
    ]);
    expect(run.attributes.resource["service.name"]).toBe("dublin-weather-agent");
  });

  it("groups a call without tcc.runId by its trace, with the session from LangChain's session_id metadata", async () => {
    const second = finished().filter((s) => s.name === "weather-agent" && !s.parentSpanContext)[1]!;
    const run = await getRun(second.spanContext().traceId);
    expect(run).toMatchObject({ sessionId, userPrompt: QUESTION, stepCount: 2, toolCallCount: 2 });
    const listed = await apiGet(`/v1/runs?sessionId=${sessionId}&range=1h`);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((r: { id: string }) => r.id).sort()).toEqual([runId, second.spanContext().traceId].sort());
  });

  it("keeps one copy when the exporter sends the same spans three times", async () => {
    const before = await getRun(runId);
    const spans = finished().filter((s) => s.spanContext().traceId === root("weather-agent").spanContext().traceId);
    expect(await reexport(spans)).toBe(0);
    expect(await reexport(spans)).toBe(0);
    const after = await getRun(runId);
    expect({ steps: after.stepCount, tools: after.toolCallCount, spans: after.spans.length, usage: after.usage }).toEqual({
      steps: before.stepCount,
      tools: before.toolCallCount,
      spans: before.spans.length,
      usage: before.usage,
    });
  });
});
