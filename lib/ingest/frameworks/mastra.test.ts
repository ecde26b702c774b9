import { describe, expect, it } from "vitest";
import { payload } from "@/tests/fixtures/frameworks/load";
import { IngestError } from "../errors";
import { mastraToBatch } from "./mastra";

describe("mastraToBatch: agent with a streamed, tool-calling generation", () => {
  const batch = mastraToBatch(payload("mastra-agent"));
  const run = batch.runs[0]!;

  it("makes the root agent_run the run, with its prompt, instructions, response and tcc.* metadata", () => {
    expect(batch.runs).toHaveLength(1);
    expect(run).toMatchObject({
      id: "0a5c1f7e-3b2d-4c8e-9f10-2a3b4c5d6e7f",
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      source: "mastra",
      status: 0,
      userPrompt: "What's the weather in Paris?",
      systemPrompt: "You are a weather assistant.",
      response: "It is 18°C and sunny in Paris.",
    });
    expect(run.startTime.toISOString()).toBe("2026-11-20T10:00:00.000Z");
    expect(run.endTime?.toISOString()).toBe("2026-11-20T10:00:03.000Z");
    expect(run.meta).toMatchObject({ sessionId: "mastra-sess-1", conversational: true, agent: "weather-bot", userId: "u-42", userName: "Ada" });
    expect(run.meta.custom).toEqual({ plan: "pro", threadId: "thread-9" });
    expect(run.attributes.mastra).toMatchObject({ rootType: "agent_run", agentId: "weatherAgent", availableTools: ["weatherTool"] });
  });

  it("makes one step per model_step, with the generation's model and each step's own usage", () => {
    expect(batch.steps.map((s) => s.id)).toEqual(["a1b2c3d4e5f60003", "a1b2c3d4e5f60006"]);
    const [first, second] = batch.steps;
    expect(first).toMatchObject({
      model: "gpt-4o-mini",
      provider: "openai.chat",
      finishReason: "tool-calls",
      usage: { inputTokens: 120, outputTokens: 25, cachedTokens: 64 },
    });
    expect(second).toMatchObject({ finishReason: "stop", usage: { inputTokens: 110, outputTokens: 16, cachedTokens: null } });
    // Inputs come from the provider request, so the second step shows the tool round trip.
    expect((first!.input as { role: string }[]).map((m) => m.role)).toEqual(["system", "user"]);
    expect((second!.input as { role: string }[]).map((m) => m.role)).toEqual(["system", "user", "assistant", "tool"]);
    expect((first!.output as any)[0].parts).toEqual([{ type: "tool_call", id: "call_abc", name: "weatherTool", arguments: '{"city":"Paris"}' }]);
    expect((second!.output as any)[0].parts).toEqual([{ type: "text", text: "It is 18°C and sunny in Paris." }]);
  });

  it("keeps the latest version of a span and links the tool call to its step", () => {
    expect(batch.toolCalls).toHaveLength(1);
    expect(batch.toolCalls[0]).toMatchObject({
      id: "a1b2c3d4e5f60005",
      name: "weatherTool",
      stepId: "a1b2c3d4e5f60003",
      args: '{"city":"Paris"}',
      result: '{"temperature":18,"conditions":"sunny"}',
      status: 0,
    });
    expect(batch.toolCalls[0]!.endTime?.toISOString()).toBe("2026-11-20T10:00:01.500Z");
  });

  it("keeps every span but the streaming chunks for the timeline", () => {
    expect(batch.spans.map((s) => s.spanId).sort()).toEqual([
      "a1b2c3d4e5f60001",
      "a1b2c3d4e5f60002",
      "a1b2c3d4e5f60003",
      "a1b2c3d4e5f60005",
      "a1b2c3d4e5f60006",
    ]);
    const root = batch.spans.find((s) => s.spanId === "a1b2c3d4e5f60001")!;
    expect(root).toMatchObject({ parentSpanId: null, traceId: "4bf92f3577b34da6a3ce929d0e0e4736", statusCode: 0 });
    expect(root.startNs).toBe(BigInt(Date.parse("2026-11-20T10:00:00.000Z")) * 1_000_000n);
    expect(root.attributes["mastra.type"]).toBe("agent_run");
  });
});

describe("mastraToBatch: failing workflow with a nested agent", () => {
  const batch = mastraToBatch(payload("mastra-workflow-error"));
  const run = batch.runs[0]!;

  it("fails the run with the root's errorInfo and applies the metadata rules", () => {
    expect(run).toMatchObject({ status: 2, statusMessage: "Step publish failed: upstream 503", userPrompt: '{"city":"Oslo"}', response: null });
    expect(run.meta).toMatchObject({ agent: null, userName: null, conversational: false });
    expect(run.meta.custom).toEqual({ team: "ops" });
  });

  it("uses a generation without step children as the step, with AI SDK v4 usage names", () => {
    expect(batch.steps).toHaveLength(1);
    expect(batch.steps[0]).toMatchObject({ id: "f00dfeed00000005", model: "claude-3-5-haiku-latest", usage: { inputTokens: 80, outputTokens: 20 } });
    expect((batch.steps[0]!.input as { role: string }[]).map((m) => m.role)).toEqual(["system", "user"]);
  });

  it("fails the tool call and attaches it to the closest earlier step", () => {
    expect(batch.toolCalls[0]).toMatchObject({ name: "publishTool", status: 2, error: "upstream 503", stepId: "f00dfeed00000005", result: null });
  });

  it("keeps workflow steps as spans with their input, output and errors", () => {
    const publish = batch.spans.find((s) => s.name === "workflow step: 'publish'")!;
    expect(publish).toMatchObject({ statusCode: 2, statusMessage: "upstream 503", parentSpanId: "f00dfeed00000001" });
    const fetch = batch.spans.find((s) => s.name === "workflow step: 'fetch'")!;
    expect(fetch.attributes).toMatchObject({ "mastra.type": "workflow_step", stepId: "fetch", output: { forecast: "rain" } });
  });
});

describe("mastraToBatch: run ids and malformed input", () => {
  const bare = { id: "0000000000000001", traceId: "t1", name: "agent run: 'a'", type: "agent_run", startTime: "2026-11-20T10:00:00Z", isRootSpan: true };

  it("falls back to metadata tcc.runId, then the trace id", () => {
    expect(mastraToBatch({ metadata: { "tcc.runId": "from-meta" }, spans: [bare] }).runs[0]!.id).toBe("from-meta");
    expect(mastraToBatch({ traceId: "trace-x", spans: [bare] }).runs[0]!.id).toBe("trace-x");
  });

  it("drops spans without an id instead of rejecting the trace", () => {
    const b = mastraToBatch({ runId: "r", spans: [bare, { name: "no id" }, 42, null] });
    expect(b.spans).toHaveLength(1);
  });

  it.each([
    [[], "Body must be a JSON object"],
    [{ runId: "r" }, "spans"],
    [{ runId: "r", spans: "nope" }, "spans"],
    [{ runId: { id: 1 }, spans: [] }, "runId"],
    [{ spans: [] }, "no run id"],
  ])("rejects %j with a 400 naming the problem", (body, text) => {
    try {
      mastraToBatch(body);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IngestError);
      expect((e as IngestError).status).toBe(400);
      expect((e as IngestError).code).toBe("invalid_mastra_payload");
      expect((e as IngestError).message).toContain(text);
    }
  });
});
