// Every captured SDK request in tests/fixtures/tcc, replayed through the real route handlers
// and read back through GET /v1/runs/{id}.
import { beforeAll, describe, expect, it } from "vitest";
import { withInstalledProject } from "../helpers/db";
import { fixture, getJson, replay } from "../helpers/routes";

const s = withInstalledProject();

const run = (id: string) => getJson(`/v1/runs/${id}`, s.project.readKey);

describe("AI SDK 6 through @contextcompany/otel (aisdk.jsonl)", () => {
  beforeAll(async () => {
    const res = await replay(fixture("aisdk"), s.project.ingestKey);
    expect(res.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it("turns the tool-calling generateText run into a run with steps, a tool call and metadata", async () => {
    const { status, body } = await run("5f0c3c1e-6d8b-4a57-9a57-1b2c3d4e5f60");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: "5f0c3c1e-6d8b-4a57-9a57-1b2c3d4e5f60",
      agent: { name: "weather-agent", slug: "weather-agent" },
      sessionId: "sess-1",
      conversational: true,
      user: { id: "u-1", name: "Jane" },
      org: { id: "o-1", name: "Acme" },
      status: "success",
      userPrompt: "Weather in Paris?",
      systemPrompt: "You are a weather bot.",
      response: "It is sunny in Paris.",
      models: ["mock-model-id"],
      usage: { inputTokens: 50, outputTokens: 12, cachedTokens: 4 },
      metadata: { customKey: "customValue" },
      stepCount: 2,
      toolCallCount: 1,
    });
    expect(body.feedback).toHaveLength(1);
    expect(body.feedback[0]).toMatchObject({ score: "thumbs_up", text: "great", source: "api" });
    expect(body.spans).toHaveLength(4);
    const [first, second] = body.steps;
    expect(first).toMatchObject({ model: "mock-model-id", finishReason: "tool-calls", usage: { inputTokens: 20, outputTokens: 5 } });
    expect(first.input.map((m: { role: string }) => m.role)).toEqual(["system", "user"]);
    expect(first.output[0].parts[0]).toMatchObject({ type: "tool_call", name: "getWeather", id: "call_1" });
    expect(second.output[0].parts[0]).toEqual({ type: "text", text: "It is sunny in Paris." });
    expect(body.toolCalls[0]).toMatchObject({
      name: "getWeather",
      args: '{"city":"Paris"}',
      result: '{"city":"Paris","temp":21,"condition":"sunny"}',
      status: "success",
      stepId: first.id,
    });
  });

  it("keeps the failed tool call of the streamed run and attaches it to its doStream step", async () => {
    const { body } = await run("ed3bf31a-62a6-43d3-b853-2819c5c77666");
    expect(body).toMatchObject({ status: "success", userPrompt: "Open a ticket", response: "Could not create ticket.", stepCount: 2 });
    expect(body.toolCalls).toHaveLength(1);
    expect(body.toolCalls[0]).toMatchObject({ name: "createTicket", status: "error", error: "DB down: password=hunter2" });
    expect(body.toolCalls[0].stepId).toBe(body.steps[0].id);
    expect(body.steps[0].ttftMs).toBeCloseTo(7.216, 2);
  });
});

describe("Next.js registration (nextjs.jsonl)", () => {
  it("finds the run span although its parent (an HTTP span) was never exported", async () => {
    expect((await replay(fixture("nextjs"), s.project.ingestKey))[0]!.status).toBe(200);
    const { body } = await run("9d1f3a52-8c47-4e2b-b6a1-3f5e7d9c0b24");
    expect(body).toMatchObject({ userPrompt: "hello", response: "hi from next", stepCount: 1, usage: { inputTokens: 3, outputTokens: 2 } });
    expect(body.attributes.resource["service.name"]).toBe("my-next-app");
  });
});

describe("custom SDK (custom.jsonl)", () => {
  beforeAll(async () => {
    const res = await replay(fixture("custom"), s.project.ingestKey);
    expect(res.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
  });

  it("stores the builder's batch with its step, tool call, cost and late children", async () => {
    const { body } = await run("0b7d3f0e-1c2a-4b5c-8d9e-0f1a2b3c4d5e");
    expect(body).toMatchObject({
      sessionId: "sess-42",
      conversational: true,
      userPrompt: "Weather in SF?",
      systemPrompt: "You are helpful.",
      response: "72F and sunny.",
      metadata: { agent: "weather-bot", version: "1.2.0" },
      stepCount: 2,
      toolCallCount: 2,
      costUsd: 0.0042,
    });
    const step = body.steps.find((s: { id: string }) => s.id === "step-1");
    expect(step).toMatchObject({ model: "gpt-4o-2024-08-06", usage: { inputTokens: 150, cachedTokens: 30, outputTokens: 45 }, costSource: "sdk" });
    expect(body.toolCalls.map((t: { name: string }) => t.name).sort()).toEqual(["get_weather", "late_tool"]);
    expect(body.feedback.map((f: { text: string }) => f.text)).toEqual(["too slow"]);
  });

  it("marks run.error() as failed, with its children failed too", async () => {
    const { body } = await run("53e33e72-4711-4bb8-ac5a-9df153915417");
    expect(body.status).toBe("error");
    expect(body.statusMessage).toContain("Upstream failed");
    expect(body.toolCalls.every((t: { status: string }) => t.status === "error")).toBe(true);
  });

  it("keeps feedback for a run that has not arrived (not-a-uuid)", async () => {
    const res = await getJson("/v1/runs/not-a-uuid", s.project.readKey);
    expect(res.status).toBe(404);
    const rows = await s.db.sql.query(`SELECT score, text FROM feedback WHERE project_id = $1 AND run_id = 'not-a-uuid'`, [s.project.projectId]);
    expect(rows).toEqual([{ score: -1, text: null }]);
  });
});

describe("Python custom SDK (python-custom.jsonl): children before their run", () => {
  it("assembles the run after its step and tool call arrived first", async () => {
    const res = await replay(fixture("python-custom"), s.project.ingestKey);
    expect(res.every((r) => r.status === 200)).toBe(true);
    const { body } = await run("2b0a6f1e-8c1d-4e7a-9f3b-5c6d7e8f9a0b");
    expect(body).toMatchObject({
      sessionId: "py-sess",
      conversational: true,
      userPrompt: "What is the weather?",
      systemPrompt: "Be brief",
      stepCount: 1,
      toolCallCount: 1,
      costUsd: 0.001,
      source: "custom",
    });
    expect(body.feedback[0]).toMatchObject({ score: "thumbs_down", text: "wrong" });
    const err = await run("0b3a61c7-5803-4185-ad5f-3617e69157c6");
    expect(err.body).toMatchObject({ status: "error", statusMessage: "boom api_key=[REDACTED]" });
  });
});

describe("retries (retry.jsonl, retry400.jsonl)", () => {
  it("leaves exactly one copy of a run sent three times", async () => {
    await replay(fixture("retry"), s.project.ingestKey);
    await replay(fixture("retry400"), s.project.ingestKey);
    const rows = await s.db.sql.query(`SELECT count(*)::int AS n FROM runs WHERE project_id = $1 AND id = $2`, [
      s.project.projectId,
      "11111111-2222-4333-8444-555555555555",
    ]);
    expect(rows[0]!.n).toBe(1);
  });

  it("stores every row of a replayed OTLP payload once", async () => {
    const count = async () =>
      (
        await s.db.sql.query<{ s: number; st: number; tc: number }>(
          `SELECT (SELECT count(*)::int FROM spans WHERE project_id = $1) AS s, (SELECT count(*)::int FROM steps WHERE project_id = $1) AS st,
                (SELECT count(*)::int FROM tool_calls WHERE project_id = $1) AS tc`,
          [s.project.projectId],
        )
      )[0];
    const before = await count();
    await replay(fixture("aisdk").slice(0, 2), s.project.ingestKey);
    await replay(fixture("aisdk").slice(0, 2), s.project.ingestKey);
    expect(await count()).toEqual(before);
    const { body } = await run("5f0c3c1e-6d8b-4a57-9a57-1b2c3d4e5f60");
    expect(body.usage).toEqual({ inputTokens: 50, outputTokens: 12, cachedTokens: 4 });
  });
});
