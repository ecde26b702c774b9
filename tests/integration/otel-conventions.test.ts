// Every OpenTelemetry convention on POST /v1/traces, replayed through the real route handlers and
// read back through GET /v1/runs/{id}: AI SDK 7 (captured), Python LangChain / OpenLLMetry
// (protobuf, gzip), Agno / OpenInference (protobuf), OpenInference (JSON), GenAI semconv (JSON).
import { describe, expect, it } from "vitest";
import { priceUsage } from "@/lib/ingest/pricing";
import { withInstalledProject } from "../helpers/db";
import { fixture, replay } from "../helpers/routes";
import { chatShape, getRun, postOtlpJson, postProtobuf, rowCounts, toolIdsPair } from "./otel-helpers";

const RUNS = {
  aisdk7: "3b1e9c2a-7f4d-4e8a-9b6c-2d5f8a1e3c70",
  langchain: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  langchainFailed: "5d1a3e0b-2f4c-4b8e-9a6d-1c2b3a4d5e6f",
  agno: "3f6c2a1b-9d8e-4c7b-a6f5-e4d3c2b1a098",
  openinference: "8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d",
  httpOnly: "deadbeefdeadbeefdeadbeefdeadbeef",
  genai: "2c4e6a8b-1d3f-4a5b-8c7d-9e0f1a2b3c4d",
  genaiEvents: "abababababababababababababababab",
};

async function sendAll() {
  const statuses = [
    ...(await replay(fixture("aisdk7-head"), s.project.ingestKey)).map((r) => r.status),
    (await postProtobuf("/v1/traces", "python-langchain", s.project.ingestKey, { gzip: true })).status,
    (await postProtobuf("/v1/traces", "agno", s.project.ingestKey)).status,
    (await postOtlpJson("/v1/traces", "openinference", s.project.ingestKey)).status,
    (await postOtlpJson("/v1/traces", "genai-semconv", s.project.ingestKey)).status,
  ];
  return statuses;
}

const s = withInstalledProject(async () => {
  expect(await sendAll()).toEqual([200, 200, 200, 200, 200]);
});

const run = async (id: string) => {
  const res = await getRun(id, s.project.readKey);
  expect(res.status).toBe(200);
  return res.body;
};

describe("AI SDK 7 (aisdk7-head.jsonl)", () => {
  it("is one run: invoke_agent's prompt/response, chat steps, the tool under the first step, metadata", async () => {
    const body = await run(RUNS.aisdk7);
    expect(body).toMatchObject({
      userPrompt: "Weather in Oslo?",
      systemPrompt: "Be brief.",
      response: "Oslo is rainy.",
      sessionId: "sess-7",
      agent: { name: "weather-agent" },
      user: { id: "u-7", name: null },
      metadata: { environment: "test" },
      models: ["mock-model-v7"],
      usage: { inputTokens: 32, outputTokens: 9, cachedTokens: 0 },
      stepCount: 2,
      toolCallCount: 1,
      status: "success",
    });
    expect(body.steps.map((s: { name: string }) => s.name)).toEqual(["chat mock-model-v7", "chat mock-model-v7"]);
    expect(body.toolCalls[0]).toMatchObject({ name: "getWeather", toolCallId: "call_7", args: '{"city":"Oslo"}', stepId: body.steps[0].id });
    expect(body.spans.map((s: { name: string }) => s.name).sort()).toEqual(
      ["chat mock-model-v7", "chat mock-model-v7", "execute_tool getWeather", "invoke_agent mock-model-v7", "step 1", "step 2"].sort(),
    );
  });
});

