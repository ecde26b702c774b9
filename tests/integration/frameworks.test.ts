// Framework endpoints (/v1/mastra, /v1/claude, /v1/pi, /v1/openclaw) replayed through the real
// route handlers and read back through GET /v1/runs/{id}: captured SDK requests from
// tests/fixtures/tcc and payloads composed from the wire-format spec (tests/fixtures/frameworks).
import { beforeAll, describe, expect, it } from "vitest";
import { payload, tccCaptures } from "../fixtures/frameworks/load";
import { withInstalledProject } from "../helpers/db";
import { getJson, postJson } from "../helpers/routes";

const s = withInstalledProject();

const run = async (id: string) => {
  const res = await getJson(`/v1/runs/${id}`, s.project.readKey);
  expect(res.status).toBe(200);
  return res.body;
};
const post = async (path: string, body: unknown) => {
  const res = await postJson(path, body, s.project.ingestKey);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
};
const roles = (v: { role: string }[]) => v.map((m) => m.role);
const byId = (list: { id: string }[], id: string) => list.find((x) => x.id === id) as any;

describe("POST /v1/mastra", () => {
  beforeAll(async () => {
    await post("/v1/mastra", payload("mastra-agent"));
    await post("/v1/mastra", payload("mastra-workflow-error"));
  });

  it("stores the agent trace as a run with its steps, tool call, spans and tcc.* metadata", async () => {
    const body = await run("0a5c1f7e-3b2d-4c8e-9f10-2a3b4c5d6e7f");
    expect(body).toMatchObject({
      source: "mastra",
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      agent: { name: "weather-bot" },
      sessionId: "mastra-sess-1",
      conversational: true,
      user: { id: "u-42", name: "Ada" },
      status: "success",
      userPrompt: "What's the weather in Paris?",
      systemPrompt: "You are a weather assistant.",
      response: "It is 18°C and sunny in Paris.",
      models: ["gpt-4o-mini"],
      usage: { inputTokens: 230, outputTokens: 41, cachedTokens: 64 },
      metadata: { plan: "pro", threadId: "thread-9" },
      stepCount: 2,
      toolCallCount: 1,
      toolErrorCount: 0,
      durationMs: 3000,
    });
    // Exactly the custom keys: the unknown tcc.* key and the 8 reserved ones are not metadata.
    expect(body.metadata).toEqual({ plan: "pro", threadId: "thread-9" });
    const [first, second] = body.steps;
    expect(first).toMatchObject({
      model: "gpt-4o-mini",
      provider: "openai.chat",
      finishReason: "tool-calls",
      usage: { inputTokens: 120, outputTokens: 25, cachedTokens: 64 },
    });
    expect(roles(second.input)).toEqual(["system", "user", "assistant", "tool"]);
    // No SDK cost: the store prices the tokens.
    expect(first.costSource).toBe("price");
    expect(body.costUsd).toBeGreaterThan(0);
    expect(body.toolCalls[0]).toMatchObject({ name: "weatherTool", stepId: first.id, status: "success", result: '{"temperature":18,"conditions":"sunny"}' });
    expect(body.spans.map((s: { name: string }) => s.name)).toEqual([
      "agent run: 'weatherAgent'",
      "llm: 'gpt-4o-mini'",
      "step: 0",
      "tool: 'weatherTool'",
      "step: 1",
    ]);
  });

  it("fails the workflow run, drops a reserved agent name and a userName without userId", async () => {
    const body = await run("7d1e5b9a-6c4f-4e2a-8b3c-1d2e3f4a5b6c");
    expect(body).toMatchObject({
      status: "error",
      statusMessage: "Step publish failed: upstream 503",
      agent: null,
      user: null,
      conversational: false,
      metadata: { team: "ops" },
      stepCount: 1,
      toolCallCount: 1,
      toolErrorCount: 1,
      models: ["claude-3-5-haiku-latest"],
    });
    expect(body.metadata).toEqual({ team: "ops" });
    expect(body.toolCalls[0]).toMatchObject({ name: "publishTool", status: "error", error: "upstream 503", stepId: "f00dfeed00000005" });
    const steps = body.spans.filter((s: { attributes: Record<string, unknown> }) => s.attributes["mastra.type"] === "workflow_step");
    expect(steps.map((s: { name: string; status: { code: number } }) => [s.name, s.status.code])).toEqual([
      ["workflow step: 'fetch'", 0],
      ["workflow step: 'summarize'", 0],
      ["workflow step: 'publish'", 2],
    ]);
  });
});

