// Two projects on one database: nothing sent with project A's ingestion key is visible through
// project B's read key, on any read endpoint or filter; B writing the same ids (runs, spans,
// sessions, feedback) never touches A's rows; ingestion keys cannot read.
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createProject, type TestProject, withInstalledProject } from "../helpers/db";
import { call, getJson, postJson } from "../helpers/routes";

let B: TestProject;

const hex = (bytes: number) => crypto.randomBytes(bytes).toString("hex");
const customRunId = crypto.randomUUID();
const otlpRunId = crypto.randomUUID();
const feedbackOnlyRunId = crypto.randomUUID();
const sessionId = `sess-${hex(4)}`;
const traceId = hex(16);
const spanIds = { run: hex(8), step: hex(8), tool: hex(8) };
const now = Date.now();
const ns = (msAgo: number) => String(BigInt(now - msAgo) * 1_000_000n);

function customBatch(runId: string, prompt: string, userName: string) {
  const start = new Date(now - 60_000).toISOString();
  const end = new Date(now - 58_000).toISOString();
  return {
    type: "batch",
    items: [
      {
        type: "run",
        run_id: runId,
        start_time: start,
        end_time: end,
        status_code: 0,
        prompt: { user_prompt: prompt },
        response: `answer to ${prompt}`,
        session_id: sessionId,
        conversational: true,
        metadata: { "tcc.agent": "Shared Agent Name", "tcc.userId": "user-1", "tcc.userName": userName, "tcc.orgId": "org-1", plan: "enterprise" },
      },
      {
        type: "step",
        run_id: runId,
        step_id: "step-1",
        start_time: start,
        end_time: end,
        prompt: prompt,
        response: "ok",
        status_code: 0,
        model_used: "gpt-4o",
      },
      {
        type: "tool_call",
        run_id: runId,
        tool_call_id: "tool-1",
        tool_name: "lookup",
        start_time: start,
        end_time: end,
        status_code: 2,
        status_message: "denied",
      },
    ],
  };
}

function otlpPayload(runId: string, prompt: string) {
  const attr = (key: string, value: string | number) => ({ key, value: typeof value === "number" ? { intValue: value } : { stringValue: value } });
  const common = [attr("tcc.runId", runId), attr("ai.telemetry.metadata.tcc.runId", runId), attr("ai.telemetry.metadata.tcc.userId", "user-1")];
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr("service.name", "svc")] },
        scopeSpans: [
          {
            scope: { name: "ai" },
            spans: [
              {
                traceId,
                spanId: spanIds.step,
                parentSpanId: spanIds.run,
                name: "ai.generateText.doGenerate",
                kind: 1,
                startTimeUnixNano: ns(30_000),
                endTimeUnixNano: ns(29_000),
                status: { code: 0 },
                attributes: [
                  ...common,
                  attr("ai.model.id", "gpt-4o-mini"),
                  attr("ai.response.text", prompt),
                  attr("ai.usage.inputTokens", 10),
                  attr("ai.usage.outputTokens", 5),
                ],
              },
              {
                traceId,
                spanId: spanIds.tool,
                parentSpanId: spanIds.run,
                name: "ai.toolCall",
                kind: 1,
                startTimeUnixNano: ns(29_000),
                endTimeUnixNano: ns(28_500),
                status: { code: 0 },
                attributes: [...common, attr("ai.toolCall.name", "search"), attr("ai.toolCall.args", '{"q":"x"}'), attr("ai.toolCall.result", prompt)],
              },
              {
                traceId,
                spanId: spanIds.run,
                name: "ai.generateText",
                kind: 1,
                startTimeUnixNano: ns(30_000),
                endTimeUnixNano: ns(28_000),
                status: { code: 0 },
                attributes: [...common, attr("ai.prompt", JSON.stringify({ prompt })), attr("ai.response.text", prompt)],
              },
            ],
          },
        ],
      },
    ],
  };
}

const ids = (body: { data: Array<{ id: string }> }) => body.data.map((r) => r.id);

