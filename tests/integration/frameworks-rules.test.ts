// Rules every framework endpoint keeps: malformed input gets a clear 4xx (never a 500) and stores
// nothing; a payload sent three times leaves one copy; every convention's messages come back in
// the one chat shape, with usage and model in the same fields.
import { describe, expect, it } from "vitest";
import { payload, tccCaptures } from "../fixtures/frameworks/load";
import { withInstalledProject } from "../helpers/db";
import { getJson, postJson } from "../helpers/routes";

const s = withInstalledProject();

const counts = async () =>
  (
    await s.db.sql.query<{ r: number; s: number; tc: number; sp: number }>(
      `SELECT (SELECT count(*)::int FROM runs WHERE project_id = $1) AS r, (SELECT count(*)::int FROM steps WHERE project_id = $1) AS s,
              (SELECT count(*)::int FROM tool_calls WHERE project_id = $1) AS tc, (SELECT count(*)::int FROM spans WHERE project_id = $1) AS sp`,
      [s.project.projectId],
    )
  )[0]!;

const cases: Array<[string, string, () => unknown, string]> = [
  ["mastra", "/v1/mastra", () => payload("mastra-agent"), "0a5c1f7e-3b2d-4c8e-9f10-2a3b4c5d6e7f"],
  ["mastra (workflow)", "/v1/mastra", () => payload("mastra-workflow-error"), "7d1e5b9a-6c4f-4e2a-8b3c-1d2e3f4a5b6c"],
  ["claude (captured)", "/v1/claude", () => tccCaptures("openclaw-claude-head")[1]!.body, "e4eaaaf2-d142-11e1-b3e4-080027620cdd"],
  ["claude (subagent)", "/v1/claude", () => payload("claude-tools-subagent"), "c1a0d3e2-4b5c-4d6e-8f70-8192a3b4c5d6"],
  ["pi (captured)", "/v1/pi", () => tccCaptures("pi-head")[1]!.body, "c56a4180-65aa-42ec-a945-5fd21dec0538"],
  ["pi (error)", "/v1/pi", () => payload("pi-extension-error"), "e3c2f5a4-6d7e-4f80-8b92-a3b4c5d6e7f8"],
  ["openclaw (captured)", "/v1/openclaw", () => tccCaptures("openclaw-claude-head")[0]!.body, "5c2fa553-0c38-4027-801b-ec63c8d97c44"],
  ["openclaw (stale)", "/v1/openclaw", () => payload("openclaw-stale"), "f4d3a6b5-7e8f-4a91-9ca3-b4c5d6e7f809"],
];

describe("replays", () => {
  it.each(cases)("%s: three sends leave one copy and the same run", async (_name, path, body, id) => {
    const before = await counts();
    expect((await postJson(path, body(), s.project.ingestKey)).status).toBe(200);
    const once = await counts();
    const first = (await getJson(`/v1/runs/${id}`, s.project.readKey)).body;
    for (let i = 0; i < 2; i++) expect((await postJson(path, body(), s.project.ingestKey)).status).toBe(200);
    expect(await counts()).toEqual(once);
    expect(once.r).toBe(before.r + 1);
    const again = (await getJson(`/v1/runs/${id}`, s.project.readKey)).body;
    expect(again).toEqual(first);
  });
});

describe("one chat shape, one usage shape", () => {
  const ROLES = new Set(["system", "user", "assistant", "tool"]);
  const PARTS = new Set(["text", "reasoning", "tool_call", "tool_result", "media"]);

  it.each(cases)("%s: every step's input and output is chat, with model and usage fields", async (_name, _path, _body, id) => {
    const { body } = await getJson(`/v1/runs/${id}`, s.project.readKey);
    expect(body.steps.length).toBeGreaterThan(0);
    for (const s of body.steps) {
      for (const side of [s.input, s.output]) {
        if (side === null) continue;
        expect(Array.isArray(side), `step ${s.id} has ${JSON.stringify(side).slice(0, 80)}`).toBe(true);
        for (const m of side) {
          expect(ROLES.has(m.role)).toBe(true);
          for (const part of m.parts) expect(PARTS.has(part.type)).toBe(true);
        }
      }
      expect(Object.keys(s.usage).sort()).toEqual(["cachedTokens", "inputTokens", "outputTokens"]);
      expect(s).toHaveProperty("model");
    }
    expect(body.steps.some((s: { model: string | null }) => s.model)).toBe(true);
    // Steps that finished report their tokens (a stale run's last step never did).
    const finished = body.steps.filter((s: { output: unknown }) => s.output !== null);
    expect(finished.every((s: { usage: { inputTokens: number | null } }) => s.usage.inputTokens !== null)).toBe(true);
  });

  it("tool results are tool messages in every convention", async () => {
    const ids = ["c1a0d3e2-4b5c-4d6e-8f70-8192a3b4c5d6", "c56a4180-65aa-42ec-a945-5fd21dec0538", "0a5c1f7e-3b2d-4c8e-9f10-2a3b4c5d6e7f"];
    for (const id of ids) {
      const { body } = await getJson(`/v1/runs/${id}`, s.project.readKey);
      const messages = body.steps.flatMap((s: { input: unknown }) => (Array.isArray(s.input) ? s.input : []));
      const results = messages.filter((m: { parts: { type: string }[] }) => m.parts.some((x) => x.type === "tool_result"));
      expect(results.length, id).toBeGreaterThan(0);
      expect(results.every((m: { role: string }) => m.role === "tool")).toBe(true);
    }
  });
});

