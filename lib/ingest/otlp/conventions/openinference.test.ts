// OpenInference: a LangChain-style RAG chain (OTLP/JSON) and Agno as `instrument_agno()` sends it
// (OpenInference AgnoInstrumentor + TCC's MetadataFixingExporter, protobuf).
import { describe, expect, it } from "vitest";
import { decodeJsonTraces } from "../decode";
import { fixtureSpans, loadFixture, toOtlpJson } from "@/tests/fixtures/otel/otlp-fixture";
import { tracesToBatch } from "../to-batch";
import { openInferenceConvention as c } from "./openinference";
import { conventionFor } from "./registry";

const rag = decodeJsonTraces(toOtlpJson(loadFixture("openinference"))).spans;
const agno = fixtureSpans("agno");
const span = (list: typeof rag, id: string) => list.find((s) => s.spanId === id)!;

describe("OpenInference convention", () => {
  it("claims OpenInference spans and leaves database/HTTP spans to the generic convention", () => {
    expect(Object.fromEntries(rag.map((s) => [s.name, conventionFor(s).name]))).toEqual({
      RunnableSequence: "openinference",
      VectorStoreRetriever: "openinference",
      "SELECT docs": "generic",
      ChatAnthropic: "openinference",
      lookup_plan: "openinference",
      "GET /health": "generic",
    });
  });

  it("classifies by openinference.span.kind: root CHAIN/AGENT = run, LLM = step, TOOL = tool", () => {
    expect(c.classify(span(rag, "aa00000000000001"))).toBe("run");
    expect(c.classify(span(rag, "aa00000000000002"))).toBe("other");
    expect(c.classify(span(rag, "aa00000000000004"))).toBe("step");
    expect(c.classify(span(rag, "aa00000000000005"))).toBe("tool");
    expect(c.classify(span(agno, "051581bf3cb55c13"))).toBe("run");
  });

  it("reads llm.input_messages in both the `content` and the `contents` forms", () => {
    const step = c.step!(span(rag, "aa00000000000004"));
    expect(step.input).toEqual([
      { role: "system", parts: [{ type: "text", text: "Answer from the product docs." }] },
      { role: "user", parts: [{ type: "text", text: "Which plan includes SSO?" }] },
    ]);
    expect(step.output).toEqual([{ role: "assistant", parts: [{ type: "tool_call", id: "toolu_01", name: "lookup_plan", arguments: '{"feature": "sso"}' }] }]);
    expect(step).toMatchObject({
      model: "claude-3-5-sonnet-20241022",
      provider: "anthropic",
      usage: { inputTokens: 300, outputTokens: 40, cachedTokens: 100 },
    });
  });

  it("reads tool results fed back to the model as tool messages", () => {
    const input = c.step!(span(agno, "4d5e6f7081920314")).input as { role: string; parts: unknown[] }[];
    expect(input.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool", "tool"]);
    expect(input[4]!.parts).toEqual([{ type: "tool_result", id: "call_a2", name: null, content: "Forecast service unavailable" }]);
  });

  it("maps TOOL spans: name, arguments from input.value, result from output.value", () => {
    expect(c.tool!(span(agno, "2b3c4d5e6f708192"))).toEqual({
      name: "get_weather",
      toolCallId: null,
      args: '{"location": "Tokyo"}',
      result: "Weather in Tokyo: 72°F, Sunny, 60% humidity",
    });
  });

  it("takes the run id from the root's metadata JSON only", () => {
    expect(c.runId!(span(rag, "aa00000000000001"))).toBe("8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d");
    expect(c.runId!(span(rag, "aa00000000000004"))).toBeNull();
  });

  it("resolves metadata from the JSON attribute with tcc.* rules, session.id / user.id as fallbacks, no ls_* keys", () => {
    const batch = tracesToBatch(rag);
    const run = batch.runs.find((r) => r.id === "8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d")!;
    expect(run.meta).toEqual({
      runId: "8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d",
      sessionId: "oi-sess-1",
      conversational: null,
      agent: "support-bot",
      userId: "u-9",
      userName: "Grace",
      orgId: "org-1",
      orgName: "Initech",
      custom: { release: "2026.07" },
    });
    expect(run).toMatchObject({
      userPrompt: "Which plan includes SSO?",
      response: "SSO is included in the Enterprise plan.",
      systemPrompt: "Answer from the product docs.",
    });
  });

  it("leaves LangChain / LangGraph keys and inner chains' metadata out of custom metadata", () => {
    const root = span(rag, "aa00000000000001");
    const withFramework = {
      ...root,
      attributes: { ...root.attributes, metadata: JSON.stringify({ "tcc.runId": "r", team: "a", ls_provider: "x", versions: { core: "1" } }) },
    };
    const innerChain = {
      ...span(rag, "aa00000000000002"),
      attributes: {
        "openinference.span.kind": "CHAIN",
        metadata: JSON.stringify({ "tcc.runId": "r", langgraph_node: "agent", langgraph_step: 2, extra: "child" }),
      },
    };
    const meta = tracesToBatch([withFramework, innerChain]).runs[0]!.meta;
    expect(meta.custom).toEqual({ team: "a" });
  });

  it("keeps spans of no known convention: the database span in its run, the HTTP-only trace as its own run", () => {
    const batch = tracesToBatch(rag);
    const names = (runId: string) =>
      batch.spans
        .filter((s) => s.runId === runId)
        .map((s) => s.name)
        .sort();
    expect(names("8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d")).toEqual([
      "ChatAnthropic",
      "ChatAnthropic",
      "RunnableSequence",
      "SELECT docs",
      "VectorStoreRetriever",
      "lookup_plan",
    ]);
    expect(names("deadbeefdeadbeefdeadbeefdeadbeef")).toEqual(["GET /health"]);
    const http = batch.runs.find((r) => r.id === "deadbeefdeadbeefdeadbeefdeadbeef")!;
    expect(http).toMatchObject({ placeholder: false, userPrompt: null });
  });

  it("maps an Agno run: TCC-stamped ids, metadata JSON rules, tool call ids recovered from the LLM output", () => {
    const batch = tracesToBatch(agno);
    expect(batch.runs).toHaveLength(1);
    const [run] = batch.runs;
    expect(run!.meta).toMatchObject({
      runId: "3f6c2a1b-9d8e-4c7b-a6f5-e4d3c2b1a098",
      sessionId: "agno-sess-9",
      agent: "weather-agent",
      conversational: true,
      userId: "agno-user-7",
      custom: { environment: "development" },
    });
    expect(run).toMatchObject({
      status: 1,
      userPrompt: "What's the weather in Tokyo, and the forecast for the next three days?",
      systemPrompt: expect.stringContaining("helpful weather assistant"),
      response: expect.stringContaining("72°F and sunny"),
    });
    expect(batch.toolCalls.map((t) => [t.name, t.toolCallId, t.status, t.error])).toEqual([
      ["get_weather", "call_a1", 1, null],
      ["get_forecast", "call_a2", 2, "Forecast service unavailable"],
    ]);
    expect(batch.steps.map((s) => s.usage)).toEqual([
      { inputTokens: 210, outputTokens: 44, cachedTokens: null },
      { inputTokens: 320, outputTokens: 28, cachedTokens: 128 },
    ]);
  });
});

describe("OpenInference convention on live LangChain.js output", () => {
  it("recovers tool calls and ids the flattened messages leave out, from the serialised values", async () => {
    const CallbackManagerModule = await import("@langchain/core/callbacks/manager");
    const { LangChainInstrumentation } = await import("@arizeai/openinference-instrumentation-langchain");
    const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = await import("@opentelemetry/sdk-trace-base");
    const { ProtobufTraceSerializer } = await import("@opentelemetry/otlp-transformer");
    const { decodeProtobufTraces } = await import("../decode");
    const { weatherAgent, QUESTION, ANSWER } = await import("@/tests/contract/langchain-agent");

    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
    const instrumentation = new LangChainInstrumentation({ tracerProvider: provider });
    instrumentation.manuallyInstrument(CallbackManagerModule);
    try {
      await weatherAgent().invoke({ question: QUESTION }, { metadata: { "tcc.runId": "live-run" } });
    } finally {
      instrumentation.disable();
    }
    const batch = tracesToBatch(decodeProtobufTraces(ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans())!).spans);
    expect(batch.runs.map((r) => [r.id, r.userPrompt, r.response])).toEqual([["live-run", QUESTION, ANSWER]]);
    const [first, second] = batch.steps;
    expect((first!.output as { parts: { type: string; id: string }[] }[])[0]!.parts.map((p) => [p.type, p.id])).toEqual([
      ["tool_call", "call_dub_1"],
      ["tool_call", "call_dub_2"],
    ]);
    expect((second!.input as { role: string }[]).map((m) => m.role)).toEqual(["system", "user", "assistant", "tool", "tool"]);
    expect(batch.toolCalls.map((t) => [t.name, t.toolCallId, t.status])).toEqual([
      ["get_weather", "call_dub_1", 1],
      ["get_forecast", "call_dub_2", 2],
    ]);
    expect(batch.toolCalls[0]!.result).toBe('{"city":"Dublin","temperature":14,"condition":"drizzle"}');
  });
});
