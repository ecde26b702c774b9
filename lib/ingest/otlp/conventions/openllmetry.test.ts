// OpenLLMetry / Traceloop as the Python `instrument_langchain()` sends it (fixture built from the
// wire-format reference and the OpenLLMetry callback handler; decoded through protobuf).
import { describe, expect, it } from "vitest";
import { fixtureSpans } from "@/tests/fixtures/otel/otlp-fixture";
import { tracesToBatch } from "../to-batch";
import type { OtlpSpan } from "../decode";
import { openLlmetryConvention as c } from "./openllmetry";
import { conventionFor } from "./registry";

const spans = fixtureSpans("python-langchain");
const byId = (id: string) => spans.find((s) => s.spanId === id)!;
const RUN = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

describe("OpenLLMetry convention", () => {
  it("claims every LangChain span (LLM spans carry gen_ai.* too, so it must win over GenAI)", () => {
    expect(spans.map((s) => conventionFor(s).name)).toEqual(spans.map(() => "openllmetry"));
  });

  it("classifies the workflow root as the run, LLM spans as steps, tool spans as tools", () => {
    expect(c.classify(byId("00f067aa0ba902b7"))).toBe("run");
    expect(c.classify(byId("b7ad6b7169203331"))).toBe("group");
    expect(c.classify(byId("c1d2e3f4a5b6c7d8"))).toBe("step");
    expect(c.classify(byId("d4e5f6a7b8c9d0e1"))).toBe("tool");
  });

  it("reads the user's run id from the root's association properties only", () => {
    expect(c.runId!(byId("00f067aa0ba902b7"))).toBe(RUN);
    expect(c.runId!(byId("c1d2e3f4a5b6c7d8"))).toBeNull();
    const bare: OtlpSpan = { ...byId("00f067aa0ba902b7"), attributes: { "langsmith.metadata.tcc.run_id": "ls-run" } };
    expect(c.runId!(bare)).toBe("ls-run");
  });

  it("rebuilds indexed prompts and completions into one chat, tool calls and tool results included", () => {
    const step = c.step!(byId("a7b8c9d0e1f2a3b4"));
    expect((step.input as { role: string }[]).map((m) => m.role)).toEqual(["system", "user", "assistant", "tool", "tool"]);
    const [, , asked, answered] = step.input as { parts: unknown[] }[];
    expect(asked!.parts).toEqual([
      { type: "tool_call", id: "call_w1", name: "get_weather", arguments: '{"city": "Paris"}' },
      { type: "tool_call", id: "call_w2", name: "lookup_forecast", arguments: '{"city": "Paris", "days": 2}' },
    ]);
    expect(answered!.parts).toEqual([{ type: "tool_result", id: "call_w1", name: null, content: "18°C, light rain" }]);
    expect(step).toMatchObject({
      model: "gpt-4o-mini-2024-07-18",
      provider: "openai",
      finishReason: "stop",
      usage: { inputTokens: 160, outputTokens: 21, cachedTokens: 64 },
      output: [{ role: "assistant", parts: [{ type: "text", text: "It is 18°C with light rain in Paris, so pack an umbrella." }] }],
    });
  });

  it("reads a JSON-encoded empty completion as no text, keeping the requested tool calls", () => {
    const step = c.step!(byId("c1d2e3f4a5b6c7d8"));
    expect(step.output).toEqual([
      {
        role: "assistant",
        parts: [
          { type: "tool_call", id: "call_w1", name: "get_weather", arguments: '{"city": "Paris"}' },
          { type: "tool_call", id: "call_w2", name: "lookup_forecast", arguments: '{"city": "Paris", "days": 2}' },
        ],
      },
    ]);
    expect(step.finishReason).toBe("tool_calls");
  });

  it("takes tool arguments from LangChain `inputs` and the result from the serialised ToolMessage", () => {
    expect(c.tool!(byId("d4e5f6a7b8c9d0e1"))).toEqual({
      name: "get_weather",
      toolCallId: "call_w1",
      args: '{"city":"Paris"}',
      result: "18°C, light rain",
    });
  });

  it("maps the root's entity input/output to the run's prompt and response", () => {
    expect(c.run!(byId("00f067aa0ba902b7"))).toMatchObject({
      userPrompt: "What's the weather in Paris, and should I pack an umbrella?",
      response: "It is 18°C with light rain in Paris, so pack an umbrella.",
    });
  });

  it("treats the association properties of the root as metadata, and only tcc.* keys of LLM spans", () => {
    const root = c.metadata!(byId("00f067aa0ba902b7"));
    expect(root[0]).toMatchObject({ "tcc.runId": RUN, team: "travel", plan: "pro" });
    const llm = c.metadata!(byId("c1d2e3f4a5b6c7d8"));
    expect(llm.flatMap((m) => Object.keys(m))).not.toContain("ls_provider");
  });

  it("marks a tool whose ToolMessage says status=error as failed", () => {
    const ok = byId("d4e5f6a7b8c9d0e1");
    expect(c.status!(ok)).toBeNull();
    const failed: OtlpSpan = {
      ...ok,
      attributes: {
        ...ok.attributes,
        "traceloop.entity.output": JSON.stringify({
          output: { lc: 1, type: "constructor", id: ["ToolMessage"], kwargs: { content: "bad city", tool_call_id: "x", status: "error" } },
        }),
      },
    };
    expect(c.status!(failed)).toBe(2);
  });

  it("maps the whole request to two runs with metadata rules applied", () => {
    const batch = tracesToBatch(spans);
    expect(batch.runs.map((r) => r.id).sort()).toEqual(["5d1a3e0b-2f4c-4b8e-9a6d-1c2b3a4d5e6f", RUN]);
    const run = batch.runs.find((r) => r.id === RUN)!;
    expect(run.meta).toEqual({
      runId: RUN,
      sessionId: "py-lc-sess-1",
      conversational: true,
      agent: "travel-agent",
      userId: "user-42",
      userName: "Ada",
      orgId: null,
      orgName: null,
      custom: { team: "travel", plan: "pro" },
    });
    expect(run.systemPrompt).toBe("You are a helpful travel assistant.");
    expect(batch.steps.filter((s) => s.runId === RUN)).toHaveLength(2);
    expect(batch.toolCalls.map((t) => [t.name, t.status, t.error])).toEqual([
      ["get_weather", 0, null],
      ["lookup_forecast", 2, "ConnectionError: forecast service timed out"],
    ]);
    const failed = batch.runs.find((r) => r.id !== RUN)!;
    expect(failed).toMatchObject({
      status: 2,
      statusMessage: "anthropic.RateLimitError: Error code: 429 - rate limit reached",
      userPrompt: "Book a table for two",
    });
    expect(failed.meta.agent).toBeNull(); // "Runs" is a reserved route
    expect(batch.spans).toHaveLength(spans.length);
  });
});