const s = withInstalledProject(async () => {
  B = await createProject(s.db, "Project B");
  const sent = [
    await postJson("/v1/custom", customBatch(customRunId, "A's secret question", "Alice of A"), s.project.ingestKey),
    await postJson("/v1/traces", otlpPayload(otlpRunId, "A's otlp prompt"), s.project.ingestKey),
    await postJson("/v1/feedback", { runId: customRunId, score: "thumbs_up", text: "A likes it" }, s.project.ingestKey),
    await postJson(
      "/v1/custom",
      { type: "run", run_id: feedbackOnlyRunId, prompt: { user_prompt: "A only" }, start_time: new Date(now - 1000).toISOString() },
      s.project.ingestKey,
    ),
  ];
  expect(sent.map((r) => r.status)).toEqual([200, 200, 200, 200]);
});

describe("project B's read key sees nothing of project A", () => {
  it("lists no runs, with or without filters", async () => {
    const queries = [
      "range=1d",
      "range=1d&userId=user-1",
      "range=1d&orgId=org-1",
      `range=1d&sessionId=${sessionId}`,
      "range=1d&agent=shared-agent-name",
      "range=1d&metadata.plan=enterprise",
      "range=1d&feedback=any",
      "range=1d&feedback=thumbs_up",
      "range=1d&status=success",
      "range=1d&conversational=true",
      "range=1d&model=gpt-4o",
      "range=1d&sort=cost",
    ];
    for (const q of queries) {
      const res = await getJson(`/v1/runs?${q}`, B.readKey);
      expect(res.status, q).toBe(200);
      expect(res.body.data, q).toEqual([]);
    }
  });

  it("answers 404 for A's runs and sessions by id", async () => {
    for (const id of [customRunId, otlpRunId, feedbackOnlyRunId]) {
      const res = await getJson(`/v1/runs/${id}`, B.readKey);
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain("secret");
    }
    expect((await getJson(`/v1/sessions/${sessionId}`, B.readKey)).status).toBe(404);
  });

  it("lists no sessions, with or without filters", async () => {
    for (const q of ["range=1d", "range=1d&userId=user-1", "range=1d&feedback=any", "range=1d&metadata.plan=enterprise", "range=1d&status=error"]) {
      const res = await getJson(`/v1/sessions?${q}`, B.readKey);
      expect(res.status, q).toBe(200);
      expect(res.body.data, q).toEqual([]);
    }
  });
});

describe("project A's read key sees its own data", () => {
  it("lists and reads A's runs and sessions", async () => {
    const list = await getJson(`/v1/runs?range=1d`, s.project.readKey);
    expect(ids(list.body).sort()).toEqual([customRunId, otlpRunId, feedbackOnlyRunId].sort());
    const filtered = await getJson(`/v1/runs?range=1d&agent=shared-agent-name&feedback=thumbs_up&metadata.plan=enterprise`, s.project.readKey);
    expect(ids(filtered.body)).toEqual([customRunId]);
    const run = await getJson(`/v1/runs/${customRunId}`, s.project.readKey);
    expect(run.body).toMatchObject({ userPrompt: "A's secret question", user: { name: "Alice of A" }, feedback: [{ text: "A likes it" }] });
    const otlp = await getJson(`/v1/runs/${otlpRunId}`, s.project.readKey);
    expect(otlp.body).toMatchObject({ userPrompt: "A's otlp prompt", stepCount: 1, toolCallCount: 1 });
    expect(otlp.body.spans).toHaveLength(3);
    const sessions = await getJson(`/v1/sessions?range=1d`, s.project.readKey);
    expect(ids(sessions.body)).toEqual([sessionId]);
  });
});

describe("keys are scoped to their kind", () => {
  it("ingestion keys cannot read (403), read keys cannot ingest (403), unknown keys get 401", async () => {
    for (const key of [s.project.ingestKey, B.ingestKey]) {
      for (const path of ["/v1/runs?range=1d", `/v1/runs/${customRunId}`, "/v1/sessions?range=1d", `/v1/sessions/${sessionId}`]) {
        const res = await getJson(path, key);
        expect(res.status, path).toBe(403);
        expect(res.body.error.code).toBe("ingest_key_cannot_read");
      }
    }
    const ingestWithRead = await postJson("/v1/custom", customBatch(crypto.randomUUID(), "x", "x"), s.project.readKey);
    expect(ingestWithRead.status).toBe(403);
    expect((await getJson("/v1/runs?range=1d", "sl_read_not_a_real_key")).status).toBe(401);
    const anonymous = await call("GET", "/v1/runs?range=1d");
    expect(anonymous.status).toBe(401);
  });
});

