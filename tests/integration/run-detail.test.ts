// The run detail data layer (lib/server/data/run-detail.ts) on a real database: header with
// capped text, the timeline skeleton from OTLP spans and from custom steps/tool calls, one node's
// full content, and project isolation of every read.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { getNodeDetail, getRunHeader, getRunText, HEADER_TEXT_CAP } from "@/lib/server/data/run-detail";
import { getRunTimeline } from "@/lib/server/data/run-timeline";
import { createProject, type TestProject, withInstalledProject } from "../helpers/db";
import { postJson } from "../helpers/routes";

let B: TestProject;

const hex = (n: number) => crypto.randomBytes(n).toString("hex");
const otlpRunId = crypto.randomUUID();
const customRunId = crypto.randomUUID();
const traceId = hex(16);
const ids = { run: hex(8), step: hex(8), tool: hex(8) };
const t0 = BigInt(Date.now() - 60_000) * 1_000_000n;
const at = (ms: number) => String(t0 + BigInt(ms) * 1_000_000n);
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const longPrompt = "p".repeat(HEADER_TEXT_CAP + 500);

function otlp(city: string) {
  const common = [str("ai.telemetry.metadata.tcc.runId", otlpRunId), str("tcc.runId", otlpRunId)];
  const span = (spanId: string, parent: string | null, name: string, from: number, to: number, attrs: unknown[]) => ({
    traceId,
    spanId,
    ...(parent ? { parentSpanId: parent } : {}),
    name,
    kind: 1,
    startTimeUnixNano: at(from),
    endTimeUnixNano: at(to),
    attributes: [str("ai.operationId", name), ...common, ...attrs],
    status: { code: 0 },
  });
  return {
    resourceSpans: [
      {
        resource: { attributes: [str("service.name", "test")] },
        scopeSpans: [
          {
            scope: { name: "ai" },
            spans: [
              span(ids.run, null, "ai.generateText", 0, 500, [
                str("ai.prompt", JSON.stringify({ prompt: `weather in ${city}` })),
                str("ai.response.text", "sunny"),
              ]),
              span(ids.step, ids.run, "ai.generateText.doGenerate", 5, 200, [
                str("ai.model.id", "mock-model"),
                str("ai.prompt.messages", JSON.stringify([{ role: "user", content: `weather in ${city}` }])),
                str("ai.response.text", "calling a tool"),
              ]),
              span(ids.tool, ids.run, "ai.toolCall", 210, 480, [
                str("ai.toolCall.name", "getWeather"),
                str("ai.toolCall.args", JSON.stringify({ city })),
                str("ai.toolCall.result", '{"temp":21}'),
              ]),
            ],
          },
        ],
      },
    ],
  };
}

const s = withInstalledProject(async () => {
  B = await createProject(s.db, "Other project");
  const now = Date.now();
  expect((await postJson("/v1/traces", otlp("Paris"), s.project.ingestKey)).status).toBe(200);
  // B sends the very same trace and span ids with other content.
  expect((await postJson("/v1/traces", otlp("Berlin"), B.ingestKey)).status).toBe(200);
  const custom = {
    type: "batch",
    items: [
      {
        type: "run",
        run_id: customRunId,
        start_time: new Date(now - 10_000).toISOString(),
        end_time: new Date(now - 8_000).toISOString(),
        prompt: { user_prompt: longPrompt, system_prompt: "be brief" },
        response: "done",
      },
      {
        type: "step",
        run_id: customRunId,
        step_id: "s1",
        start_time: new Date(now - 9_900).toISOString(),
        end_time: new Date(now - 9_500).toISOString(),
        prompt: JSON.stringify([{ role: "user", content: "hi" }]),
        response: "hello",
        model_used: "gpt-4o",
      },
      {
        type: "tool_call",
        run_id: customRunId,
        tool_call_id: "tc1",
        tool_name: "lookup",
        start_time: new Date(now - 9_400).toISOString(),
        end_time: new Date(now - 9_000).toISOString(),
        args: '{"id":7}',
        result: "<b>not html</b>",
      },
    ],
  };
  expect((await postJson("/v1/custom", custom, s.project.ingestKey)).status).toBe(200);
});

