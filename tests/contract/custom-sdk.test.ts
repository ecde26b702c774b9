// The published @contextcompany/custom 1.0.2 (builder and factory APIs) and its submitFeedback,
// sending to the running server (wire-format spec 14.2 recipe C), read back through the REST API.
import crypto from "node:crypto";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { apiGet, getRun, useServerEnv } from "./support";

let tcc: typeof import("@contextcompany/custom");
let consoleError: MockInstance;

beforeAll(async () => {
  useServerEnv();
  tcc = await import("@contextcompany/custom");
});

// The SDK never throws on a rejected request; it logs. A logged failure fails the test.
beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  expect(consoleError.mock.calls.map((c) => c.join(" "))).toEqual([]);
  consoleError.mockRestore();
});

const uuid = () => crypto.randomUUID();

describe("builder: a run with steps, tool calls (one failed) and metadata", () => {
  const runId = uuid();
  const sessionId = `sess-${uuid()}`;

  beforeAll(async () => {
    const r = tcc.run({ runId, sessionId, conversational: true });
    r.prompt({ user_prompt: "Where is my order ORD-1? Refund it if it is late.", system_prompt: "You are a support agent." });
    r.metadata(
      { "tcc.agent": "Support Bot", "tcc.userId": "cust-9", "tcc.userName": "Grace Hopper" },
      { "tcc.orgId": "org-navy", "tcc.orgName": "US Navy", "tcc.internalFlag": "drop me", channel: "web", tier: "gold" },
    );

    const s1 = r.step("step-1");
    s1.prompt(
      JSON.stringify([
        { role: "system", content: "You are a support agent." },
        { role: "user", content: "Where is my order ORD-1?" },
      ]),
    );
    s1.response(JSON.stringify([{ id: "tc-lookup", function: { name: "lookup_order", arguments: '{"orderId":"ORD-1"}' } }]));
    s1.model({ requested: "gpt-4o", used: "gpt-4o-2024-08-06" });
    s1.finishReason("tool_calls");
    s1.tokens({ uncached: 120, cached: 30, completion: 45 });
    s1.cost(0.0042);
    s1.toolDefinitions([{ name: "lookup_order" }, { name: "refund_order" }]);
    s1.end();

    const lookup = r.toolCall({ name: "lookup_order", toolCallId: "tc-lookup" });
    lookup.args({ orderId: "ORD-1" });
    lookup.result({ status: "delayed", eta: "2026-12-01" });
    lookup.end();

    const refund = r.toolCall({ name: "refund_order", toolCallId: "tc-refund" });
    refund.args({ orderId: "ORD-1", amount: 42.5 });
    refund.error("Payment gateway timeout after 30s");

    const s2 = r.step("step-2");
    s2.prompt("user: Where is my order ORD-1?\ntool: delayed");
    s2.response("Your order ORD-1 is delayed until Dec 1; I could not refund it automatically.");
    s2.model("gpt-4o-mini");
    s2.finishReason("stop");
    s2.tokens({ uncached: 200, completion: 30 });
    s2.end();

    r.response("Your order ORD-1 is delayed until Dec 1; I could not refund it automatically.");
    await r.end();
  });

  it("stores the run: prompt, response, session, identity, custom metadata without tcc.* keys", async () => {
    const run = await getRun(runId);
    expect(run).toMatchObject({
      id: runId,
      source: "custom",
      sessionId,
      conversational: true,
      agent: { name: "Support Bot", slug: "support-bot" },
      user: { id: "cust-9", name: "Grace Hopper" },
      org: { id: "org-navy", name: "US Navy" },
      status: "success",
      userPrompt: "Where is my order ORD-1? Refund it if it is late.",
      systemPrompt: "You are a support agent.",
      response: "Your order ORD-1 is delayed until Dec 1; I could not refund it automatically.",
      stepCount: 2,
      toolCallCount: 2,
      toolErrorCount: 1,
      usage: { inputTokens: 350, outputTokens: 75, cachedTokens: 30 },
    });
    expect(run.metadata).toEqual({ channel: "web", tier: "gold" });
    expect(run.models).toEqual(["gpt-4o-2024-08-06", "gpt-4o-mini"]);
    // Step 1 carries the SDK's cost; step 2 is priced from its tokens.
    expect(run.costUsd).toBeGreaterThan(0.0042);
  });

  it("stores each step with model, tokens, cost and messages", async () => {
    const { steps } = await getRun(runId);
    expect(steps.map((s: { id: string }) => s.id)).toEqual(["step-1", "step-2"]);
    const [s1, s2] = steps;
    expect(s1).toMatchObject({
      model: "gpt-4o-2024-08-06",
      finishReason: "tool_calls",
      usage: { inputTokens: 150, outputTokens: 45, cachedTokens: 30 },
      costUsd: 0.0042,
      costSource: "sdk",
      status: "success",
    });
    expect(s1.attributes).toMatchObject({ modelRequested: "gpt-4o" });
    expect(s1.input).toEqual([
      { role: "system", parts: [{ type: "text", text: "You are a support agent." }] },
      { role: "user", parts: [{ type: "text", text: "Where is my order ORD-1?" }] },
    ]);
    expect(s1.output[0].parts[0]).toMatchObject({ type: "tool_call", id: "tc-lookup", name: "lookup_order", arguments: '{"orderId":"ORD-1"}' });
    expect(s2).toMatchObject({ model: "gpt-4o-mini", finishReason: "stop", costSource: "price", usage: { inputTokens: 200, outputTokens: 30 } });
    expect(s2.costUsd).toBeGreaterThan(0);
  });

  it("stores both tool calls, the failed one with its error", async () => {
    const { toolCalls } = await getRun(runId);
    const byName = Object.fromEntries(toolCalls.map((t: { name: string }) => [t.name, t]));
    expect(byName.lookup_order).toMatchObject({ toolCallId: "tc-lookup", status: "success", error: null });
    expect(JSON.parse(byName.lookup_order.args)).toEqual({ orderId: "ORD-1" });
    expect(JSON.parse(byName.lookup_order.result)).toEqual({ status: "delayed", eta: "2026-12-01" });
    expect(byName.refund_order).toMatchObject({ toolCallId: "tc-refund", status: "error", error: "Payment gateway timeout after 30s", result: null });
    expect(JSON.parse(byName.refund_order.args)).toEqual({ orderId: "ORD-1", amount: 42.5 });
  });

  it("lists the run under its session, user, org, agent and metadata filters", async () => {
    for (const q of ["userId=cust-9", "orgId=org-navy", "agent=support-bot", "metadata.tier=gold", `sessionId=${sessionId}`]) {
      const { status, body } = await apiGet(`/v1/runs?range=1h&${q}`);
      expect(status, q).toBe(200);
      expect(
        body.data.map((r: { id: string }) => r.id),
        q,
      ).toContain(runId);
    }
    const session = await apiGet(`/v1/sessions/${sessionId}`);
    expect(session.body).toMatchObject({ id: sessionId, runCount: 1, conversational: true, org: { id: "org-navy", name: "US Navy" } });
    expect(session.body.runs.map((r: { id: string }) => r.id)).toEqual([runId]);
  });
});