describe("Python LangChain: OpenLLMetry over OTLP protobuf + gzip", () => {
  it("builds the run from the workflow root, association-property metadata, two priced steps, two tool calls", async () => {
    const body = await run(RUNS.langchain);
    expect(body).toMatchObject({
      status: "success",
      userPrompt: "What's the weather in Paris, and should I pack an umbrella?",
      systemPrompt: "You are a helpful travel assistant.",
      response: "It is 18°C with light rain in Paris, so pack an umbrella.",
      sessionId: "py-lc-sess-1",
      conversational: true,
      agent: { name: "travel-agent" },
      user: { id: "user-42", name: "Ada" },
      org: null,
      metadata: { team: "travel", plan: "pro" },
      models: ["gpt-4o-mini-2024-07-18"],
      usage: { inputTokens: 252, outputTokens: 38, cachedTokens: 64 },
      stepCount: 2,
      toolCallCount: 2,
      toolErrorCount: 1,
    });
    expect(Object.keys(body.metadata)).not.toContain("ls_provider");
    const expected =
      priceUsage("gpt-4o-mini-2024-07-18", "openai", { inputTokens: 92, outputTokens: 17, cachedTokens: 0 })! +
      priceUsage("gpt-4o-mini-2024-07-18", "openai", { inputTokens: 160, outputTokens: 21, cachedTokens: 64 })!;
    expect(expected).toBeGreaterThan(0);
    expect(body.costUsd).toBeCloseTo(expected, 10);
    expect(body.steps[0]).toMatchObject({ model: "gpt-4o-mini-2024-07-18", provider: "openai", finishReason: "tool_calls", costSource: "price" });
    expect(body.toolCalls).toEqual([
      expect.objectContaining({
        name: "get_weather",
        toolCallId: "call_w1",
        args: '{"city":"Paris"}',
        result: "18°C, light rain",
        status: "success",
        stepId: body.steps[0].id,
      }),
      expect.objectContaining({ name: "lookup_forecast", toolCallId: "call_w2", status: "error", error: "ConnectionError: forecast service timed out" }),
    ]);
    expect(body.spans).toHaveLength(7);
  });

  it("keeps the failed chain as a failed run in the same session, its reserved agent name dropped", async () => {
    const body = await run(RUNS.langchainFailed);
    expect(body).toMatchObject({
      status: "error",
      statusMessage: "anthropic.RateLimitError: Error code: 429 - rate limit reached",
      userPrompt: "Book a table for two",
      sessionId: "py-lc-sess-1",
      agent: null,
      stepCount: 1,
    });
    expect(body.steps[0]).toMatchObject({ status: "error", model: "claude-3-5-haiku-20241022" });
  });
});

describe("Agno: OpenInference + TCC MetadataFixingExporter over protobuf", () => {
  it("reads the metadata JSON with the tcc.* rules and recovers tool call ids from the LLM output", async () => {
    const body = await run(RUNS.agno);
    expect(body).toMatchObject({
      status: "success",
      userPrompt: "What's the weather in Tokyo, and the forecast for the next three days?",
      response: expect.stringContaining("72°F and sunny in Tokyo"),
      sessionId: "agno-sess-9",
      conversational: true,
      agent: { name: "weather-agent" },
      user: { id: "agno-user-7", name: null },
      metadata: { environment: "development" },
      models: ["gpt-4o"],
      usage: { inputTokens: 530, outputTokens: 72, cachedTokens: 128 },
      stepCount: 2,
      toolCallCount: 2,
      toolErrorCount: 1,
    });
    expect(body.costUsd).toBeGreaterThan(0);
    expect(body.toolCalls.map((c: { name: string; toolCallId: string; status: string }) => [c.name, c.toolCallId, c.status])).toEqual([
      ["get_weather", "call_a1", "success"],
      ["get_forecast", "call_a2", "error"],
    ]);
    expect(body.toolCalls[1].error).toBe("Forecast service unavailable");
  });
});

