// The published @contextcompany/otel 1.0.16 with AI SDK 6 and its mock language model, sending to
// the running server exactly as an application would (wire-format spec 14.2 recipe A), then read
// back through GET /v1/runs/{id}.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, getRun, useServerEnv } from "./support";

type Provider = { forceFlush(): Promise<void>; shutdown(): Promise<void> };
let provider: Provider;
let ai: typeof import("ai");
let aiTest: typeof import("ai/test");

const usage = (input: number, cached: number, output: number) => ({
  inputTokens: { total: input, noCache: input - cached, cacheRead: cached, cacheWrite: undefined },
  outputTokens: { total: output, text: output, reasoning: undefined },
});

beforeAll(async () => {
  useServerEnv();
  // Imported after the environment is set: the SDK reads TCC_API_KEY / TCC_BASE_URL when the
  // span processor is constructed.
  const { TCCSpanProcessor } = await import("@contextcompany/otel");
  const { NodeTracerProvider } = await import("@opentelemetry/sdk-trace-node");
  ai = await import("ai");
  aiTest = await import("ai/test");
  const p = new NodeTracerProvider({ spanProcessors: [new TCCSpanProcessor()] });
  // Installs the AsyncLocalStorage context manager; without it AI SDK child spans lose their parent.
  p.register();
  provider = p;
});

afterAll(async () => {
  await provider?.shutdown();
});

const weatherTool = () =>
  ai.tool({
    description: "Current weather for a city",
    inputSchema: ai.jsonSchema<{ city: string }>({ type: "object", properties: { city: { type: "string" } }, required: ["city"] }),
    execute: async ({ city }) => ({ city, temp: 21, condition: "sunny" }),
  });

