import { describe, expect, it } from "vitest";
import { payload, tccCaptures } from "@/tests/fixtures/frameworks/load";
import { IngestError } from "../errors";
import { openclawToBatch, STALE_MESSAGE } from "./openclaw";

describe("openclawToBatch: the captured payload (openclaw-claude-head.jsonl)", () => {
  const batch = openclawToBatch(tccCaptures("openclaw-claude-head").find((c) => c.path === "/v1/openclaw")!.body);
  const run = batch.runs[0]!;

  it("takes the ids from metadata[tcc.*] and keeps the other metadata", () => {
    expect(run).toMatchObject({
      id: "5c2fa553-0c38-4027-801b-ec63c8d97c44",
      source: "openclaw",
      status: 0,
      userPrompt: "What's 2+2?",
      systemPrompt: "You are helpful",
      response: "2+2 = 4",
    });
    expect(run.meta).toMatchObject({ sessionId: "thread-42", custom: { environment: "dev", channel: "cli" } });
    expect(run.attributes.openclaw).toMatchObject({ agentId: "main", sessionKey: "agent:main:main", openclawRunId: "oc-run-1" });
    expect(run.endTime!.getTime() - run.startTime.getTime()).toBe(900);
  });

  it("pairs llm_input with llm_output into a step, and the tool hooks into a tool call", () => {
    expect(batch.steps).toHaveLength(1);
    const s = batch.steps[0]!;
    expect(s).toMatchObject({ model: "claude-sonnet-4", provider: "anthropic", usage: { inputTokens: 50, outputTokens: 8, cachedTokens: 0 } });
    expect((s.input as { role: string }[]).map((m) => m.role)).toEqual(["system", "user"]);
    expect(s.output).toEqual([{ role: "assistant", parts: [{ type: "text", text: "2+2 = 4" }] }]);
    expect(batch.toolCalls).toEqual([expect.objectContaining({ name: "calculator", args: '{"expr":"2+2"}', result: "4", status: 0, stepId: s.id })]);
  });
});

describe("openclawToBatch: the legacy shape without metadata (openclaw-legacy.json)", () => {
  const body = payload("openclaw-legacy");
  const batch = openclawToBatch(body);
  const run = batch.runs[0]!;

  it("derives a stable UUID run id per turn, and the session from the session key", () => {
    expect(run.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(openclawToBatch(structuredClone(body)).runs[0]!.id).toBe(run.id);
    // The next turn of the same session shares OpenClaw's run id but is another run.
    const next = structuredClone(body);
    for (const e of next.events) e.timestamp = e.timestamp.replace("12:00", "12:05");
    expect(openclawToBatch(next).runs[0]!.id).not.toBe(run.id);
    expect(run.meta.sessionId).toBe("agent:main:slack:C1:t1");
    expect(run.attributes.openclaw).toMatchObject({ legacyPayload: true, openclawRunId: "oc-stable-run" });
  });

  it("fails the run from agent_end and the tool from after_tool_call's error", () => {
    expect(run).toMatchObject({ status: 2, statusMessage: "Tool web_fetch failed: timeout after 10s", response: "I could not fetch the page." });
    expect(batch.toolCalls[0]).toMatchObject({ name: "web_fetch", status: 2, error: "timeout after 10s", args: '{"url":"https://example.com"}' });
    expect(batch.steps[0]!.usage).toEqual({ inputTokens: 1000, outputTokens: 15, cachedTokens: 100 });
    expect((batch.steps[0]!.input as { role: string }[]).map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
  });
});

describe("openclawToBatch: a stale flush (openclaw-stale.json)", () => {
  const batch = openclawToBatch(payload("openclaw-stale"));
  const run = batch.runs[0]!;

  it("stores what was captured but does not count the run as a success", () => {
    expect(run).toMatchObject({ id: "f4d3a6b5-7e8f-4a91-9ca3-b4c5d6e7f809", status: 2, statusMessage: STALE_MESSAGE, userPrompt: "Run the nightly report" });
    expect(run.attributes.openclaw).toMatchObject({ stale: true });
    expect(run.endTime?.toISOString()).toBe("2026-11-20T13:00:02.000Z");
    expect(run.meta).toMatchObject({ sessionId: "nightly", userId: "svc-1", userName: "Cron", orgId: "org-1", orgName: "Acme" });
  });

  it("keeps the unanswered step and tool call open, and fails them as what never finished", () => {
    expect(batch.steps[0]).toMatchObject({ endTime: null, output: null, model: "claude-sonnet-4-5", status: 2 });
    expect(batch.toolCalls[0]).toMatchObject({ id: "call_77", toolCallId: "call_77", name: "exec", endTime: null, status: 2 });
    expect(batch.toolCalls[0]!.error).toContain("flushed as stale");
  });

  it("lets agent_end decide when a stale payload has one after all", () => {
    const body = payload("openclaw-stale");
    body.events.push({ hook: "agent_end", timestamp: "2026-11-20T13:00:05.000Z", event: { success: true }, context: {} });
    expect(openclawToBatch(body).runs[0]).toMatchObject({ status: 0, statusMessage: null });
  });
});

describe("openclawToBatch: malformed input", () => {
  it("skips events without a hook", () => {
    const b = openclawToBatch({
      events: [1, null, { no: "hook" }, { hook: "agent_end", timestamp: "2026-11-20T10:00:00Z", event: { success: true } }],
      metadata: { "tcc.runId": "r" },
    });
    expect(b.runs[0]).toMatchObject({ id: "r", status: 0 });
  });

  it.each([
    [[], "Body must be a JSON object"],
    [{ framework: "openclaw" }, "events"],
    [{ events: "x", metadata: { "tcc.runId": "r" } }, "events"],
    [{ events: [] }, "no run id"],
  ])("rejects %j with a 400 naming the problem", (b, text) => {
    try {
      openclawToBatch(b);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IngestError);
      expect((e as IngestError).status).toBe(400);
      expect((e as IngestError).message).toContain(text);
    }
  });
});
