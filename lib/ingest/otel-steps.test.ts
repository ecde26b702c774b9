// The LiteLLM callback's `litellm_request` spans (fixture built from tcc-wire-format.md 5 and the
// callback's source; decoded through protobuf as the server receives them).
import { describe, expect, it } from "vitest";
import { fixtureSpans } from "@/tests/fixtures/otel/otlp-fixture";
import type { OtlpSpan } from "./otlp/decode";
import { otelStepsToBatch } from "./otel-steps";

const spans = fixtureSpans("litellm-otel-steps");
const RUN_A = "9b2f6c1e-3d4a-4f5b-8c7d-2e1f0a9b8c7d";
const RUN_B = "1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6";
const UNTAGGED = "91f396580a167fc5e2c21f036c5a5a5b";

describe("otelStepsToBatch", () => {
  const batch = otelStepsToBatch(spans);

  it("attaches each litellm_request span as a step of the run named by metadata.tcc.runId", () => {
    expect(batch.steps.map((s) => [s.runId, s.id])).toEqual([
      [RUN_A, "1a0b2c3d4e5f6071"],
      [RUN_A, "2b1c3d4e5f607182"],
      [RUN_B, "3c2d4e5f60718293"],
      [UNTAGGED, "4d3e5f60718293a4"],
    ]);
  });

  it("creates no run record for tagged runs: the store keeps a placeholder until /v1/custom sends it", () => {
    expect(batch.runs.map((r) => r.id)).toEqual([UNTAGGED]);
  });

  it("reads OpenAI-style messages, tool calls and the JSON-text finish reasons", () => {
    const [first, second] = batch.steps;
    expect(first).toMatchObject({
      model: "gpt-4o-2024-08-06",
      finishReason: "tool_calls",
      usage: { inputTokens: 120, outputTokens: 25, cachedTokens: null },
      output: [{ role: "assistant", parts: [{ type: "tool_call", id: "call_l1", name: "search_flights", arguments: '{"to": "LIS"}' }] }],
    });
    expect((second!.input as { role: string }[]).map((m) => m.role)).toEqual(["system", "user", "assistant", "tool"]);
    expect((second!.input as { parts: unknown[] }[])[3]!.parts).toEqual([
      { type: "tool_result", id: "call_l1", name: null, content: '[{"flight": "TP123", "price": 180}]' },
    ]);
    expect(second).toMatchObject({ finishReason: "stop", output: [{ role: "assistant", parts: [{ type: "text", text: "I found TP123 for €180." }] }] });
  });

  it("keeps a failure span (only run id, model and ERROR status) as a failed step, provider split from the model", () => {
    expect(batch.steps[2]).toMatchObject({
      status: 2,
      statusMessage: "litellm.RateLimitError: AnthropicException - rate limit exceeded",
      provider: "anthropic",
      model: "claude-3-5-sonnet-20241022",
      input: null,
      output: null,
      usage: null,
    });
  });

  it("turns an untagged call into a one-step run keyed by its trace id", () => {
    expect(batch.runs[0]).toMatchObject({
      id: UNTAGGED,
      source: "otel-steps",
      placeholder: false,
      userPrompt: "Summarise this ticket: the customer wants a refund for order 1234.",
      response: "Customer wants a refund.",
      models: ["gpt-4o-mini-2024-07-18"],
    });
  });

  it("keeps every span with all its attributes", () => {
    expect(batch.spans).toHaveLength(4);
    expect(batch.spans[0]!.attributes["metadata.tcc.runId"]).toBe(RUN_A);
  });

  it("accepts the snake_case and plain tcc.* run id variants", () => {
    const base = spans[3]!;
    const variant = (attributes: Record<string, unknown>): OtlpSpan => ({ ...base, attributes: { ...base.attributes, ...attributes } });
    expect(otelStepsToBatch([variant({ "metadata.tcc.run_id": "snake" })]).steps[0]!.runId).toBe("snake");
    expect(otelStepsToBatch([variant({ "tcc.runId": "plain" })]).steps[0]!.runId).toBe("plain");
  });

  it("reads spans that are not LiteLLM's as ordinary OTLP traces instead of dropping them", () => {
    const other: OtlpSpan = { ...spans[0]!, name: "GET /", attributes: { "http.request.method": "GET" } };
    const b = otelStepsToBatch([other]);
    expect(b.steps).toHaveLength(0);
    expect(b.spans.map((s) => s.name)).toEqual(["GET /"]);
    expect(b.runs[0]).toMatchObject({ id: other.traceId, source: "otel-steps" });
  });
});