describe("generateText with a tool call (AI SDK 6 → @contextcompany/otel 1.0.16 → /v1/traces)", () => {
  const runId = crypto.randomUUID();
  const sessionId = `sess-${crypto.randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    const model = new aiTest.MockLanguageModelV3({
      provider: "openai.chat",
      modelId: "gpt-4o",
      doGenerate: [
        {
          content: [{ type: "tool-call", toolCallId: "call_1", toolName: "getWeather", input: JSON.stringify({ city: "Paris" }) }],
          finishReason: { unified: "tool-calls", raw: "tool_calls" },
          usage: usage(120, 20, 15),
          warnings: [],
        },
        {
          content: [{ type: "text", text: "It is 21°C and sunny in Paris." }],
          finishReason: { unified: "stop", raw: "stop" },
          usage: usage(180, 100, 12),
          warnings: [],
        },
      ],
    });
    const result = await ai.generateText({
      model,
      system: "You are a weather bot.",
      prompt: "What is the weather in Paris?",
      tools: { getWeather: weatherTool() },
      stopWhen: ai.stepCountIs(3),
      experimental_telemetry: {
        isEnabled: true,
        functionId: "weather-agent-fn",
        metadata: {
          "tcc.runId": runId,
          "tcc.sessionId": sessionId,
          "tcc.conversational": "true",
          "tcc.agent": "Weather Agent",
          "tcc.userId": "user-42",
          "tcc.userName": "Ada Lovelace",
          "tcc.orgId": "org-7",
          "tcc.orgName": "Analytical Engines",
          "tcc.notARealKey": "must be dropped",
          plan: "pro",
          region: "eu-west-1",
        },
      },
    });
    expect(result.text).toBe("It is 21°C and sunny in Paris.");
    await provider.forceFlush();
  });

  it("stores the run with prompt, response, identity and custom metadata (unknown tcc.* keys dropped)", async () => {
    const run = await getRun(runId);
    expect(run).toMatchObject({
      id: runId,
      agent: { name: "Weather Agent", slug: "weather-agent" },
      sessionId,
      conversational: true,
      user: { id: "user-42", name: "Ada Lovelace" },
      org: { id: "org-7", name: "Analytical Engines" },
      status: "success",
      statusMessage: null,
      userPrompt: "What is the weather in Paris?",
      systemPrompt: "You are a weather bot.",
      response: "It is 21°C and sunny in Paris.",
      models: ["gpt-4o"],
      stepCount: 2,
      toolCallCount: 1,
      toolErrorCount: 0,
      usage: { inputTokens: 300, outputTokens: 27, cachedTokens: 120 },
    });
    expect(run.metadata).toEqual({ plan: "pro", region: "eu-west-1" });
    expect(run.costUsd).toBeGreaterThan(0);
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(run.spans.map((s: { name: string }) => s.name).sort()).toEqual(
      ["ai.generateText", "ai.generateText.doGenerate", "ai.generateText.doGenerate", "ai.toolCall"].sort(),
    );
    expect(run.attributes.resource["service.name"]).toMatch(/^unknown_service/);
  });

  it("stores both LLM calls as steps with model, usage and the chat messages", async () => {
    const { steps } = await getRun(runId);
    expect(steps).toHaveLength(2);
    const [first, second] = steps;
    expect(first).toMatchObject({
      model: "gpt-4o",
      provider: "openai.chat",
      finishReason: "tool-calls",
      status: "success",
      usage: { inputTokens: 120, outputTokens: 15, cachedTokens: 20 },
      costSource: "price",
    });
    expect(first.costUsd).toBeGreaterThan(0);
    expect(first.input.map((m: { role: string }) => m.role)).toEqual(["system", "user"]);
    expect(first.input[1].parts).toEqual([{ type: "text", text: "What is the weather in Paris?" }]);
    expect(first.output).toHaveLength(1);
    expect(first.output[0].role).toBe("assistant");
    expect(first.output[0].parts[0]).toMatchObject({ type: "tool_call", id: "call_1", name: "getWeather", arguments: '{"city":"Paris"}' });

    expect(second).toMatchObject({ model: "gpt-4o", finishReason: "stop", usage: { inputTokens: 180, outputTokens: 12, cachedTokens: 100 } });
    // The second call sees the whole conversation so far, tool result included.
    expect(second.input.map((m: { role: string }) => m.role)).toEqual(["system", "user", "assistant", "tool"]);
    expect(second.output[0].parts).toEqual([{ type: "text", text: "It is 21°C and sunny in Paris." }]);
  });

  it("stores the tool call with its JSON arguments and result, under the step that asked for it", async () => {
    const { toolCalls, steps } = await getRun(runId);
    expect(toolCalls).toHaveLength(1);
    expect(toolCalls[0]).toMatchObject({
      name: "getWeather",
      toolCallId: "call_1",
      status: "success",
      error: null,
      stepId: steps[0].id,
    });
    expect(JSON.parse(toolCalls[0].args)).toEqual({ city: "Paris" });
    expect(JSON.parse(toolCalls[0].result)).toEqual({ city: "Paris", temp: 21, condition: "sunny" });
  });

  it("groups the run under its session and its user in the list endpoints", async () => {
    const sessions = await apiGet(`/v1/sessions?range=1d&sessionId=${sessionId}`);
    expect(sessions.status).toBe(200);
    expect(sessions.body.data).toHaveLength(1);
    expect(sessions.body.data[0]).toMatchObject({ id: sessionId, runCount: 1, conversational: true, user: { id: "user-42", name: "Ada Lovelace" } });
    const byUser = await apiGet(`/v1/runs?range=1d&userId=user-42&metadata.plan=pro`);
    expect(byUser.body.data.map((r: { id: string }) => r.id)).toContain(runId);
  });
});

describe("streamText with a failing tool (AI SDK 6 → @contextcompany/otel 1.0.16 → /v1/traces)", () => {
  const runId = crypto.randomUUID();

  beforeAll(async () => {
    const { simulateReadableStream } = aiTest;
    // Without timer delays: with them, ai 6 runs the tool outside the span context and the
    // published otel 1.0.16 drops the parentless ai.toolCall span on the client side.
    const noDelay = { initialDelayInMs: null, chunkDelayInMs: null };
    const model = new aiTest.MockLanguageModelV3({
      provider: "anthropic.messages",
      modelId: "claude-sonnet-4-20250514",
      doStream: [
        {
          stream: simulateReadableStream({
            ...noDelay,
            chunks: [
              { type: "stream-start", warnings: [] },
              { type: "response-metadata", id: "resp-1", modelId: "claude-sonnet-4-20250514", timestamp: new Date() },
              { type: "tool-call", toolCallId: "toolu_1", toolName: "createTicket", input: JSON.stringify({ title: "Printer on fire" }) },
              { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_use" }, usage: usage(50, 0, 9) },
            ],
          }),
        },
        {
          stream: simulateReadableStream({
            ...noDelay,
            chunks: [
              { type: "stream-start", warnings: [] },
              { type: "text-start", id: "t1" },
              { type: "text-delta", id: "t1", delta: "I could not " },
              { type: "text-delta", id: "t1", delta: "create the ticket." },
              { type: "text-end", id: "t1" },
              { type: "finish", finishReason: { unified: "stop", raw: "end_turn" }, usage: usage(70, 0, 8) },
            ],
          }),
        },
      ],
    });
    const result = ai.streamText({
      model,
      prompt: "Open a ticket: the printer is on fire",
      tools: {
        createTicket: ai.tool({
          inputSchema: ai.jsonSchema<{ title: string }>({ type: "object", properties: { title: { type: "string" } }, required: ["title"] }),
          execute: async (): Promise<{ ticketId: string }> => {
            throw new Error("Ticket service unavailable (503)");
          },
        }),
      },
      stopWhen: ai.stepCountIs(3),
      experimental_telemetry: {
        isEnabled: true,
        metadata: { "tcc.runId": runId, "tcc.agent": "helpdesk", "tcc.conversational": false, ticketQueue: "it" },
      },
    });
    expect(await result.text).toBe("I could not create the ticket.");
    // The run span ends when the stream is fully consumed; flushing earlier would send the run
    // in two requests (which the server merges, but this test wants the complete one).
    await result.consumeStream();
    await provider.forceFlush();
  });

  it("stores the streamed run with both steps, the streamed text and the failed tool call", async () => {
    const run = await getRun(runId);
    expect(run).toMatchObject({
      id: runId,
      agent: { name: "helpdesk", slug: "helpdesk" },
      conversational: false,
      user: null,
      org: null,
      sessionId: null,
      status: "success",
      userPrompt: "Open a ticket: the printer is on fire",
      response: "I could not create the ticket.",
      stepCount: 2,
      toolCallCount: 1,
      toolErrorCount: 1,
      usage: { inputTokens: 120, outputTokens: 17 },
      metadata: { ticketQueue: "it" },
    });
    expect(run.models).toEqual(["claude-sonnet-4-20250514"]);
    expect(run.costUsd).toBeGreaterThan(0);
    expect(run.steps.map((s: { name: string }) => s.name)).toEqual(["ai.streamText.doStream", "ai.streamText.doStream"]);
    expect(run.steps[0]).toMatchObject({ finishReason: "tool-calls", usage: { inputTokens: 50, outputTokens: 9 } });
    expect(run.steps[0].ttftMs).toEqual(expect.any(Number));
    expect(run.steps[1].output[0].parts).toEqual([{ type: "text", text: "I could not create the ticket." }]);

    const [tc] = run.toolCalls;
    expect(tc).toMatchObject({ name: "createTicket", toolCallId: "toolu_1", status: "error", result: null });
    expect(tc.error).toContain("Ticket service unavailable (503)");
    expect(JSON.parse(tc.args)).toEqual({ title: "Printer on fire" });
    // The tool call belongs to the LLM call that requested it (the first doStream).
    expect(tc.stepId).toBe(run.steps[0].id);
  });

  it("finds the run with status and tool filters of the list API", async () => {
    const list = await apiGet(`/v1/runs?range=1h&agent=helpdesk&conversational=false`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((r: { id: string }) => r.id)).toContain(runId);
    const none = await apiGet(`/v1/runs?range=1h&agent=helpdesk&status=error`);
    expect(none.body.data.map((r: { id: string }) => r.id)).not.toContain(runId);
  });
});
