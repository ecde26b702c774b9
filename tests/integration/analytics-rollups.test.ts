// The trigger-maintained rollups must always sum to what the runs table says, through every write
// path: new runs, retries, placeholders replaced by their real run, feedback, changed metadata,
// deletions, and compaction.
import { describe, expect, it } from "vitest";
import { compactRollups, compactSql, ROLLUP_TABLES, vacuumRollups } from "@/lib/server/data/rollups";
import { createProject, type TestProject, withInstalledProject } from "../helpers/db";
import { postJson } from "../helpers/routes";
import { before, expectRollupsMatchRuns, sendFeedback, sendRuns, type TestRun } from "./analytics-data";

let other: TestProject;
const now = new Date("2026-03-10T12:34:56.000Z");

const s = withInstalledProject(async () => {
  other = await createProject(s.db, "Other");
});

const sql = () => s.db.sql;
const rowCount = async (table: string, projectId = s.project.projectId) =>
  Number((await sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE project_id = $1`, [projectId]))[0]!.n);

const base: TestRun[] = [
  {
    id: "r1",
    start: before(now, 0.2),
    durationMs: 1200,
    agent: "support",
    userId: "u1",
    orgId: "o1",
    model: "gpt-4o",
    inputTokens: 100,
    outputTokens: 20,
    cost: 0.01,
  },
  {
    id: "r2",
    start: before(now, 0.3),
    durationMs: 800,
    agent: "support",
    userId: "u2",
    orgId: "o1",
    error: true,
    model: "gpt-4o",
    inputTokens: 50,
    outputTokens: 5,
    cost: 0.002,
  },
  {
    id: "r3",
    start: before(now, 1.5),
    durationMs: 15000,
    agent: "billing",
    userId: "u1",
    orgId: "o1",
    model: "claude-sonnet",
    inputTokens: 10,
    outputTokens: 10,
    cost: 0.5,
  },
  { id: "r4", start: before(now, 30), durationMs: 50, userId: "u3" },
];

describe("rollups maintained by the runs trigger", () => {
  it("match the runs after ingestion, in both projects, and do not mix projects", async () => {
    await sendRuns(s.project.ingestKey, base);
    await sendRuns(other.ingestKey, [{ ...base[0]!, id: "x1", cost: 7 }]);
    await expectRollupsMatchRuns(sql(), s.project.projectId);
    await expectRollupsMatchRuns(sql(), other.projectId);
    const [hourly] = await sql().query(`SELECT sum(runs)::int AS runs, sum(cost_usd)::float8 AS cost FROM rollup_hourly WHERE project_id = $1`, [
      s.project.projectId,
    ]);
    expect(hourly).toEqual({ runs: 4, cost: 0.512 });
  });

  it("count a retried batch once, and a no-op retry adds no rows", async () => {
    const rowsBefore = await rowCount("rollup_hourly");
    await sendRuns(s.project.ingestKey, base);
    await sendRuns(s.project.ingestKey, base);
    await expectRollupsMatchRuns(sql(), s.project.projectId);
    const [hourly] = await sql().query(`SELECT sum(runs)::int AS runs FROM rollup_hourly WHERE project_id = $1`, [s.project.projectId]);
    expect(hourly!.runs).toBe(4);
    // Unchanged runs produce deltas that cancel: nothing is appended.
    expect(await rowCount("rollup_hourly")).toBe(rowsBefore);
  });

  it("move a placeholder's contribution to its real run's hour, agent and user", async () => {
    const step = {
      type: "step",
      run_id: "r5",
      step_id: "r5-s",
      start_time: before(now, 5).toISOString(),
      end_time: before(now, 4.9).toISOString(),
      prompt: "p",
      response: "r",
      status_code: 0,
      model_used: "gpt-4o",
      prompt_uncached_tokens: 7,
      completion_tokens: 3,
      real_total_cost: 0.25,
    };
    expect((await postJson("/v1/custom", step, s.project.ingestKey)).status).toBeLessThan(300);
    await expectRollupsMatchRuns(sql(), s.project.projectId);
    await sendRuns(s.project.ingestKey, [{ id: "r5", start: before(now, 2.2), durationMs: 400, agent: "billing", userId: "u2", orgId: "o2" }]);
    await expectRollupsMatchRuns(sql(), s.project.projectId);
    const [u2] = await sql().query(`SELECT sum(runs)::int AS runs, sum(cost_usd)::float8 AS cost FROM rollup_users WHERE project_id = $1 AND user_id = 'u2'`, [
      s.project.projectId,
    ]);
    expect(u2).toEqual({ runs: 2, cost: 0.252 });
  });

  it("follow feedback: the latest thumbs of a run counts, and text-only feedback changes nothing", async () => {
    await sendFeedback(s.project.ingestKey, "r1", "thumbs_up");
    await sendFeedback(s.project.ingestKey, "r2", "thumbs_up");
    await sendFeedback(s.project.ingestKey, "r2", "thumbs_down", "wrong answer");
    await sendFeedback(s.project.ingestKey, "r3", null, "just a note");
    await expectRollupsMatchRuns(sql(), s.project.projectId);
    const [h] = await sql().query(`SELECT sum(thumbs_up)::int AS up, sum(thumbs_down)::int AS down FROM rollup_hourly WHERE project_id = $1`, [
      s.project.projectId,
    ]);
    expect(h).toEqual({ up: 1, down: 1 });
  });

  it("follow changed metadata and deleted runs", async () => {
    await sendRuns(s.project.ingestKey, [{ ...base[3]!, userId: "u9", orgId: "o9" }]);
    await expectRollupsMatchRuns(sql(), s.project.projectId);
    await sql().query(`DELETE FROM runs WHERE project_id = $1 AND id IN ('r2', 'r4')`, [s.project.projectId]);
    await expectRollupsMatchRuns(sql(), s.project.projectId);
  });

  it("compaction keeps one row per key and the same totals", async () => {
    const dupes = async () =>
      Number(
        (
          await sql().query<{ n: number }>(
            `SELECT count(*)::int AS n FROM (SELECT 1 FROM rollup_users WHERE project_id = $1 GROUP BY user_id, hour, agent_key HAVING count(*) > 1) d`,
            [s.project.projectId],
          )
        )[0]!.n,
      );
    // A direct update of every run appends a delta row to every key, whatever was compacted before.
    await sql().query(`UPDATE runs SET input_tokens = input_tokens + 1 WHERE project_id = $1`, [s.project.projectId]);
    expect(await dupes()).toBeGreaterThan(0);
    expect(await compactRollups(sql(), s.project.projectId)).toBe(true);
    expect(await dupes()).toBe(0);
    await expectRollupsMatchRuns(sql(), s.project.projectId);
    for (const table of ROLLUP_TABLES) {
      const [fresh] = await sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table.name} WHERE project_id = $1 AND NOT compacted`, [
        s.project.projectId,
      ]);
      expect(fresh!.n, table.name).toBe(0);
    }
    // The other project was left alone.
    expect(await rowCount("rollup_hourly", other.projectId)).toBeGreaterThan(0);
    await expectRollupsMatchRuns(sql(), other.projectId);
  });

  it("compaction computes each table's fresh keys once, whatever plan the statistics lead to", async () => {
    // Inlined, the fresh-keys query could become the inner side of a nested loop and run once per
    // row of the table (13.5 s for one compaction on the embedded database); as a CTE node of the
    // plan it runs once.
    for (const table of ROLLUP_TABLES) {
      const plan = await sql().query<Record<string, string>>(`EXPLAIN ${compactSql(table)}`, [s.project.projectId]);
      expect(plan.map((r) => Object.values(r)[0]).join("\n"), table.name).toMatch(/^\s*CTE fresh$/m);
    }
  });

  it("vacuum lets compaction reuse the space it frees (the embedded database has no autovacuum)", async () => {
    // Enough distinct users that rollup_users spans many pages.
    const big = await createProject(s.db, "Churn");
    await sql().query(
      `INSERT INTO runs (project_id, id, source, user_id, start_time, status) SELECT $1, 'c' || g, 'custom', 'cu' || g, now() - g * interval '1 minute', 0
       FROM generate_series(1, 2000) g`,
      [big.projectId],
    );
    const churn = async () => {
      for (let i = 0; i < 3; i++) {
        await sql().query(`UPDATE runs SET input_tokens = input_tokens + 1 WHERE project_id = $1`, [big.projectId]);
        await compactRollups(sql(), big.projectId);
      }
    };
    const size = async () => Number((await sql().query<{ n: number }>(`SELECT pg_relation_size('rollup_users')::int AS n`))[0]!.n);
    await churn();
    await vacuumRollups(sql());
    const settled = await size();
    await churn();
    await vacuumRollups(sql());
    // Freed space is reused: no growth beyond a page or two of slack.
    expect(await size()).toBeLessThanOrEqual(settled + 2 * 8192);
    await expectRollupsMatchRuns(sql(), big.projectId);
  });
});
