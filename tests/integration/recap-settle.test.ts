// Recaps wait for their data: a period's recap is written only once no run of it was written or
// updated for SETTLE_MS and the insight engine has analysed its runs, so runs that arrive late (an
// import of past runs, a slow exporter) are in the snapshot; and a fresh install catches up the
// last MAX_CATCH_UP periods that had data, not only the latest.
import { expect, it } from "vitest";
import { MAX_CATCH_UP, recapStep, SETTLE_MS } from "@/lib/server/insights/recaps";
import { withInstalledProject } from "../helpers/db";
import { drainInsightQueue } from "../helpers/insight-queue";
import { sendRuns, type TestRun } from "./analytics-data";

const s = withInstalledProject();
const sql = () => s.db.sql;
const at = (iso: string) => new Date(iso);
const opts = { timeZone: "UTC", webhookUrl: null, baseUrl: null };

/** Sends runs and marks them written at `writtenAt` (the test's clock, not the machine's), analysed or not. */
async function arrive(runs: TestRun[], writtenAt: Date, analysed = true) {
  await sendRuns(s.project.ingestKey, runs);
  await sql().query(`UPDATE runs SET updated_at = $2 WHERE project_id = $1 AND id = ANY($3::text[])`, [
    s.project.projectId,
    writtenAt.toISOString(),
    runs.map((r) => r.id),
  ]);
  if (analysed) await drainInsightQueue(sql());
}

const stored = async () =>
  (
    await sql().query<{ kind: string; period_key: string; runs: number }>(
      `SELECT kind, period_key, (content->'stats'->'runs'->>'current')::int AS runs FROM recaps WHERE agent_key = '' ORDER BY kind, period_key`,
    )
  ).map((r) => `${r.kind}:${r.period_key}:${r.runs}`);

const run = (id: string, start: string): TestRun => ({ id, start: at(start), agent: "support", sessionId: id, prompt: `question ${id}` });

it("on a fresh install, writes the last MAX_CATCH_UP periods that had data, empty ones skipped", async () => {
  expect(MAX_CATCH_UP).toBe(7);
  // Nine days with runs over the three weeks before Monday 16 November, with empty days between.
  const days = ["2026-10-27", "2026-10-29", "2026-11-01", "2026-11-03", "2026-11-05", "2026-11-08", "2026-11-10", "2026-11-12", "2026-11-15"];
  await arrive(
    days.map((d, i) => run(`r${i}`, `${d}T12:00:00Z`)),
    at("2026-11-15T13:00:00Z"),
  );
  const now = at("2026-11-16T00:05:00Z");
  // The last 7 days with runs and the 3 weeks with runs (W44 to W46), for all agents and for support.
  expect(await recapStep(sql(), opts, now)).toBe(2 * (7 + 3));
  expect(await stored()).toEqual([
    ...days.slice(-7).map((d) => `day:${d}:1`),
    "week:2026-W44:3", // Monday 26 October to Sunday 1 November
    "week:2026-W45:3",
    "week:2026-W46:3",
  ]);
  await sql().query(`DELETE FROM recaps`);
});

it("waits until no run of the period was written for SETTLE_MS and the engine has analysed its runs", async () => {
  await sql().query(`DELETE FROM runs`);
  await sql().query(`DELETE FROM insight_queue`);
  // Sunday 22 November and week W47 end at 2026-11-23T00:00Z.
  // Saturday's runs arrived long ago; Sunday's are being imported: the last was written 2 minutes ago.
  await arrive([run("sat-1", "2026-11-21T10:00:00Z")], at("2026-11-21T11:00:00Z"));
  await arrive([run("sun-1", "2026-11-22T09:00:00Z"), run("sun-2", "2026-11-22T10:00:00Z")], at("2026-11-23T00:03:00Z"));
  const done = new Map<string, string>();
  let now = at("2026-11-23T00:05:00Z");
  // Saturday is written; Sunday and the week (which holds Sunday) wait.
  expect(await recapStep(sql(), opts, now, done)).toBe(2);
  expect(await stored()).toEqual(["day:2026-11-21:1"]);

  // Sunday's import goes on: a run arrives 9 minutes after the day's end; the next ticks still wait.
  await arrive([run("sun-3", "2026-11-22T23:00:00Z")], at("2026-11-23T00:09:00Z"));
  now = new Date(now.getTime() + 60_000);
  expect(await recapStep(sql(), opts, now, done)).toBe(0);
  now = at("2026-11-23T00:18:00Z");
  expect(await recapStep(sql(), opts, now, done)).toBe(0);

  // Settled, but a run of Sunday is still in the engine's queue: its failures, patterns and topics are not in.
  now = new Date(at("2026-11-23T00:09:00Z").getTime() + SETTLE_MS + 60_000);
  await arrive([run("sun-4", "2026-11-22T23:30:00Z")], at("2026-11-22T23:31:00Z"), false);
  expect(await recapStep(sql(), opts, now, done)).toBe(0);
  // A queued run that started after the period does not hold it back.
  await drainInsightQueue(sql());
  await arrive([run("mon-1", "2026-11-23T00:01:00Z")], at("2026-11-23T00:02:00Z"), false);
  expect(await recapStep(sql(), opts, now, done)).toBe(4);
  expect(await stored()).toEqual(["day:2026-11-21:1", "day:2026-11-22:4", "week:2026-W47:5"]);
  // Written once: nothing more, in this process or another.
  expect(await recapStep(sql(), opts, new Date(now.getTime() + 3_600_000), done)).toBe(0);
  expect(await recapStep(sql(), opts, new Date(now.getTime() + 3_600_000), new Map())).toBe(0);
});
