// Rollups plus raw edges must give exactly what a direct aggregate over the runs gives, for any
// window: whole hours, partial hours at either end, windows inside one hour, agent scopes. And
// the histogram percentiles stay within 5% of percentile_cont.
import { describe, expect, it } from "vitest";
import { kpis, kpisOf } from "@/lib/server/data/overview";
import { listUsers } from "@/lib/server/data/people";
import { resolveScope, splitWindow, type Scope } from "@/lib/server/data/stats";
import { USER_LIST } from "@/lib/validations/lists";
import type { TimeWindow } from "@/lib/validations/window";
import { withInstalledProject } from "../helpers/db";
import { sendFeedback, sendRuns, type TestRun } from "./analytics-data";

const end = new Date("2026-05-04T10:17:23.456Z");
const HOUR = 3_600_000;

// A deterministic pseudo-random sequence, so a failure can be replayed.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

const s = withInstalledProject(async () => {
  const runs: TestRun[] = [];
  for (let i = 0; i < 400; i++) {
    runs.push({
      id: `w${i}`,
      start: new Date(end.getTime() - Math.floor(rand() * 72 * HOUR)),
      durationMs: 50 + Math.floor(rand() * rand() * 20_000),
      error: rand() < 0.1,
      agent: ["a", "b", "c"][i % 3],
      userId: `u${Math.floor(rand() * 30)}`,
      orgId: `o${Math.floor(rand() * 5)}`,
      model: rand() < 0.5 ? "m1" : "m2",
      inputTokens: Math.floor(rand() * 1000),
      outputTokens: Math.floor(rand() * 200),
      cost: Math.round(rand() * 1e6) / 1e7,
    });
  }
  for (let i = 0; i < runs.length; i += 100) await sendRuns(s.project.ingestKey, runs.slice(i, i + 100));
  for (let i = 0; i < 60; i++) await sendFeedback(s.project.ingestKey, `w${i * 5}`, i % 3 ? "thumbs_up" : "thumbs_down");
});

async function direct(scope: Scope, w: TimeWindow & { openEnd?: boolean }) {
  const params: unknown[] = [scope.projectId, w.from.toISOString(), w.to.toISOString()];
  if (scope.agentId) params.push(scope.agentId);
  const [row] = await s.db.sql.query(
    `SELECT count(*)::int AS runs, count(*) FILTER (WHERE status = 2)::int AS errors,
            count(*) FILTER (WHERE feedback_score = 1)::int AS up, count(*) FILTER (WHERE feedback_score = -1)::int AS down,
            COALESCE(sum(input_tokens), 0)::float8 AS input, COALESCE(sum(cost_usd), 0)::float8 AS cost,
            count(DISTINCT user_id)::int AS users, count(DISTINCT org_id)::int AS orgs,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95
     FROM runs WHERE project_id = $1 AND start_time >= $2::timestamptz AND start_time ${w.openEnd ? "<" : "<="} $3::timestamptz
     ${scope.agentId ? "AND agent_id = $4" : ""}`,
    params,
  );
  return row!;
}

const windows: Array<[string, TimeWindow]> = [
  ["one day ending mid-hour", { from: new Date(end.getTime() - 24 * HOUR), to: end, range: "1d" }],
  ["three days: whole days, hours and edges", { from: new Date(end.getTime() - 72 * HOUR), to: end, range: null }],
  ["whole days", { from: new Date("2026-05-02T00:00:00.000Z"), to: new Date("2026-05-04T00:00:00.000Z"), range: null }],
  ["whole hours", { from: new Date("2026-05-02T03:00:00.000Z"), to: new Date("2026-05-03T21:00:00.000Z"), range: null }],
  ["inside one hour", { from: new Date("2026-05-03T05:10:00.000Z"), to: new Date("2026-05-03T05:50:00.000Z"), range: null }],
  ["three hours, both ends partial", { from: new Date("2026-05-03T05:10:00.000Z"), to: new Date("2026-05-03T08:50:00.000Z"), range: null }],
];
for (let i = 0; i < 6; i++) {
  const a = end.getTime() - Math.floor(rand() * 72 * HOUR);
  const b = end.getTime() - Math.floor(rand() * 72 * HOUR);
  windows.push([`random ${i}`, { from: new Date(Math.min(a, b)), to: new Date(Math.max(a, b)), range: null }]);
}

const byLabel = (label: string) => windows.find(([l]) => l === label)![1];

