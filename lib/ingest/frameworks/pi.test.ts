import { describe, expect, it } from "vitest";
import { payload, tccCaptures } from "@/tests/fixtures/frameworks/load";
import { IngestError } from "../errors";
import { piToBatch } from "./pi";

describe("piToBatch: the captured payloads (pi-head.jsonl)", () => {
  const [extension, sdk] = tccCaptures("pi-head").map((c) => piToBatch(c.body));

  it("reads session and conversational from metadata[tcc.*] (CLI extension) and top-level (SDK)", () => {
    expect(extension!.runs[0]!.meta).toMatchObject({ sessionId: "pi-session-1", conversational: true, custom: { environment: "local" } });
    expect(sdk!.runs[0]!.meta).toMatchObject({ sessionId: "conv-123", conversational: true, custom: { userId: "user-1" } });
  });

  it("makes one step per assistant message with Pi's usage and SDK cost", () => {
    const steps = sdk!.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0]).toMatchObject({
      model: "claude-sonnet-4",
      provider: "anthropic",
      finishReason: "toolUse",
      costUsd: 0.00014,
      usage: { inputTokens: 100, outputTokens: 20, cachedTokens: 0 },
    });
    expect(steps[1]).toMatchObject({ finishReason: "stop", costUsd: 0.000174, usage: { inputTokens: 150, outputTokens: 12 } });
    expect(steps[0]!.input).toEqual([{ role: "user", parts: [{ type: "text", text: "List files" }] }]);
    expect(steps[1]!.input).toEqual([{ role: "tool", parts: [{ type: "tool_result", id: "tc_1", name: "bash", content: "a.txt\nb.txt" }] }]);
    expect((steps[0]!.output as any)[0].parts[0]).toEqual({ type: "tool_call", id: "tc_1", name: "bash", arguments: '{"command":"ls"}' });
  });

  it("times steps by the messages, and drops an end that only a mismatched clock would give", () => {
    const [first, last] = sdk!.steps;
    expect(first!.startTime.getTime()).toBe(1700000001000);
    expect(first!.endTime!.getTime()).toBe(1700000002000);
    // The captured messages carry 2023 timestamps inside a 2026 run: the last step's end (the
    // run's end) would make a three-year step.
    expect(last!.endTime).toBeNull();
  });

  it("pairs the tool execution with the call that asked for it", () => {
    expect(sdk!.toolCalls).toEqual([
      expect.objectContaining({ id: "tc_1", name: "bash", stepId: sdk!.steps[0]!.id, args: '{"command":"ls"}', result: "a.txt\nb.txt", status: 0 }),
    ]);
    expect(sdk!.runs[0]).toMatchObject({
      id: "c56a4180-65aa-42ec-a945-5fd21dec0538",
      source: "pi",
      userPrompt: "List files",
      response: "Two files: a.txt, b.txt",
      status: 0,
    });
    expect(sdk!.runs[0]!.startTime.getTime()).toBe(1795386661638);
  });
});

describe("piToBatch: a failing run from the CLI extension (pi-extension-error.json)", () => {
  const batch = piToBatch(payload("pi-extension-error"));
  const run = batch.runs[0]!;

  it("fails the run with the last assistant's error and applies the metadata rules", () => {
    expect(run).toMatchObject({ status: 2, statusMessage: "429 rate_limit_error: too many requests", userPrompt: "Deploy the staging branch", response: null });
    expect(run.meta).toMatchObject({ sessionId: "pi-s-9", conversational: true, userName: null, userId: null });
    expect(run.meta.custom).toEqual({ environment: "local", project: "demo" });
  });

  it("counts cache reads and writes as input and keeps the SDK's cost", () => {
    expect(batch.steps[0]).toMatchObject({ usage: { inputTokens: 1500, outputTokens: 40, cachedTokens: 1000 }, costUsd: 0.00255, status: 0 });
    expect(batch.steps[1]).toMatchObject({ status: 2, statusMessage: "429 rate_limit_error: too many requests", finishReason: "error" });
  });

  it("fails the tool call with its result text, timed by the execution", () => {
    const t = batch.toolCalls[0]!;
    expect(t).toMatchObject({ id: "toolu_dep", name: "deploy", status: 2, error: "permission denied: staging is locked", stepId: batch.steps[0]!.id });
    expect(t.endTime!.getTime() - t.startTime.getTime()).toBe(1000);
  });
});

describe("piToBatch: ids and malformed input", () => {
  const body = (start: number) => ({
    runId: "fixed-run",
    startTimestamp: start,
    endTimestamp: start + 10,
    messages: [
      { role: "user", content: "hi", timestamp: start },
      { role: "assistant", content: [{ type: "text", text: "yo" }], timestamp: start + 1 },
    ],
  });

  it("derives step ids from the payload: a replay maps to the same ids, a reused run id does not collide", () => {
    expect(piToBatch(body(1795000000000)).steps[0]!.id).toBe(piToBatch(body(1795000000000)).steps[0]!.id);
    expect(piToBatch(body(1795000000000)).steps[0]!.id).not.toBe(piToBatch(body(1795000999000)).steps[0]!.id);
  });

  it("keeps tool calls that only the messages know about (no toolExecutions)", () => {
    const b = piToBatch({
      runId: "r",
      messages: [
        { role: "assistant", content: [{ type: "toolCall", id: "t1", name: "read", arguments: { p: 1 } }], timestamp: 1795000000000 },
        { role: "toolResult", toolCallId: "t1", toolName: "read", content: [{ type: "text", text: "data" }], isError: false, timestamp: 1795000001000 },
      ],
    });
    expect(b.toolCalls[0]).toMatchObject({ id: "t1", name: "read", result: "data", status: 0 });
  });

  it.each([
    ["text", "Body must be a JSON object"],
    [{ runId: "r" }, "messages"],
    [{ runId: "r", messages: "x" }, "messages"],
    [{ messages: [] }, "no run id"],
  ])("rejects %j with a 400 naming the problem", (b, text) => {
    try {
      piToBatch(b);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IngestError);
      expect((e as IngestError).status).toBe(400);
      expect((e as IngestError).message).toContain(text);
    }
  });
});