describe("malformed input", () => {
  const bad: Array<[string, unknown, string]> = [
    ["/v1/mastra", [], "invalid_mastra_payload"],
    ["/v1/mastra", { runId: "x" }, "invalid_mastra_payload"],
    ["/v1/mastra", { runId: "x", spans: {} }, "invalid_mastra_payload"],
    ["/v1/mastra", { spans: [] }, "invalid_mastra_payload"],
    ["/v1/claude", "just text", "invalid_claude_payload"],
    ["/v1/claude", { runId: "x", messages: "no" }, "invalid_claude_payload"],
    ["/v1/claude", { messages: [{ type: "assistant" }] }, "invalid_claude_payload"],
    ["/v1/claude", { runId: `${"x".repeat(40)}…`.repeat(15), messages: [] }, "invalid_claude_payload"],
    ["/v1/pi", 42, "invalid_pi_payload"],
    ["/v1/pi", { runId: "x" }, "invalid_pi_payload"],
    ["/v1/pi", { runId: { a: 1 }, messages: [] }, "invalid_pi_payload"],
    ["/v1/openclaw", null, "invalid_openclaw_payload"],
    ["/v1/openclaw", { framework: "openclaw", events: {} }, "invalid_openclaw_payload"],
    ["/v1/openclaw", { framework: "openclaw", events: [] }, "invalid_openclaw_payload"],
  ];

  it.each(bad)("%s %j → 400 with a message that says what to fix, nothing stored", async (path, body, code) => {
    const before = await counts();
    const res = await postJson(path, JSON.stringify(body), s.project.ingestKey);
    expect(res.status).toBe(400);
    const err = (await res.json()).error;
    expect(err.code).toBe(code);
    expect(err.message).toMatch(/JSON object|runId|messages|spans|events|run id/);
    expect(await counts()).toEqual(before);
  });

  it.each(["/v1/mastra", "/v1/claude", "/v1/pi", "/v1/openclaw"])("%s: broken JSON, wrong content type and a read key are 4xx", async (path) => {
    const broken = await postJson(path, '{"runId": "x", ', s.project.ingestKey);
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toBe("invalid_json");
    expect((await postJson(path, "{}", s.project.ingestKey, { "content-type": "text/plain" })).status).toBe(415);
    expect((await postJson(path, "{}", s.project.readKey)).status).toBe(403);
  });

  it.each(["/v1/mastra", "/v1/claude", "/v1/pi", "/v1/openclaw", "/v1/custom"])("%s: JSON nested 50,000 deep is a 400, not a stack overflow", async (path) => {
    const deep = `${"[".repeat(50_000)}${"]".repeat(50_000)}`;
    const res = await postJson(
      path,
      `{"runId":"deep","run_id":"deep","type":"run","messages":[],"spans":[],"events":[],"metadata":${deep}}`,
      s.project.ingestKey,
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain("nested more than");
  });

  it("values of the wrong type inside an otherwise valid payload are dropped, not rejected", async () => {
    const weird = {
      runId: "weird-pi",
      startTimestamp: "not a time",
      messages: [{ role: "assistant", content: 7, usage: { input: "lots", cost: { total: "free" } }, timestamp: "??" }, { role: 9 }, null],
      toolExecutions: "none",
      sessionId: { nested: true },
      conversational: "maybe",
      metadata: ["not", "an", "object"],
    };
    const res = await postJson("/v1/pi", weird, s.project.ingestKey);
    expect(res.status).toBe(200);
    const { body } = await getJson("/v1/runs/weird-pi", s.project.readKey);
    expect(body).toMatchObject({ sessionId: null, conversational: false, stepCount: 1 });
    expect(body.metadata).toEqual({});
    expect(body.steps[0]).toMatchObject({ usage: { inputTokens: null }, costUsd: null });
  });
});
