import { describe, expect, it } from "vitest";
import { decodeJsonTraces } from "@/lib/ingest/otlp/decode";
import { tracesToBatch } from "@/lib/ingest/otlp/to-batch";
import { runsToOtlpRequest, runToSpans, type ExportableRun } from "./otlp";

const run: ExportableRun = {
  id: "run-1",
  traceId: null,
  agent: { name: "support-bot" },
  sessionId: "s-1",
  conversational: true,
  user: { id: "u-1", name: "Ann" },
  org: { id: "o-1", name: null },
  status: "error",
  statusMessage: "tool failed",
  startTime: "2026-12-01T10:00:00.000Z",
  endTime: "2026-12-01T10:00:02.500Z",
  userPrompt: "Where is my order?",
  response: "Let me check.",
  systemPrompt: "Be brief.",
  models: ["gpt-4o"],
  usage: { inputTokens: 10, outputTokens: 5, cachedTokens: 0 },
  metadata: { plan: "pro" },
  steps: [
    {
      id: "st-1",
      name: "chat gpt-4o",
      provider: "openai",
      model: "gpt-4o",
      startTime: "2026-12-01T10:00:00.100Z",
      endTime: "2026-12-01T10:00:01.000Z",
      status: "success",
      statusMessage: null,
      input: [{ role: "user", parts: [{ type: "text", text: "Where is my order?" }] }],
      output: [{ role: "assistant", parts: [{ type: "tool_call", id: "call-1", name: "lookup", arguments: '{"id":7}' }] }],
      finishReason: "tool_calls",
      usage: { inputTokens: 10, outputTokens: 5, cachedTokens: null },
    },
  ],
  toolCalls: [
    {
      id: "tc-1",
      stepId: "st-1",
      toolCallId: "call-1",
      name: "lookup",
      args: '{"id":7}',
      result: null,
      status: "error",
      error: "not found",
      startTime: "2026-12-01T10:00:01.100Z",
      endTime: "2026-12-01T10:00:01.200Z",
    },
  ],
};

describe("runToSpans", () => {
  it("nests the tool under its step and the step under the run, with stable ids", () => {
    const [r, s, t] = runToSpans(run);
    expect(s!.parentSpanId).toBe(r!.spanId);
    expect(t!.parentSpanId).toBe(s!.spanId);
    expect(new Set([r!.traceId, s!.traceId, t!.traceId]).size).toBe(1);
    expect(r!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(r!.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(runToSpans(run)).toEqual(runToSpans(run));
    expect(r!.startTimeUnixNano).toBe(`${Date.parse(run.startTime)}000000`);
    expect(t!.status).toEqual({ code: 2, message: "not found" });
  });

  it("decodes and maps back to the same run, step and tool call", () => {
    const decoded = decodeJsonTraces(JSON.parse(JSON.stringify(runsToOtlpRequest([run]))));
    expect(decoded.rejected).toBe(0);
    const batch = tracesToBatch(decoded.spans);
    expect(batch.runs).toHaveLength(1);
    expect(batch.runs[0]).toMatchObject({
      id: "run-1",
      status: 2,
      statusMessage: "tool failed",
      userPrompt: "Where is my order?",
      systemPrompt: "Be brief.",
      response: "Let me check.",
      startTime: new Date(run.startTime),
      endTime: new Date(run.endTime!),
      meta: { sessionId: "s-1", conversational: true, agent: "support-bot", userId: "u-1", userName: "Ann", orgId: "o-1", custom: { plan: "pro" } },
    });
    expect(batch.steps).toEqual([
      expect.objectContaining({ model: "gpt-4o", provider: "openai", input: run.steps[0]!.input, output: run.steps[0]!.output, finishReason: "tool_calls" }),
    ]);
    expect(batch.toolCalls).toEqual([
      expect.objectContaining({ name: "lookup", toolCallId: "call-1", args: '{"id":7}', status: 2, error: "not found", stepId: batch.steps[0]!.id }),
    ]);
  });
});
