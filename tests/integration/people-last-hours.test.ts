// people_last_hours (migration 0022): per UTC hour, how many sessions, end users and orgs have
// their last run in it, kept by triggers on those tables whatever changes them (new rows, a later
// run moving a session's last run to another hour, runs of a session moved away so the session is
// deleted), and merged to one row per hour by compaction. A recap's "so far" sums it for the whole
// hours of the running period, so it must equal the tables at every point.
import { expect, it } from "vitest";
import { wholeHours } from "@/lib/server/data/recaps";
import { compactRollups } from "@/lib/server/data/rollups";
import { currentRecap } from "@/lib/server/insights/recaps";
import { createProject, withInstalledProject } from "../helpers/db";
import { sendRuns, type TestRun } from "./analytics-data";

const s = withInstalledProject();
const sql = () => s.db.sql;
const t0 = Date.parse("2026-11-30T08:15:00Z");
const at = (hours: number) => new Date(t0 + hours * 3_600_000);

/** people_last_hours summed per (kind, hour), and the same counted from the tables. */
async function compare() {
  const kept = await sql().query<{ kind: string; hour: string; n: number }>(
    `SELECT kind, to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24') AS hour, sum(n)::int AS n FROM people_last_hours
     WHERE project_id = $1 GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`,
    [s.project.projectId],
  );
  const truth = await sql().query<{ kind: string; hour: string; n: number }>(
    `SELECT kind, to_char(date_trunc('hour', t, 'UTC') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24') AS hour, count(*)::int AS n FROM (
       SELECT 's' AS kind, last_run_at AS t FROM sessions WHERE project_id = $1
       UNION ALL SELECT 'u', last_seen FROM end_users WHERE project_id = $1
       UNION ALL SELECT 'o', last_seen FROM orgs WHERE project_id = $1) x GROUP BY 1, 2 ORDER BY 1, 2`,
    [s.project.projectId],
  );
  return { kept, truth };
}

it("counts sessions, users and orgs by the hour of their last run through inserts, moves and deletions, before and after compaction", async () => {
  const run = (id: string, hours: number, sessionId: string, userId: string, orgId: string): TestRun => ({
    id,
    start: at(hours),
    sessionId,
    userId,
    orgId,
    agent: "support",
  });
  // New sessions, users and orgs in three hours.
  await sendRuns(s.project.ingestKey, [run("a1", 0, "s1", "u1", "o1"), run("b1", 1, "s2", "u2", "o1"), run("c1", 2, "s3", "u3", "o2")]);
  let { kept, truth } = await compare();
  expect(truth.length).toBeGreaterThan(3);
  expect(kept).toEqual(truth);
  // Later runs move s1, u1 and o1 to later hours; an earlier run of s3 leaves its last run where it is.
  await sendRuns(s.project.ingestKey, [run("a2", 5, "s1", "u1", "o1"), run("c0", -3, "s3", "u3", "o2")]);
  ({ kept, truth } = await compare());
  expect(kept).toEqual(truth);
  expect(truth).toContainEqual({ kind: "s", hour: "2026-11-30T13", n: 1 });
  // b1 moves to s1: s2 loses its only run and is deleted.
  await sendRuns(s.project.ingestKey, [run("b1", 1, "s1", "u2", "o1")]);
  const [gone] = await sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions WHERE project_id = $1 AND id = 's2'`, [s.project.projectId]);
  expect(gone!.n).toBe(0);
  ({ kept, truth } = await compare());
  expect(kept).toEqual(truth);
  // Compaction leaves one row per (kind, hour) with a non-zero count, and the same sums.
  await compactRollups(sql(), s.project.projectId);
  ({ kept, truth } = await compare());
  expect(kept).toEqual(truth);
  const [rows] = await sql().query<{ rows: number; keys: number; zero: number; fresh: number }>(
    `SELECT count(*)::int AS rows, count(DISTINCT (kind, hour))::int AS keys, count(*) FILTER (WHERE n = 0)::int AS zero,
       count(*) FILTER (WHERE NOT compacted)::int AS fresh FROM people_last_hours WHERE project_id = $1`,
    [s.project.projectId],
  );
  expect(rows).toEqual({ rows: truth.length, keys: truth.length, zero: 0, fresh: 0 });
});

it("counts the partial hours at the edges of a period that starts on the half hour (Asia/Kolkata) from the rows themselves", async () => {
  // A second project of the same database keeps the first test's rows out of these counts.
  const p = await createProject(s.db);
  const now = new Date("2026-12-01T03:45:00Z"); // 09:15 in Kolkata; the day began at 2026-11-30T18:30Z
  const runs: TestRun[] = [
    ["first-hour", "2026-11-30T18:40:00Z"], // in the period's first, partial hour
    ["before", "2026-11-30T18:20:00Z"], // before the period
    ["whole-hour", "2026-11-30T22:10:00Z"],
    ["last-hour", "2026-12-01T03:30:00Z"], // in the partial hour before now
    ["after", "2026-12-01T03:50:00Z"], // after now
    ["around", "2026-11-30T18:20:00Z"],
    ["around", "2026-12-01T03:50:00Z"], // runs before and after, none in the period
    ["through", "2026-11-30T18:20:00Z"],
    ["through", "2026-11-30T23:00:00Z"],
    ["through", "2026-12-01T03:50:00Z"], // runs before, in and after the period
  ].map(([who, start], i) => ({ id: `k${i}`, start: new Date(start!), sessionId: who, userId: who, orgId: who, agent: "support" }));
  await sendRuns(p.ingestKey, runs);
  const { stats } = (await currentRecap(sql(), { projectId: p.projectId, agent: null }, "day", "Asia/Kolkata", null, now)).content;
  // first-hour, whole-hour, last-hour and through.
  expect([stats.sessions.current, stats.users.current, stats.orgs.current]).toEqual([4, 4, 4]);
});

it("wholeHours: the whole UTC hours of a window, empty when it holds none", () => {
  const d = (iso: string) => new Date(iso);
  expect(wholeHours(d("2026-11-30T18:30:00Z"), d("2026-12-01T03:45:00Z"))).toEqual([d("2026-11-30T19:00:00Z"), d("2026-12-01T03:00:00Z")]);
  expect(wholeHours(d("2026-11-30T00:00:00Z"), d("2026-12-01T00:00:00Z"))).toEqual([d("2026-11-30T00:00:00Z"), d("2026-12-01T00:00:00Z")]);
  expect(wholeHours(d("2026-11-30T18:30:00Z"), d("2026-11-30T19:20:00Z"))).toEqual([d("2026-11-30T18:30:00Z"), d("2026-11-30T18:30:00Z")]);
});