describe("OpenLLMetry convention on live LangChain.js output (@traceloop/instrumentation-langchain)", () => {
  it("maps its GenAI-style chat spans and `execute_tool` task spans to steps and named tool calls", async () => {
    const CallbackManagerModule = await import("@langchain/core/callbacks/manager");
    const { LangChainInstrumentation } = await import("@traceloop/instrumentation-langchain");
    const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = await import("@opentelemetry/sdk-trace-base");
    const { ProtobufTraceSerializer } = await import("@opentelemetry/otlp-transformer");
    const { decodeProtobufTraces } = await import("../decode");
    const { weatherAgent, QUESTION, ANSWER } = await import("@/tests/contract/langchain-agent");

    const memory = new InMemorySpanExporter();
    const instrumentation = new LangChainInstrumentation();
    instrumentation.setTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] }));
    instrumentation.manuallyInstrument({ callbackManagerModule: CallbackManagerModule });
    try {
      await weatherAgent().invoke({ question: QUESTION });
    } finally {
      instrumentation.disable();
    }
    const live = decodeProtobufTraces(ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans())!).spans;
    const batch = tracesToBatch(live);
    // This instrumentation does not link its spans (each is a trace of its own), so they cannot
    // form one run; each still shows what it did.
    // The tool's name travels only in its ToolMessage: a tool that threw is known by its class.
    expect(batch.toolCalls.map((t) => [t.name, t.toolCallId, t.status, t.args])).toEqual([
      ["get_weather", "call_dub_1", 1, '{"city":"Dublin"}'],
      ["DynamicStructuredTool", null, 2, '{"city":"Dublin","days":5}'],
    ]);
    expect(batch.toolCalls[1]!.error).toBe("forecast backend unreachable");
    expect(batch.toolCalls[0]!.result).toBe('{"city":"Dublin","temperature":14,"condition":"drizzle"}');
    expect(batch.steps.map((s) => s.model)).toEqual(["gpt-4o-mini-2024-07-18", "gpt-4o-mini-2024-07-18"]);
    const workflow = batch.runs.find((r) => r.attributes.rootSpan === "workflow RunnableLambda")!;
    expect(workflow).toMatchObject({ userPrompt: QUESTION, response: ANSWER, placeholder: false });
    expect(batch.spans).toHaveLength(live.length);
  }, 60_000); // imports LangChain and the instrumentation: seconds on a loaded machine
});