describe("builder: run.error() with unfinished children and no prompt", () => {
  const runId = uuid();

  beforeAll(async () => {
    const r = tcc.run({ runId });
    r.metadata({ "tcc.agent": "Support Bot", job: "nightly-sync" });
    r.step("err-step").prompt("sync accounts");
    r.toolCall({ name: "fetch_accounts", toolCallId: "err-tool" }).args({ page: 1 });
    await r.error("Upstream failed: 502 Bad Gateway");
  });

  it("stores an errored run and marks the unfinished step and tool call as errored", async () => {
    const run = await getRun(runId);
    expect(run).toMatchObject({
      id: runId,
      status: "error",
      statusMessage: "Upstream failed: 502 Bad Gateway",
      userPrompt: null,
      metadata: { job: "nightly-sync" },
      stepCount: 1,
      toolCallCount: 1,
      toolErrorCount: 1,
    });
    expect(run.steps[0]).toMatchObject({ id: "err-step", status: "error", statusMessage: "Parent run errored" });
    expect(run.toolCalls[0]).toMatchObject({ name: "fetch_accounts", status: "error", error: "Parent run errored" });
  });

  it("is found by the status=error filter and not by status=success", async () => {
    const errors = await apiGet(`/v1/runs?range=1h&status=error&agent=support-bot`);
    expect(errors.body.data.map((r: { id: string }) => r.id)).toContain(runId);
    const ok = await apiGet(`/v1/runs?range=1h&status=success&agent=support-bot`);
    expect(ok.body.data.map((r: { id: string }) => r.id)).not.toContain(runId);
  });
});

