// A run's insights in the REST run detail: null analysed time before the engine ran, then the
// patterns with their evidence; a disabled user-defined pattern is hidden.
import { expect, it } from "vitest";
import { processBatch } from "@/lib/server/insights/engine";
import { setUserPatternEnabled } from "@/lib/server/insights/user-pattern-store";
import { withInstalledProject } from "../helpers/db";
import { getJson } from "../helpers/routes";
import { sendRuns } from "./analytics-data";

const sql = () => s.db.sql;

const s = withInstalledProject(async () => {
  const rule = { match: "any", conditions: [{ field: "prompt", op: "contains", value: "third time" }] };
  await sql().query(`INSERT INTO patterns (project_id, id, name, rule) VALUES ($1, 'pat_x', 'Repeated asks', $2)`, [s.project.projectId, JSON.stringify(rule)]);
  const start = new Date(Date.now() - 60_000);
  await sendRuns(s.project.ingestKey, [
    { id: "r1", start, sessionId: "s1", prompt: "Cancel my plan", response: "Pause instead?" },
    { id: "r2", start: new Date(start.getTime() + 1000), sessionId: "s1", prompt: "For the third time: cancel it.", response: "I'm unable to cancel plans." },
  ]);
});

it("GET /v1/runs/{id} carries the run's insights", async () => {
  const before = await getJson(`/v1/runs/r2`, s.project.readKey);
  expect(before.status).toBe(200);
  expect(before.body.insights).toEqual({ analyzedAt: null, patterns: [], topic: null });

  while ((await processBatch(sql(), { idleSeconds: 0 })).analysed > 0);
  const { body } = await getJson(`/v1/runs/r2`, s.project.readKey);
  expect(Date.parse(body.insights.analyzedAt)).toBeGreaterThan(Date.now() - 120_000);
  expect(body.insights.patterns.map((p: { id: string; key: string | null; name: string }) => [p.id, p.key, p.name])).toEqual([
    ["frustration", "frustration", "Frustration"],
    ["task_failure", "task_failure", "Task failure"],
    ["pat_x", null, "Repeated asks"],
  ]);
  expect(body.insights.patterns[1].evidence).toEqual([{ source: "response", ref: "r2", text: "I'm unable to cancel plans.", highlight: [0, 10] }]);
  expect((await getJson(`/v1/runs/r1`, s.project.readKey)).body.insights.patterns).toEqual([]);

  await setUserPatternEnabled(sql(), s.project.projectId, "pat_x", false);
  const hidden = await getJson(`/v1/runs/r2`, s.project.readKey);
  expect(hidden.body.insights.patterns.map((p: { id: string }) => p.id)).toEqual(["frustration", "task_failure"]);
});
