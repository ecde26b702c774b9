// OTel GenAI semantic conventions: the AI SDK 7 capture (tests/fixtures/tcc/aisdk7-head.jsonl)
// and a semconv fixture with current attributes and the older span-event shapes.
import { describe, expect, it } from "vitest";
import { fixture } from "@/tests/helpers/routes";
import { loadFixture, toOtlpJson } from "@/tests/fixtures/otel/otlp-fixture";
import { decodeJsonTraces, type OtlpSpan } from "../decode";
import { tracesToBatch } from "../to-batch";
import { genAiConvention as c } from "./gen-ai";
import { conventionFor } from "./registry";

const v7 = decodeJsonTraces(fixture("aisdk7-head")[0]!.body).spans;
const semconv = decodeJsonTraces(toOtlpJson(loadFixture("genai-semconv"))).spans;
const named = (list: OtlpSpan[], name: string) => list.filter((s) => s.name === name);
const RUN7 = "3b1e9c2a-7f4d-4e8a-9b6c-2d5f8a1e3c70";

describe("GenAI convention: AI SDK 7", () => {
  it("classifies invoke_agent = run, agent_step = grouping, chat = step, execute_tool = tool", () => {
    expect(Object.fromEntries(v7.map((s) => [s.name, c.classify(s)]))).toEqual({
      "invoke_agent mock-model-v7": "run",
      "step 1": "group",
      "step 2": "group",
      "chat mock-model-v7": "step",
      "execute_tool getWeather": "tool",
    });
    expect(v7.every((s) => conventionFor(s).name === "gen-ai")).toBe(true);
  });

  it("classifies embeddings / rerank by tcc.span.type", () => {
    const base = v7[0]!;
    const embed = (type: string): OtlpSpan => ({ ...base, attributes: { "gen_ai.operation.name": "embeddings", "tcc.span.type": type } });
    expect(c.classify(embed("operation"))).toBe("run");
    expect(c.classify(embed("embedding"))).toBe("step");
    expect(c.classify({ ...base, attributes: { "gen_ai.operation.name": "rerank", "tcc.span.type": "reranking" } })).toBe("step");
  });

  it("maps the capture to one run with two chat steps, the tool under the first, metadata from run/agent_step spans", () => {
    const batch = tracesToBatch(v7);
    expect(batch.runs).toHaveLength(1);
    const run = batch.runs[0]!;
    expect(run).toMatchObject({
      id: RUN7,
      userPrompt: "Weather in Oslo?",
      systemPrompt: "Be brief.",
      response: "Oslo is rainy.",
      usage: { inputTokens: 32, outputTokens: 9, cachedTokens: 0 },
      models: ["mock-model-v7"],
    });
    expect(run.meta).toMatchObject({ sessionId: "sess-7", agent: "weather-agent", userId: "u-7", custom: { environment: "test" } });
    expect(batch.steps.map((s) => [s.finishReason, s.usage?.inputTokens])).toEqual([
      ["tool-calls", 11],
      ["stop", 21],
    ]);
    expect(batch.steps[0]!.output).toEqual([
      { role: "assistant", parts: [{ type: "tool_call", id: "call_7", name: "getWeather", arguments: '{"city":"Oslo"}' }] },
    ]);
    expect(batch.toolCalls).toEqual([
      expect.objectContaining({
        name: "getWeather",
        toolCallId: "call_7",
        args: '{"city":"Oslo"}',
        result: '{"city":"Oslo","condition":"rainy"}',
        stepId: batch.steps[0]!.id,
      }),
    ]);
    expect(batch.spans).toHaveLength(6);
  });
});

describe("GenAI convention: semantic conventions", () => {
  it("reads gen_ai.input.messages with system instructions and tool_call_response parts", () => {
    const [, second] = named(semconv, "chat gpt-4.1");
    const step = c.step!(second!);
    const input = step.input as { role: string; parts: unknown[] }[];
    expect(input.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool", "tool"]);
    expect(input[3]!.parts).toEqual([{ type: "tool_result", id: "call_g1", name: null, content: "Colosseum\nPantheon" }]);
    expect(step).toMatchObject({ model: "gpt-4.1-2025-04-14", provider: "openai", finishReason: "stop", usage: { inputTokens: 90, outputTokens: 14 } });
  });

  it("reads the 1.26 gen_ai.content.prompt / gen_ai.content.completion events", () => {
    const step = c.step!(named(semconv, "chat gpt-4o-mini")[0]!);
    expect(step.input).toEqual([
      { role: "system", parts: [{ type: "text", text: "Be terse." }] },
      { role: "user", parts: [{ type: "text", text: "Capital of Italy?" }] },
    ]);
    expect(step.output).toEqual([{ role: "assistant", parts: [{ type: "text", text: "Rome." }] }]);
  });

  it("reads per-message events (gen_ai.system.message, gen_ai.user.message, gen_ai.choice)", () => {
    const step = c.step!(named(semconv, "chat claude-3-5-haiku-20241022")[0]!);
    expect((step.input as { role: string }[]).map((m) => m.role)).toEqual(["system", "user"]);
    expect(step.output).toEqual([{ role: "assistant", parts: [{ type: "text", text: "Paris." }] }]);
    expect(step.finishReason).toBe("end_turn");
  });

  it("maps a failed execute_tool without a message to its error.type", () => {
    const batch = tracesToBatch(semconv);
    const failed = batch.toolCalls.find((t) => t.name === "book_table")!;
    expect(failed).toMatchObject({ status: 2, error: "TimeoutError", toolCallId: "call_g2", args: '{"city":"Rome","time":"13:00"}' });
  });

  it("reads plain tcc.* attributes as metadata and derives the run's prompt/response from its steps", () => {
    const batch = tracesToBatch(semconv);
    const run = batch.runs.find((r) => r.id === "2c4e6a8b-1d3f-4a5b-8c7d-9e0f1a2b3c4d")!;
    expect(run.meta).toMatchObject({ sessionId: "genai-sess", agent: "planner", conversational: false, userName: null });
    expect(run).toMatchObject({ userPrompt: "Plan a day in Rome", systemPrompt: "You plan trips.", response: expect.stringContaining("Colosseum") });
    // Spans without a run id are grouped by trace: each single chat call is a run of its own.
    expect(batch.runs.map((r) => r.id).sort()).toEqual([
      "2c4e6a8b-1d3f-4a5b-8c7d-9e0f1a2b3c4d",
      "99990000aaaabbbbccccddddeeeeffff",
      "abababababababababababababababab",
    ]);
    expect(batch.runs.find((r) => r.id === "abababababababababababababababab")).toMatchObject({
      placeholder: false,
      userPrompt: "Capital of France?",
      response: "Paris.",
    });
  });
});
