// Framework integrations that post to /v1/custom: CrewAI (Python, one request per item, children
// first) and the LangChain TS handler (one batch with attributes and ttft), read back through
// GET /v1/runs/{id}.
import { beforeAll, describe, expect, it } from "vitest";
import { captures, payload, tccCaptures } from "../fixtures/frameworks/load";
import { withInstalledProject } from "../helpers/db";
import { getJson, postJson } from "../helpers/routes";

const s = withInstalledProject();

const run = async (id: string) => {
  const res = await getJson(`/v1/runs/${id}`, s.project.readKey);
  expect(res.status).toBe(200);
  return res.body;
};
const send = async (list: { body: unknown }[]) => {
  for (const c of list) expect((await postJson("/v1/custom", c.body, s.project.ingestKey)).status).toBe(200);
};

describe("CrewAI kickoff (crewai.jsonl)", () => {
  const id = "5e4f3a2b-1c0d-4e9f-8a7b-6c5d4e3f2a1b";
  beforeAll(() => send(captures("crewai")));

  it("assembles the run after its steps and tool call, with the crew's agents and tasks", async () => {
    const body = await run(id);
    expect(body).toMatchObject({
      source: "custom",
      sessionId: "crew-sess-1",
      conversational: true,
      status: "success",
      userPrompt: "Research the current weather in Tokyo.\n\nWrite a one-paragraph travel tip based on the weather report.",
      metadata: { agentName: "weather-crew", environment: "production", max_rpm: "10" },
      stepCount: 3,
      toolCallCount: 1,
      models: ["gpt-4o", "gpt-4o-mini"],
      usage: { inputTokens: 844, outputTokens: 100, cachedTokens: 64 },
    });
    expect(body.metadata).toEqual({ agentName: "weather-crew", environment: "production", max_rpm: "10" });
    expect(body.startTime).toBe("2026-11-20T14:00:00.000Z");
    expect(body.attributes["crewai.framework"]).toBe("crewai");
    expect(body.attributes["crewai.agents.Weather Researcher"]).toEqual({
      role: "Weather Researcher",
      goal: "Find accurate, current weather data for the requested city",
    });
    expect(body.attributes["crewai.agents.Travel Writer"]).toMatchObject({ role: "Travel Writer" });
    const tasks = Object.entries(body.attributes)
      .filter(([k]) => k.startsWith("crewai.tasks."))
      .map(([, v]) => v as { description: string; agent: string; at: string })
      .sort((a, b) => a.at.localeCompare(b.at));
    expect(tasks.map((x) => [x.description, x.agent])).toEqual([
      ["Research the current weather in Tokyo.", "Weather Researcher"],
      ["Write a one-paragraph travel tip based on the weather report.", "Travel Writer"],
    ]);
  });

  it("shows which agent made each LLM call, and the tool call between them", async () => {
    const body = await run(id);
    expect(body.steps.map((s: { name: string }) => s.name)).toEqual(["Weather Researcher", "Weather Researcher", "Travel Writer"]);
    expect(body.steps[2].attributes).toMatchObject({ "crewai.task.expected_output": "One paragraph of advice." });
    expect(body.steps[0].output[0].parts[0]).toMatchObject({ type: "tool_call", name: "get_weather" });
    expect(body.toolCalls[0]).toMatchObject({ name: "Get Weather", args: '{"location": "Tokyo"}', status: "success" });
  });

  it("keeps one copy when the whole kickoff is sent again", async () => {
    await send(captures("crewai"));
    const rows = await s.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM steps WHERE project_id = $1 AND run_id = $2`, [s.project.projectId, id]);
    expect(rows[0]!.n).toBe(3);
    expect((await run(id)).stepCount).toBe(3);
  });

  it("fails a kickoff that raised, with its errored step", async () => {
    await send(captures("crewai-error"));
    const body = await run("6f5e4d3c-2b1a-4f0e-9d8c-7b6a5f4e3d2c");
    expect(body).toMatchObject({ status: "error", statusMessage: expect.stringContaining("RateLimitError"), attributes: { "crewai.framework": "crewai" } });
    expect(body.steps[0]).toMatchObject({ status: "error", name: "Weather Researcher", model: "gpt-4o-mini" });
  });
});

describe("LangChain TS handler", () => {
  it("stores the captured batch with run and step attributes (langchain-head.jsonl)", async () => {
    await send(tccCaptures("langchain-head"));
    const body = await run("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    expect(body).toMatchObject({ sessionId: "session-99", conversational: true, stepCount: 2, toolCallCount: 1, response: "Order ORD-1 shipped." });
    expect(body.attributes.attributes).toMatchObject({
      "langchain.graph_name": "support_graph",
      "langchain.serialized_id": ["langchain_core", "runnables", "RunnableLambda"],
    });
    expect(body.steps[0]).toMatchObject({ name: "FakeListChatModel", attributes: { "llm.params.batch_size": 1 } });
    expect(body.steps[1].input.map((m: { role: string }) => m.role)).toEqual(["user", "assistant", "user"]);
  });

  it("keeps ttft, model and provider of a streamed call and fails the errored parts", async () => {
    await send([{ body: payload("langchain-streaming-error") }]);
    const body = await run("3f2e1d0c-9b8a-4765-8432-10fedcba9876");
    expect(body).toMatchObject({
      status: "error",
      agent: { name: "support-bot" },
      user: { id: "cust-3" },
      toolErrorCount: 1,
      models: ["gpt-4o-mini", "gpt-4o-mini-2024-07-18"],
    });
    expect(body.steps[0]).toMatchObject({ ttftMs: 212.4, provider: "openai", model: "gpt-4o-mini-2024-07-18", attributes: { "llm.ttft_ms": 212.4 } });
    expect(body.steps[1]).toMatchObject({ status: "error", statusMessage: "Connection error." });
  });

  it("stores a run whose user-given timestamps are years apart instead of failing with a 500", async () => {
    const item = {
      type: "run",
      run_id: "years-apart",
      start_time: "2020-01-01T00:00:00Z",
      end_time: "2026-01-01T00:00:00Z",
      status_code: 0,
      prompt: { user_prompt: "x" },
    };
    expect((await postJson("/v1/custom", item, s.project.ingestKey)).status).toBe(200);
    expect(await run("years-apart")).toMatchObject({ startTime: "2020-01-01T00:00:00.000Z", endTime: null, durationMs: null });
  });

  it("keeps full_input and full_output of custom TS ≥1.2", async () => {
    await send([{ body: payload("custom-full-io") }]);
    const body = await run("4a3b2c1d-0e9f-4a8b-9c7d-6e5f4a3b2c1d");
    expect(body).toMatchObject({
      fullOutput: '{"text":"hello","confidence":0.98}',
      systemPrompt: "You translate French.",
      agent: { name: "translator" },
      org: null,
    });
    expect(JSON.parse(body.fullInput)).toHaveLength(2);
  });
});
