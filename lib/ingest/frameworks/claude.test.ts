import { describe, expect, it } from "vitest";
import { payload, tccCaptures } from "@/tests/fixtures/frameworks/load";
import { IngestError } from "../errors";
import { claudeToBatch } from "./claude";

const roles = (v: unknown) => (v as { role: string }[]).map((m) => m.role);

describe("claudeToBatch: the captured TS payload (openclaw-claude-head.jsonl)", () => {
  const body = tccCaptures("openclaw-claude-head").find((c) => c.path === "/v1/claude")!.body;
  const batch = claudeToBatch(body);

  it("makes a run with the SDK's cost, usage, session and customMetadata", () => {
    expect(batch.runs[0]).toMatchObject({
      id: "e4eaaaf2-d142-11e1-b3e4-080027620cdd",
      source: "claude",
      status: 0,
      userPrompt: "What is 2+2?",
      response: "4",
      costUsd: 0.00042,
      usage: { inputTokens: 12, outputTokens: 3 },
      models: ["claude-sonnet-4"],
    });
    expect(batch.runs[0]!.meta).toMatchObject({ sessionId: "conv-1", conversational: true, custom: { environment: "dev" } });
    expect(batch.runs[0]!.attributes.claude).toMatchObject({ sessionId: "cs-1", cwd: "/w", numTurns: 1 });
  });

  it("makes the assistant turn a step whose input is the prompt", () => {
    expect(batch.steps).toHaveLength(1);
    expect(batch.steps[0]).toMatchObject({ id: "msg_1", model: "claude-sonnet-4", provider: "anthropic", finishReason: "end_turn" });
    expect(batch.steps[0]!.input).toEqual([{ role: "user", parts: [{ type: "text", text: "What is 2+2?" }] }]);
  });
});

describe("claudeToBatch: tools, a failing tool, a subagent (claude-tools-subagent.json)", () => {
  const batch = claudeToBatch(payload("claude-tools-subagent"));
  const step = (id: string) => batch.steps.find((s) => s.id === id)!;

  it("merges the blocks of one API response into one step with its final usage", () => {
    expect(batch.steps.map((s) => s.id)).toEqual(["msg_01", "msg_02", "msg_03", "msg_04", "msg_05"]);
    const s = step("msg_01");
    expect(s.usage).toEqual({ inputTokens: 4700, outputTokens: 80, cachedTokens: 3000 });
    expect((s.output as any)[0].parts.map((p: { type: string }) => p.type)).toEqual(["text", "tool_call"]);
    expect(s.finishReason).toBe("tool_use");
  });

  it("gives each step the messages added since the previous step of its conversation", () => {
    expect(roles(step("msg_01").input)).toEqual(["user"]);
    expect(step("msg_02").input).toEqual([
      { role: "tool", parts: [{ type: "tool_result", id: "toolu_01", name: null, content: "1 failing: add(1, 1) expected 2, got 3", isError: true }] },
    ]);
    // The subagent's conversation starts with the prompt its Task call passed.
    expect(step("msg_03").input).toEqual([{ role: "user", parts: [{ type: "text", text: "Look at src/add.ts and find the off-by-one." }] }]);
    expect(roles(step("msg_04").input)).toEqual(["tool"]);
    expect(roles(step("msg_05").input)).toEqual(["tool"]);
    expect((step("msg_05").output as any)[0].parts[0]).toEqual({ type: "reasoning", text: "Remove the + 1." });
  });

  it("marks subagent steps and their model", () => {
    expect(step("msg_03")).toMatchObject({ name: "subagent: general-purpose", model: "claude-haiku-4-5", attributes: { parentToolUseId: "toolu_02" } });
    expect(step("msg_01").name).toBeNull();
  });

  it("pairs every tool_use with its tool_result, errors included", () => {
    const byId = Object.fromEntries(batch.toolCalls.map((t) => [t.id, t]));
    expect(Object.keys(byId).sort()).toEqual(["toolu_01", "toolu_02", "toolu_03"]);
    expect(byId.toolu_01).toMatchObject({
      name: "Bash",
      stepId: "msg_01",
      args: '{"command":"npm test"}',
      status: 2,
      error: "1 failing: add(1, 1) expected 2, got 3",
    });
    expect(byId.toolu_03).toMatchObject({
      name: "Read",
      stepId: "msg_03",
      status: 0,
      result: "export const add = (a, b) => a + b + 1;",
      attributes: { parentToolUseId: "toolu_02" },
    });
    expect(byId.toolu_02).toMatchObject({ name: "Task", status: 0, result: "The bug: add() adds an extra 1." });
    expect(byId.toolu_01!.endTime!.getTime() - byId.toolu_01!.startTime.getTime()).toBe(3000);
  });

  it("takes cost and models from the result, and applies the metadata rules to customMetadata", () => {
    const run = batch.runs[0]!;
    expect(run).toMatchObject({ status: 0, costUsd: 0.0321, response: "Fixed: removed the extra + 1 in add()." });
    expect(run.models.sort()).toEqual(["claude-haiku-4-5", "claude-sonnet-4-5"]);
    expect(run.meta).toMatchObject({ sessionId: null, conversational: true, userId: "dev-7", agent: "coder", custom: { repo: "sightline" } });
    // Start = end − duration_ms when the SDK measured more than the stream shows.
    expect(run.endTime!.getTime() - run.startTime.getTime()).toBe(9500);
  });
});