describe("OpenInference over OTLP/JSON", () => {
  it("maps the chain run with identities from the metadata JSON and keeps unknown-convention spans", async () => {
    const body = await run(RUNS.openinference);
    expect(body).toMatchObject({
      userPrompt: "Which plan includes SSO?",
      response: "SSO is included in the Enterprise plan.",
      sessionId: "oi-sess-1",
      agent: { name: "support-bot" },
      user: { id: "u-9", name: "Grace" },
      org: { id: "org-1", name: "Initech" },
      metadata: { release: "2026.07" },
      usage: { inputTokens: 680, outputTokens: 52, cachedTokens: 100 },
      stepCount: 2,
      toolCallCount: 1,
    });
    const db = body.spans.find((s: { name: string }) => s.name === "SELECT docs");
    expect(db.attributes).toMatchObject({ "db.system": "postgresql", "db.statement": expect.stringContaining("SELECT content") });
    expect(body.spans.find((s: { name: string }) => s.name === "VectorStoreRetriever").attributes["retrieval.documents.0.document.content"]).toBe(
      "Enterprise: SSO, audit logs.",
    );
  });

  it("keeps a trace of only unknown spans as a run of its own, with every attribute", async () => {
    const body = await run(RUNS.httpOnly);
    expect(body).toMatchObject({ stepCount: 0, toolCallCount: 0, attributes: { rootSpan: "GET /health", convention: "generic" } });
    expect(body.spans).toEqual([
      expect.objectContaining({
        name: "GET /health",
        kind: 2,
        attributes: expect.objectContaining({ "http.response.status_code": 200, "url.path": "/health" }),
      }),
    ]);
  });
});

describe("OTel GenAI semantic conventions over OTLP/JSON", () => {
  it("reads plain tcc.* attributes, derives prompt/response from steps, keeps the failed tool's error.type", async () => {
    const body = await run(RUNS.genai);
    expect(body).toMatchObject({
      userPrompt: "Plan a day in Rome",
      systemPrompt: "You plan trips.",
      response: "Morning at the Colosseum, afternoon at the Pantheon. I could not book lunch.",
      sessionId: "genai-sess",
      conversational: false,
      agent: { name: "planner" },
      user: null,
      usage: { inputTokens: 140, outputTokens: 24 },
      stepCount: 2,
      toolCallCount: 2,
      toolErrorCount: 1,
    });
    expect(body.toolCalls.find((c: { name: string }) => c.name === "book_table")).toMatchObject({ status: "error", error: "TimeoutError" });
  });

  it("reads messages from older span events", async () => {
    const body = await run(RUNS.genaiEvents);
    expect(body).toMatchObject({ userPrompt: "Capital of France?", response: "Paris.", stepCount: 1 });
    expect(chatShape(body.steps[0].input)).toEqual(["system:text", "user:text"]);
    expect(body.steps[0].finishReason).toBe("end_turn");
  });
});

describe("one chat shape for every convention", () => {
  it("renders the final LLM call of each tool-using run as system / user / assistant tool calls / tool results", async () => {
    const shapes: Record<string, string[]> = {};
    for (const [name, id] of Object.entries({
      aisdk7: RUNS.aisdk7,
      langchain: RUNS.langchain,
      agno: RUNS.agno,
      openinference: RUNS.openinference,
      genai: RUNS.genai,
    })) {
      const body = await run(id);
      const last = body.steps[body.steps.length - 1];
      expect(toolIdsPair(last.input), name).toBe(true);
      expect(chatShape(last.output), name).toEqual(["assistant:text"]);
      shapes[name] = chatShape(last.input);
    }
    const twoTools = ["system:text", "user:text", "assistant:tool_call,tool_call", "tool:tool_result", "tool:tool_result"];
    const oneTool = ["system:text", "user:text", "assistant:tool_call", "tool:tool_result"];
    expect(shapes).toEqual({ aisdk7: oneTool, langchain: twoTools, agno: twoTools, openinference: oneTool, genai: twoTools });
  });
});

describe("replays", () => {
  it("leaves one copy of everything when every payload is sent three times", async () => {
    const before = await rowCounts(s.db, s.project.projectId);
    expect(before.runs).toBeGreaterThanOrEqual(8);
    for (let i = 0; i < 2; i++) expect(await sendAll()).toEqual([200, 200, 200, 200, 200]);
    expect(await rowCounts(s.db, s.project.projectId)).toEqual(before);
    const body = await run(RUNS.langchain);
    expect(body).toMatchObject({ stepCount: 2, toolCallCount: 2, usage: { inputTokens: 252, outputTokens: 38, cachedTokens: 64 } });
  });
});