describe("project B writing A's ids leaves A untouched", () => {
  beforeAll(async () => {
    const sent = [
      await postJson("/v1/custom", customBatch(customRunId, "B's different question", "Bob of B"), B.ingestKey),
      await postJson("/v1/traces", otlpPayload(otlpRunId, "B's otlp prompt"), B.ingestKey),
      await postJson("/v1/feedback", { runId: customRunId, score: "thumbs_down", text: "B hates it" }, B.ingestKey),
      await postJson("/v1/feedback", { runId: feedbackOnlyRunId, score: "thumbs_down" }, B.ingestKey),
    ];
    expect(sent.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  it("keeps A's run, steps, tool calls, spans and feedback as A sent them", async () => {
    const run = await getJson(`/v1/runs/${customRunId}`, s.project.readKey);
    expect(run.body).toMatchObject({
      userPrompt: "A's secret question",
      response: "answer to A's secret question",
      user: { id: "user-1", name: "Alice of A" },
      stepCount: 1,
      toolCallCount: 1,
    });
    expect(run.body.feedback.map((f: { text: string }) => f.text)).toEqual(["A likes it"]);
    const otlp = await getJson(`/v1/runs/${otlpRunId}`, s.project.readKey);
    expect(otlp.body.userPrompt).toBe("A's otlp prompt");
    expect(otlp.body.toolCalls[0].result).toBe("A's otlp prompt");
    expect(otlp.body.spans.map((s: { attributes: Record<string, unknown> }) => s.attributes["ai.response.text"]).filter(Boolean)).toEqual([
      "A's otlp prompt",
      "A's otlp prompt",
    ]);
    const untouched = await getJson(`/v1/runs/${feedbackOnlyRunId}`, s.project.readKey);
    expect(untouched.body).toMatchObject({ feedback: [] });
    const downs = await getJson(`/v1/runs?range=1d&feedback=thumbs_down`, s.project.readKey);
    expect(downs.body.data).toEqual([]);
  });

  it("keeps A's session aggregates and gives B its own copies", async () => {
    const a = await getJson(`/v1/sessions/${sessionId}`, s.project.readKey);
    expect(a.body).toMatchObject({ runCount: 1, thumbsUp: 1, thumbsDown: 0, user: { id: "user-1", name: "Alice of A" } });
    expect(a.body.runs.map((r: { userPrompt: string }) => r.userPrompt)).toEqual(["A's secret question"]);
    const b = await getJson(`/v1/sessions/${sessionId}`, B.readKey);
    expect(b.body).toMatchObject({ runCount: 1, thumbsUp: 0, thumbsDown: 1, user: { id: "user-1", name: "Bob of B" } });
    const bRun = await getJson(`/v1/runs/${customRunId}`, B.readKey);
    expect(bRun.body).toMatchObject({ userPrompt: "B's different question", feedback: [{ score: "thumbs_down", text: "B hates it" }] });
    // B's agent of the same name is B's own row.
    expect(bRun.body.agent).toEqual({ name: "Shared Agent Name", slug: "shared-agent-name" });
    const rows = await s.db.sql.query<{ n: number }>(`SELECT count(DISTINCT project_id)::int AS n FROM agents WHERE name = 'Shared Agent Name'`);
    expect(rows[0]!.n).toBe(2);
  });

  it("still shows B none of A's runs that B did not write", async () => {
    const list = await getJson(`/v1/runs?range=1d`, B.readKey);
    expect(ids(list.body).sort()).toEqual([customRunId, otlpRunId].sort());
    expect((await getJson(`/v1/runs/${feedbackOnlyRunId}`, B.readKey)).status).toBe(404);
  });
});
