import { describe, expect, it } from "vitest";
import { payload, tccCaptures } from "@/tests/fixtures/frameworks/load";
import { customToBatch } from "./custom";

const roles = (v: unknown) => (v as { role: string }[]).map((m) => m.role);

describe("customToBatch: LangChain TS handler (langchain-head.jsonl)", () => {
  const batch = customToBatch(tccCaptures("langchain-head")[0]!.body);

  it("keeps the run's LangChain attributes and the top-level session fields", () => {
    const run = batch.runs[0]!;
    expect(run.attributes.attributes).toMatchObject({ "langchain.graph_name": "support_graph", "langchain.framework": "langchain-js" });
    expect(run.meta).toMatchObject({
      sessionId: "session-99",
      conversational: true,
      custom: { agent: "support-bot", environment: "staging", user_id: "user-7" },
    });
  });

  it("reads the role: content transcript as chat and names the step after the model class", () => {
    const [first, second] = batch.steps;
    expect(roles(first!.input)).toEqual(["user"]);
    expect(roles(second!.input)).toEqual(["user", "assistant", "user"]);
    expect(first).toMatchObject({
      name: "FakeListChatModel",
      provider: "FakeListChatModel",
      attributes: { "llm.run_id": "c007880e-97be-4495-a6fa-03b14d6328f2" },
    });
    expect(batch.toolCalls[0]!.attributes).toMatchObject({ "tool.name": "lookup_order" });
  });
});

describe("customToBatch: LangChain TS streaming run with errors (langchain-streaming-error.json)", () => {
  const batch = customToBatch(payload("langchain-streaming-error"));

  it("keeps ttft, model, provider and the flattened attributes", () => {
    const s = batch.steps[0]!;
    expect(s).toMatchObject({
      ttftMs: 212.4,
      model: "gpt-4o-mini-2024-07-18",
      provider: "openai",
      finishReason: "tool_calls",
      usage: { inputTokens: 100, outputTokens: 14, cachedTokens: 10 },
    });
    expect(s.attributes).toMatchObject({ "llm.ttft_ms": 212.4, "llm.tool_call_count": 1, modelRequested: "gpt-4o-mini" });
    expect((s.output as any)[0].parts[0]).toEqual({ type: "tool_call", id: null, name: "refund", arguments: '{"orderId":"ORD-9"}' });
    expect(roles(s.input)).toEqual(["system", "user"]);
  });

  it("fails the errored LLM call, tool call and run, and reads agent/user from a nested tcc object", () => {
    expect(batch.steps[1]).toMatchObject({ status: 2, statusMessage: "Connection error.", model: "gpt-4o-mini" });
    expect(roles(batch.steps[1]!.input)).toEqual(["system", "user", "assistant", "tool"]);
    expect(batch.toolCalls[0]).toMatchObject({ status: 2, error: "Refund API unavailable" });
    expect(batch.runs[0]).toMatchObject({
      status: 2,
      statusMessage: "Refund API unavailable",
      meta: { agent: "support-bot", userId: "cust-3", custom: { channel: "web" } },
    });
  });
});

describe("customToBatch: custom TS ≥1.2 full_input / full_output (custom-full-io.json)", () => {
  it("keeps both next to the readable prompt and response", () => {
    const run = customToBatch(payload("custom-full-io")).runs[0]!;
    expect(run).toMatchObject({
      userPrompt: "Translate 'bonjour'",
      systemPrompt: "You translate French.",
      response: "hello",
      fullOutput: '{"text":"hello","confidence":0.98}',
    });
    expect(JSON.parse(run.fullInput!)).toHaveLength(2);
    expect(run.meta).toMatchObject({ agent: "translator", orgName: null });
  });
});

describe("customToBatch: timestamps years apart", () => {
  it("keeps the item but drops an end time whose duration cannot be stored", () => {
    const b = customToBatch({
      type: "batch",
      items: [
        { type: "run", run_id: "r", start_time: "2020-01-01T00:00:00Z", end_time: "2026-01-01T00:00:00Z", status_code: 0 },
        { type: "step", run_id: "r", step_id: "s", start_time: "2026-01-01T00:00:05Z", end_time: "2026-01-01T00:00:01Z", prompt: "p", response: "r" },
      ],
    });
    expect(b.runs[0]!.endTime).toBeNull();
    // A slightly negative duration is kept as it was sent (the store clamps it to 0).
    expect(b.steps[0]!.endTime?.toISOString()).toBe("2026-01-01T00:00:01.000Z");
  });
});