describe("POST /v1/claude", () => {
  beforeAll(async () => {
    await post("/v1/claude", tccCaptures("openclaw-claude-head").find((c) => c.path === "/v1/claude")!.body);
    await post("/v1/claude", payload("claude-tools-subagent"));
    await post("/v1/claude", payload("claude-python-max-turns"));
  });

  it("stores the captured TS query with the SDK's cost and session", async () => {
    const body = await run("e4eaaaf2-d142-11e1-b3e4-080027620cdd");
    expect(body).toMatchObject({
      source: "claude",
      sessionId: "conv-1",
      conversational: true,
      costUsd: 0.00042,
      response: "4",
      userPrompt: "What is 2+2?",
      stepCount: 1,
    });
    expect(body.metadata).toEqual({ environment: "dev" });
    expect(body.steps[0]).toMatchObject({ model: "claude-sonnet-4", finishReason: "end_turn", usage: { inputTokens: 12, outputTokens: 3 } });
  });

  it("pairs tool_use with tool_result (errors included) and keeps subagent turns", async () => {
    const body = await run("c1a0d3e2-4b5c-4d6e-8f70-8192a3b4c5d6");
    expect(body).toMatchObject({
      sessionId: null,
      conversational: true,
      agent: { name: "coder" },
      user: { id: "dev-7" },
      metadata: { repo: "sightline" },
      status: "success",
      stepCount: 5,
      toolCallCount: 3,
      toolErrorCount: 1,
      costUsd: 0.0321,
      models: ["claude-haiku-4-5", "claude-sonnet-4-5"],
      durationMs: 9500,
    });
    expect(body.metadata).toEqual({ repo: "sightline" });
    expect(byId(body.toolCalls, "toolu_01")).toMatchObject({
      name: "Bash",
      status: "error",
      error: "1 failing: add(1, 1) expected 2, got 3",
      stepId: "msg_01",
      durationMs: 3000,
    });
    expect(byId(body.toolCalls, "toolu_03")).toMatchObject({ name: "Read", status: "success", stepId: "msg_03" });
    expect(byId(body.steps, "msg_03")).toMatchObject({ name: "subagent: general-purpose", attributes: { parentToolUseId: "toolu_02" } });
    expect(byId(body.steps, "msg_01").usage).toEqual({ inputTokens: 4700, outputTokens: 80, cachedTokens: 3000 });
    expect(body.usage).toEqual({ inputTokens: 14400, outputTokens: 220, cachedTokens: 9000 });
  });

  it("fails a Python run ended by max turns, without sessionId or customMetadata", async () => {
    const body = await run("d2b1e4f3-5c6d-4e7f-9a81-92a3b4c5d6e7");
    expect(body).toMatchObject({ status: "error", statusMessage: "Reached maximum number of turns (2)", sessionId: null, costUsd: 0.0009 });
    expect(body.metadata).toEqual({});
    expect(byId(body.steps, "msg_py2")).toMatchObject({ status: "error", statusMessage: "rate_limit" });
  });
});