describe("factory: children sent before their run (the Python SDK's order)", () => {
  const runId = uuid();
  const t0 = new Date(Date.now() - 60_000);
  const at = (ms: number) => new Date(t0.getTime() + ms);

  beforeAll(async () => {
    await tcc.sendStep({
      runId,
      stepId: "f-step",
      prompt: "hi",
      response: "hello",
      model: "claude-sonnet-4-20250514",
      tokens: { uncached: 10, completion: 5 },
      startTime: at(100),
      endTime: at(900),
    });
    await tcc.sendToolCall({ runId, toolCallId: "f-tool", name: "search", args: { q: "x" }, result: "nothing", startTime: at(200), endTime: at(300) });
    await tcc.sendRun({ runId, prompt: { user_prompt: "hi" }, response: "hello", startTime: t0, endTime: at(1000), metadata: { source: "factory" } });
  });

  it("merges the children into the run when it arrives, with the run's own times", async () => {
    const run = await getRun(runId);
    expect(run).toMatchObject({
      source: "custom",
      userPrompt: "hi",
      response: "hello",
      startTime: t0.toISOString(),
      endTime: at(1000).toISOString(),
      durationMs: 1000,
      stepCount: 1,
      toolCallCount: 1,
      metadata: { source: "factory" },
      models: ["claude-sonnet-4-20250514"],
    });
  });
});

describe("submitFeedback (published @contextcompany/api 1.0.2 inside custom 1.0.2)", () => {
  const runId = uuid();

  beforeAll(async () => {
    await tcc.sendRun({ runId, prompt: { user_prompt: "rate me" }, response: "ok", startTime: new Date(Date.now() - 1000), endTime: new Date() });
  });

  it("records thumbs and text; the latest score wins and every submission is listed", async () => {
    const up = await tcc.submitFeedback({ runId, score: "thumbs_up", text: "Exactly what I needed" });
    expect(up?.status).toBe(200);
    let run = await getRun(runId);
    expect(run.feedback).toHaveLength(1);
    expect(run.feedback[0]).toMatchObject({ score: "thumbs_up", text: "Exactly what I needed", source: "api" });

    const down = await tcc.submitFeedback({ runId, score: "thumbs_down" });
    expect(down?.ok).toBe(true);
    const textOnly = await tcc.submitFeedback({ runId, text: "Actually it was slow" });
    expect(textOnly?.ok).toBe(true);
    run = await getRun(runId);
    expect(run.feedback.map((f: { score: string | null; text: string | null }) => [f.score, f.text])).toEqual([
      ["thumbs_up", "Exactly what I needed"],
      ["thumbs_down", null],
      [null, "Actually it was slow"],
    ]);
    const downs = await apiGet(`/v1/runs?range=1h&feedback=thumbs_down`);
    expect(downs.body.data.map((r: { id: string }) => r.id)).toContain(runId);
    const ups = await apiGet(`/v1/runs?range=1h&feedback=thumbs_up`);
    expect(ups.body.data.map((r: { id: string }) => r.id)).not.toContain(runId);
  });

  it("keeps feedback that arrives before its run and shows it once the run is sent", async () => {
    const early = uuid();
    const res = await tcc.submitFeedback({ runId: early, score: "thumbs_up" });
    expect(res?.status).toBe(200);
    expect((await apiGet(`/v1/runs/${early}`)).status).toBe(404);
    await tcc.sendRun({ runId: early, prompt: { user_prompt: "late run" }, startTime: new Date(Date.now() - 500), endTime: new Date() });
    const run = await getRun(early);
    expect(run.feedback).toHaveLength(1);
    expect(run.feedback[0].score).toBe("thumbs_up");
  });

  it("rejects feedback without a usable run id with a 400 the SDK logs", async () => {
    const res = await tcc.submitFeedback({ runId: "", score: "thumbs_up" });
    expect(res?.status).toBe(400);
    // The SDK logged the server's explanation; that log is expected here.
    expect(consoleError.mock.calls.join(" ")).toContain("runId");
    consoleError.mockClear();
  });
});