describe("windowed totals equal a direct aggregate over runs", () => {
  it("splits windows into whole days, whole hours and partial edges", () => {
    expect(splitWindow(byLabel("inside one hour"))).toMatchObject({ days: null, hours: [] });
    const d = splitWindow(byLabel("three hours, both ends partial"));
    expect(d.days).toBeNull();
    expect(d.hours).toEqual([{ from: new Date("2026-05-03T06:00:00.000Z"), to: new Date("2026-05-03T08:00:00.000Z") }]);
    expect(d.edges.map((e) => [e.from.toISOString(), e.to.toISOString(), e.inclusive])).toEqual([
      ["2026-05-03T05:10:00.000Z", "2026-05-03T06:00:00.000Z", false],
      ["2026-05-03T08:00:00.000Z", "2026-05-03T08:50:00.000Z", true],
    ]);
    const long = splitWindow({ from: new Date("2026-05-01T10:17:00.000Z"), to: new Date("2026-05-04T10:17:23.456Z") });
    expect(long.days).toEqual({ from: new Date("2026-05-02T00:00:00.000Z"), to: new Date("2026-05-04T00:00:00.000Z") });
    expect(long.hours).toEqual([
      { from: new Date("2026-05-01T11:00:00.000Z"), to: new Date("2026-05-02T00:00:00.000Z") },
      { from: new Date("2026-05-04T00:00:00.000Z"), to: new Date("2026-05-04T10:00:00.000Z") },
    ]);
    expect(splitWindow({ from: long.days!.from, to: long.days!.to }, "hour")).toMatchObject({ days: null, hours: [long.days] });
  });

  it("leaves a run at the end of an open-ended window out, and reads its last whole hour from the rollups", async () => {
    const open = splitWindow({ from: new Date("2026-05-01T00:00:00.000Z"), to: new Date("2026-05-04T00:00:00.000Z"), openEnd: true });
    expect(open.days).toEqual({ from: new Date("2026-05-01T00:00:00.000Z"), to: new Date("2026-05-04T00:00:00.000Z") });
    expect(open.edges.map((e) => [e.from.toISOString(), e.to.toISOString(), e.inclusive])).toEqual([
      ["2026-05-04T00:00:00.000Z", "2026-05-04T00:00:00.000Z", false],
    ]);
    const scope = (await resolveScope(s.db.sql, s.project.projectId, null))!;
    // Windows ending exactly at a run's start, on the hour and not: that run is in the closed
    // window and not in the open one (whose end is where the next window starts).
    const [run] = await s.db.sql.query<{ start_time: Date | string }>(
      `SELECT start_time FROM runs WHERE project_id = $1 AND user_id IS NOT NULL ORDER BY start_time DESC OFFSET 10 LIMIT 1`,
      [s.project.projectId],
    );
    const at = new Date(run!.start_time);
    // A run on the hour, of a user and org of its own.
    const onTheHour = new Date("2026-05-03T12:00:00.000Z");
    await sendRuns(s.project.ingestKey, [{ id: "w-hour", start: onTheHour, durationMs: 100, userId: "u-hour", orgId: "o-hour" }]);
    for (const to of [at, onTheHour]) {
      const from = new Date(to.getTime() - 50 * HOUR);
      const closed = { from, to, range: null };
      const [kClosed, kOpen] = await kpisOf(s.db.sql, scope, [closed, { ...closed, openEnd: true }]);
      const [dClosed, dOpen] = [await direct(scope, closed), await direct(scope, { ...closed, openEnd: true })];
      expect(dOpen.runs).toBe(Number(dClosed.runs) - 1);
      expect([kClosed!.runs, kClosed!.activeUsers, kClosed!.activeOrgs]).toEqual([dClosed.runs, dClosed.users, dClosed.orgs]);
      expect([kOpen!.runs, kOpen!.activeUsers, kOpen!.activeOrgs]).toEqual([dOpen.runs, dOpen.users, dOpen.orgs]);
    }
  });

  for (const [label, w] of windows) {
    it(label, async () => {
      for (const agent of [null, "b"]) {
        const scope = (await resolveScope(s.db.sql, s.project.projectId, agent))!;
        const [k, d] = await Promise.all([kpis(s.db.sql, scope, w), direct(scope, w)]);
        // The same window beside another (the overview asks for its window and the previous one in
        // one statement) gives the same KPIs, and the other window its own.
        const other = windows[(windows.findIndex(([l]) => l === label) + 1) % windows.length]![1];
        const [k2, o2] = await kpisOf(s.db.sql, scope, [w, other]);
        const o = await direct(scope, other);
        expect(k2).toEqual(k);
        expect({ runs: o2!.runs, errors: o2!.errors, users: o2!.activeUsers, orgs: o2!.activeOrgs }).toEqual({
          runs: o.runs,
          errors: o.errors,
          users: o.users,
          orgs: o.orgs,
        });
        expect({ runs: k.runs, errors: k.errors, up: k.thumbsUp, down: k.thumbsDown, input: k.inputTokens, users: k.activeUsers, orgs: k.activeOrgs }).toEqual({
          runs: d.runs,
          errors: d.errors,
          up: d.up,
          down: d.down,
          input: d.input,
          users: d.users,
          orgs: d.orgs,
        });
        expect(k.costUsd).toBeCloseTo(Number(d.cost), 9);
        if (Number(d.runs) > 0) {
          expect(Math.abs(k.p50Ms! - Number(d.p50)) / Number(d.p50)).toBeLessThanOrEqual(0.05);
          expect(Math.abs(k.p95Ms! - Number(d.p95)) / Number(d.p95)).toBeLessThanOrEqual(0.05);
        } else {
          expect(k.p50Ms).toBeNull();
        }
        const users = await listUsers(s.db.sql, scope, {
          ...USER_LIST.parse(new URLSearchParams("sort=runs&limit=100"), { defaultRange: "1d" }),
          window: w,
        });
        expect(users.data.reduce((s, u) => s + u.runs, 0)).toBe(Number(d.runs));
        expect(users.data).toHaveLength(Number(d.users));
      }
    });
  }
});