describe("claudeToBatch: Python payload without sessionId or customMetadata, ended by max turns", () => {
  const batch = claudeToBatch(payload("claude-python-max-turns"));
  const run = batch.runs[0]!;

  it("fails the run with the SDK's errors and keeps its cost", () => {
    expect(run).toMatchObject({ status: 2, statusMessage: "Reached maximum number of turns (2)", costUsd: 0.0009 });
    expect(run.meta.sessionId).toBeNull();
    expect(run.meta.custom).toEqual({});
    expect(run.attributes.claude).toMatchObject({ sessionId: "cs-py", model: "claude-sonnet-4-5", subtype: "error_max_turns" });
  });

  it("pairs a server tool with the result in the same message, and fails the synthetic error turn", () => {
    expect(batch.toolCalls).toEqual([expect.objectContaining({ id: "srvtoolu_1", name: "web_search", result: "No results", status: 0 })]);
    const errTurn = batch.steps.find((s) => s.id === "msg_py2")!;
    expect(errTurn).toMatchObject({ status: 2, statusMessage: "rate_limit", model: null, attributes: { synthetic: true } });
  });
});

describe("claudeToBatch: incomplete and malformed payloads", () => {
  it("fails a run whose stream ended without a result message, and the tool call it was waiting on", () => {
    const b = claudeToBatch({
      runId: "r1",
      messages: [
        {
          type: "assistant",
          message: { id: "m1", content: [{ type: "tool_use", id: "t1", name: "Bash", input: { command: "sleep 999" } }] },
          receivedAtMs: 1795000000000,
        },
        { type: "stream_event", event: { type: "message_start" }, receivedAtMs: 1795000000500 },
      ],
    });
    expect(b.runs[0]).toMatchObject({ status: 2, statusMessage: expect.stringContaining("without a result message") });
    expect(b.steps).toHaveLength(1);
    expect(b.toolCalls[0]).toMatchObject({ status: 2, endTime: null, error: expect.stringContaining("Never finished") });
    // Stream events do not move the run's end.
    expect(b.runs[0]!.endTime!.getTime()).toBe(1795000000000);
  });

  it("keeps the largest usage counters seen on a response's blocks", () => {
    const block = (text: string, output: number) => ({
      type: "assistant",
      message: { id: "m1", content: [{ type: "text", text }], usage: { input_tokens: 10, output_tokens: output } },
    });
    const b = claudeToBatch({ runId: "u", messages: [block("a", 50), block("b", 3)] });
    expect(b.steps[0]!.usage).toEqual({ inputTokens: 10, outputTokens: 50, cachedTokens: null });
  });

  it("takes the run id from customMetadata or tccMetadata when runId is missing", () => {
    expect(claudeToBatch({ messages: [], customMetadata: { "tcc.runId": "cm" } }).runs[0]!.id).toBe("cm");
    expect(claudeToBatch({ messages: [{ type: "result", tccMetadata: { runId: "tm" } }] }).runs[0]!.id).toBe("tm");
  });

  it("skips messages that are not SDK messages instead of rejecting the run", () => {
    const b = claudeToBatch({ runId: "r2", messages: [null, 3, "x", { no: "type" }, { type: "result", result: "ok", subtype: "success" }] });
    expect(b.runs[0]).toMatchObject({ status: 0, response: "ok" });
  });

  it.each([
    [null, "Body must be a JSON object"],
    [{ runId: "r" }, "messages"],
    [{ runId: "r", messages: {} }, "messages"],
    [{ messages: [] }, "no run id"],
    [{ runId: ["x"], messages: [] }, "runId"],
  ])("rejects %j with a 400 naming the problem", (body, text) => {
    expect(() => claudeToBatch(body)).toThrow(IngestError);
    try {
      claudeToBatch(body);
    } catch (e) {
      expect((e as IngestError).status).toBe(400);
      expect((e as IngestError).message).toContain(text);
    }
  });
});
