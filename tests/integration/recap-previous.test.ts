// "So far" without a stored recap of the previous period reads that period's totals once and keeps
// them for PREVIOUS_TOTALS_TTL_MS (per process): the minutes after a period ends, while its recap
// waits to settle, do not read the ended period again at every view. A stored recap, once written,
// stands in for the period as before.
import { expect, it } from "vitest";
import { currentRecap, recapStep } from "@/lib/server/insights/recaps";
import { withInstalledProject } from "../helpers/db";
import { drainInsightQueue } from "../helpers/insight-queue";
import { sendRuns, type TestRun } from "./analytics-data";

const s = withInstalledProject();
const sql = () => s.db.sql;
const now = new Date("2026-12-02T10:00:00Z");
const run = (id: string, start: string, sessionId: string): TestRun => ({ id, start: new Date(start), sessionId, userId: sessionId, agent: "support" });

it("reads the previous period's totals once while it has no stored recap, then takes its recap", async () => {
  const scope = { projectId: s.project.projectId, agent: null };
  await sendRuns(s.project.ingestKey, [run("p1", "2026-12-01T08:00:00Z", "a"), run("p2", "2026-12-01T09:00:00Z", "b"), run("c1", "2026-12-02T08:00:00Z", "a")]);
  const first = (await currentRecap(sql(), scope, "day", "UTC", null, now)).content.stats;
  expect([first.runs.previous, first.sessions.previous, first.users.previous]).toEqual([2, 2, 2]);
  // A late run of the previous day: kept totals, read once.
  await sendRuns(s.project.ingestKey, [run("p3", "2026-12-01T20:00:00Z", "c")]);
  const again = (await currentRecap(sql(), scope, "day", "UTC", null, now)).content.stats;
  expect([again.runs.previous, again.sessions.previous, again.users.previous]).toEqual([2, 2, 2]);
  expect(again.runs.current).toBe(1);
  // The stored recap, written once the period settled, stands in for it (with the late run).
  // (written before this test's "now", as the engine's settle check reads it)
  await sql().query(`UPDATE runs SET updated_at = '2026-12-02T00:00:00Z' WHERE project_id = $1`, [s.project.projectId]);
  await drainInsightQueue(sql());
  expect(await recapStep(sql(), { timeZone: "UTC", webhookUrl: null, baseUrl: null, settleMs: 0 }, now)).toBeGreaterThan(0);
  const stored = (await currentRecap(sql(), scope, "day", "UTC", null, now)).content.stats;
  expect([stored.runs.previous, stored.sessions.previous, stored.users.previous]).toEqual([3, 3, 3]);
});