describe("POST /v1/pi", () => {
  beforeAll(async () => {
    for (const c of tccCaptures("pi-head")) await post("/v1/pi", c.body);
    await post("/v1/pi", payload("pi-extension-error"));
  });

  it("stores both captured runs with session and conversational from either carrier", async () => {
    const ext = await run("9a6e60ec-fd69-45bd-b7d5-9656394e1732");
    const sdk = await run("c56a4180-65aa-42ec-a945-5fd21dec0538");
    expect(ext).toMatchObject({ source: "pi", sessionId: "pi-session-1", conversational: true, metadata: { environment: "local" } });
    expect(sdk).toMatchObject({
      sessionId: "conv-123",
      conversational: true,
      metadata: { userId: "user-1" },
      userPrompt: "List files",
      response: "Two files: a.txt, b.txt",
    });
    expect(ext.metadata).toEqual({ environment: "local" });
    expect(sdk.metadata).toEqual({ userId: "user-1" });
    expect(sdk).toMatchObject({ stepCount: 2, toolCallCount: 1, usage: { inputTokens: 250, outputTokens: 32 } });
    expect(sdk.costUsd).toBeCloseTo(0.000314, 9);
    expect(sdk.steps.map((s: { costSource: string }) => s.costSource)).toEqual(["sdk", "sdk"]);
    expect(sdk.toolCalls[0]).toMatchObject({ name: "bash", stepId: sdk.steps[0].id, result: "a.txt\nb.txt", status: "success" });
  });

  it("fails the run on stopReason error and the tool on isError", async () => {
    const body = await run("e3c2f5a4-6d7e-4f80-8b92-a3b4c5d6e7f8");
    expect(body).toMatchObject({
      status: "error",
      statusMessage: "429 rate_limit_error: too many requests",
      toolErrorCount: 1,
      sessionId: "pi-s-9",
      user: null,
    });
    expect(body.metadata).toEqual({ environment: "local", project: "demo" });
    expect(body.toolCalls[0]).toMatchObject({ status: "error", error: "permission denied: staging is locked", durationMs: 1000 });
  });
});

describe("POST /v1/openclaw", () => {
  beforeAll(async () => {
    await post("/v1/openclaw", tccCaptures("openclaw-claude-head").find((c) => c.path === "/v1/openclaw")!.body);
    await post("/v1/openclaw", payload("openclaw-stale"));
  });

  it("stores the captured turn with ids from metadata[tcc.*]", async () => {
    const body = await run("5c2fa553-0c38-4027-801b-ec63c8d97c44");
    expect(body).toMatchObject({
      source: "openclaw",
      sessionId: "thread-42",
      metadata: { environment: "dev", channel: "cli" },
      stepCount: 1,
      toolCallCount: 1,
      status: "success",
    });
    expect(body.metadata).toEqual({ environment: "dev", channel: "cli" });
    expect(body.attributes.openclaw).toMatchObject({ agentId: "main", openclawRunId: "oc-run-1" });
  });

  it("stores a legacy payload under a derived run id, once however often it is sent", async () => {
    const res = await (await postJson("/v1/openclaw", payload("openclaw-legacy"), s.project.ingestKey)).json();
    expect(res).toMatchObject({ ok: true, runs: 1, steps: 1, toolCalls: 1 });
    await post("/v1/openclaw", payload("openclaw-legacy"));
    const rows = await s.db.sql.query<{ id: string }>(`SELECT id FROM runs WHERE project_id = $1 AND source = 'openclaw' AND session_id = $2`, [
      s.project.projectId,
      "agent:main:slack:C1:t1",
    ]);
    expect(rows).toHaveLength(1);
    const body = await run(rows[0]!.id);
    expect(body).toMatchObject({ status: "error", statusMessage: "Tool web_fetch failed: timeout after 10s", toolErrorCount: 1 });
  });

  it("keeps a stale flush, failed, with its unfinished tool call", async () => {
    const body = await run("f4d3a6b5-7e8f-4a91-9ca3-b4c5d6e7f809");
    expect(body).toMatchObject({
      status: "error",
      user: { id: "svc-1", name: "Cron" },
      org: { id: "org-1", name: "Acme" },
      attributes: { openclaw: { stale: true } },
    });
    expect(body.statusMessage).toContain("without agent_end");
    expect(body.toolErrorCount).toBe(1);
    expect(body.toolCalls[0]).toMatchObject({ name: "exec", endTime: null, status: "error", error: expect.stringContaining("Never finished") });
  });
});