const timeline = async (projectId: string, runId: string) => {
  const header = (await getRunHeader(s.db.sql, projectId, runId))!;
  return getRunTimeline(s.db.sql, projectId, { id: runId, startTime: header.startTime, endTime: header.endTime, status: header.status, name: "run" });
};

describe("run detail queries", () => {
  it("builds the OTLP timeline: run → span tree with the step and the tool call marked", async () => {
    const tl = await timeline(s.project.projectId, otlpRunId);
    expect(tl.key).toEqual(["run", `span:${ids.run}`, `span:${ids.step}`, `span:${ids.tool}`]);
    expect(tl.parent).toEqual([-1, 0, 1, 1]);
    expect(tl.kind).toEqual([0, 3, 1, 2]);
    expect(tl.label.slice(2)).toEqual(["mock-model", "getWeather"]);
    expect(tl.start[3]).toBeCloseTo(210, 3);
    expect(tl.end[3]).toBeCloseTo(480, 3);
  });

  it("loads one node's content: a tool call's arguments and a step's messages", async () => {
    const tool = await getNodeDetail(s.db.sql, s.project.projectId, otlpRunId, `span:${ids.tool}`);
    expect(tool?.tool?.name).toBe("getWeather");
    expect(JSON.parse(tool!.tool!.args!)).toEqual({ city: "Paris" });
    expect(tool?.span?.attributes["ai.toolCall.name"]).toBe("getWeather");
    const step = await getNodeDetail(s.db.sql, s.project.projectId, otlpRunId, `span:${ids.step}`);
    expect(step?.step?.model).toBe("mock-model");
    expect(Array.isArray(step?.step?.input) && step!.step!.input[0]!.role).toBe("user");
    expect(await getNodeDetail(s.db.sql, s.project.projectId, otlpRunId, "span:nope")).toBeNull();
    expect(await getNodeDetail(s.db.sql, s.project.projectId, otlpRunId, "bogus")).toBeNull();
  });

  it("never mixes projects that share trace and span ids", async () => {
    const a = await getNodeDetail(s.db.sql, s.project.projectId, otlpRunId, `span:${ids.tool}`);
    const b = await getNodeDetail(s.db.sql, B.projectId, otlpRunId, `span:${ids.tool}`);
    expect(JSON.parse(a!.tool!.args!).city).toBe("Paris");
    expect(JSON.parse(b!.tool!.args!).city).toBe("Berlin");
    expect(await getRunHeader(s.db.sql, B.projectId, customRunId)).toBeNull();
    expect(await getNodeDetail(s.db.sql, B.projectId, customRunId, "tool:tc1")).toBeNull();
    expect(await getRunText(s.db.sql, B.projectId, customRunId, "userPrompt")).toBeNull();
  });

  it("builds a custom run's timeline from steps and tool calls and caps long text in the header", async () => {
    const tl = await timeline(s.project.projectId, customRunId);
    expect(tl.key).toEqual(["run", "step:s1", "tool:tc1"]);
    expect(tl.kind).toEqual([0, 1, 2]);
    const header = (await getRunHeader(s.db.sql, s.project.projectId, customRunId))!;
    expect(header.userPrompt!.length).toBe(HEADER_TEXT_CAP);
    expect(header.truncated).toEqual({ userPrompt: true, response: false, systemPrompt: false });
    expect(header.systemPrompt).toBe("be brief");
    expect(await getRunText(s.db.sql, s.project.projectId, customRunId, "userPrompt")).toBe(longPrompt);
    const tool = await getNodeDetail(s.db.sql, s.project.projectId, customRunId, "tool:tc1");
    expect(tool?.tool?.result).toBe("<b>not html</b>");
  });
});
