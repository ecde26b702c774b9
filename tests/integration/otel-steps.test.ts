// POST /v1/otel-steps (and the legacy /otel-steps): LiteLLM `litellm_request` spans attached as
// steps to the run named by metadata.tcc.runId, with placeholder runs that a later /v1/custom run
// fills in, read back through GET /v1/runs/{id}.
import { describe, expect, it } from "vitest";
import { priceUsage } from "@/lib/ingest/pricing";
import { loadFixture, toOtlpJson } from "../fixtures/otel/otlp-fixture";
import { withInstalledProject } from "../helpers/db";
import { postJson } from "../helpers/routes";
import { chatShape, getRun, postProtobuf, rowCounts } from "./otel-helpers";

const RUN_A = "9b2f6c1e-3d4a-4f5b-8c7d-2e1f0a9b8c7d";
const RUN_B = "1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6";
const UNTAGGED = "91f396580a167fc5e2c21f036c5a5a5b";

const s = withInstalledProject();

const run = async (id: string) => {
  const res = await getRun(id, s.project.readKey);
  expect(res.status).toBe(200);
  return res.body;
};

const customRun = (runId: string, extra: Record<string, unknown> = {}) =>
  postJson(
    "/v1/custom",
    {
      type: "run",
      run_id: runId,
      start_time: "2026-07-20T10:59:59.000Z",
      end_time: "2026-07-20T11:00:03.500Z",
      status_code: 0,
      prompt: { user_prompt: "Book me a flight to Lisbon", system_prompt: "You are a travel agent." },
      response: "I found TP123 for €180.",
      session_id: "travel-sess",
      conversational: true,
      metadata: { channel: "web" },
      ...extra,
    },
    s.project.ingestKey,
  );

describe("steps first, then the run (the LiteLLM + custom SDK order)", () => {
  it("accepts the protobuf batch and answers with an OTLP protobuf response", async () => {
    const res = await postProtobuf("/v1/otel-steps", "litellm-otel-steps", s.project.ingestKey);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-protobuf");
  });

  it("holds the steps on a placeholder run with their tokens and cost", async () => {
    const body = await run(RUN_A);
    expect(body).toMatchObject({ source: "placeholder", stepCount: 2, usage: { inputTokens: 300, outputTokens: 37 }, userPrompt: null });
    expect(body.costUsd).toBeGreaterThan(0);
  });

  it("fills the placeholder when the custom run arrives: one run with the steps, prompt/response, counts, tokens, cost", async () => {
    expect((await customRun(RUN_A)).status).toBe(200);
    const body = await run(RUN_A);
    const expectedCost =
      priceUsage("gpt-4o-2024-08-06", null, { inputTokens: 120, outputTokens: 25, cachedTokens: null })! +
      priceUsage("gpt-4o-2024-08-06", null, { inputTokens: 180, outputTokens: 12, cachedTokens: null })!;
    expect(body).toMatchObject({
      source: "custom",
      status: "success",
      userPrompt: "Book me a flight to Lisbon",
      systemPrompt: "You are a travel agent.",
      response: "I found TP123 for €180.",
      sessionId: "travel-sess",
      conversational: true,
      metadata: { channel: "web" },
      stepCount: 2,
      toolCallCount: 0,
      usage: { inputTokens: 300, outputTokens: 37, cachedTokens: 0 },
      models: ["gpt-4o-2024-08-06"],
      startTime: "2026-07-20T10:59:59.000Z",
    });
    expect(body.costUsd).toBeCloseTo(expectedCost, 10);
    expect(body.steps.map((s: { finishReason: string }) => s.finishReason)).toEqual(["tool_calls", "stop"]);
    expect(chatShape(body.steps[1].input)).toEqual(["system:text", "user:text", "assistant:tool_call", "tool:tool_result"]);
    expect(body.steps[0].output[0].parts[0]).toMatchObject({ type: "tool_call", id: "call_l1", name: "search_flights" });
    expect(body.spans.map((s: { name: string }) => s.name)).toEqual(["litellm_request", "litellm_request"]);
    const rows = await s.db.sql.query(`SELECT count(*)::int AS n FROM runs WHERE project_id = $1 AND id = $2`, [s.project.projectId, RUN_A]);
    expect(rows[0]).toEqual({ n: 1 });
  });

  it("keeps the failed LiteLLM call as a failed step of its run", async () => {
    const body = await run(RUN_B);
    expect(body.stepCount).toBe(1);
    expect(body.steps[0]).toMatchObject({
      status: "error",
      statusMessage: "litellm.RateLimitError: AnthropicException - rate limit exceeded",
      model: "claude-3-5-sonnet-20241022",
      provider: "anthropic",
    });
  });

  it("shows an untagged call as a one-step run keyed by its trace id", async () => {
    const body = await run(UNTAGGED);
    expect(body).toMatchObject({
      source: "otel-steps",
      userPrompt: "Summarise this ticket: the customer wants a refund for order 1234.",
      response: "Customer wants a refund.",
      stepCount: 1,
      usage: { inputTokens: 40, outputTokens: 6 },
    });
  });

  it("leaves one copy when the batch is replayed three times, the custom run's fields intact", async () => {
    const before = await rowCounts(s.db, s.project.projectId);
    for (let i = 0; i < 3; i++) expect((await postProtobuf("/v1/otel-steps", "litellm-otel-steps", s.project.ingestKey)).status).toBe(200);
    expect(await rowCounts(s.db, s.project.projectId)).toEqual(before);
    expect(await run(RUN_A)).toMatchObject({ source: "custom", userPrompt: "Book me a flight to Lisbon", stepCount: 2, usage: { inputTokens: 300 } });
  });
});

describe("run first, then the steps", () => {
  it("adds the steps without touching the run's own fields", async () => {
    const runId = "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d";
    expect((await customRun(runId, { response: "custom answer", metadata: { channel: "api" } })).status).toBe(200);
    const f = loadFixture("litellm-otel-steps");
    const spans = f.resourceSpans[0]!.scopeSpans[0]!.spans;
    for (const s of spans) if (s.attributes?.["metadata.tcc.runId"] === RUN_A) s.attributes["metadata.tcc.runId"] = runId;
    // As JSON and on the legacy path, which older Python builds used.
    const res = await postJson(
      "/otel-steps",
      toOtlpJson({ ...f, resourceSpans: [{ ...f.resourceSpans[0]!, scopeSpans: [{ ...f.resourceSpans[0]!.scopeSpans[0]!, spans: spans.slice(0, 2) }] }] }),
      s.project.ingestKey,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(await run(runId)).toMatchObject({
      source: "custom",
      response: "custom answer",
      metadata: { channel: "api" },
      stepCount: 2,
      usage: { inputTokens: 300, outputTokens: 37 },
    });
  });
});
