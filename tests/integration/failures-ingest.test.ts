// Error signatures and failure groups on the write path (docs/failures.md, migration 0006):
// ingestion signs failed runs, steps and tool calls, rebuilds their runs' occurrences and appends
// rollup deltas; the backfill does the same for rows stored without a signature.
import { describe, expect, it } from "vitest";
import { customToBatch } from "@/lib/ingest/custom";
import { failureSignature } from "@/lib/insights/failures/signature";
import type { Queryable } from "@/lib/db/sql";
import { compactRollups } from "@/lib/server/data/rollups";
import { backfillFailuresOnce } from "@/lib/server/ingest/failure-backfill";
import { prepareBatch, writeBatch } from "@/lib/server/ingest/store";
import { createProject, withTestProject } from "../helpers/db";

const s = withTestProject();

type Item = Record<string, unknown>;
const write = (items: Item[], projectId = s.project.projectId) => writeBatch(s.db.sql, projectId, prepareBatch(customToBatch({ type: "batch", items })));

const run = (id: string, extra: Item = {}): Item => ({
  type: "run",
  run_id: id,
  start_time: "2026-11-20T10:15:00Z",
  end_time: "2026-11-20T10:15:02Z",
  ...extra,
});
const failedRun = (id: string, message: string, extra: Item = {}) => run(id, { status_code: 2, status_message: message, ...extra });
const tool = (runId: string, id: string, name: string, error: string | null): Item => ({
  type: "tool_call",
  run_id: runId,
  tool_call_id: id,
  tool_name: name,
  start_time: "2026-11-20T10:15:00.5Z",
  end_time: "2026-11-20T10:15:01Z",
  ...(error === null ? { status_code: 1 } : { status_code: 2, status_message: error }),
});

const q = (): Queryable => s.db.sql;
const runSig = async (id: string, projectId = s.project.projectId) =>
  (await q().query<{ s: string | null }>(`SELECT failure_signature AS s FROM runs WHERE project_id = $1 AND id = $2`, [projectId, id]))[0]?.s;

/** Per rollup key: the summed deltas must equal what the occurrences say now. */
async function expectRollupsMatchOccurrences(projectId = s.project.projectId) {
  for (const [table, bucket] of [
    ["rollup_failures", "hour"],
    ["rollup_failures_daily", "day"],
  ] as const) {
    const stored = await q().query(
      `SELECT ${bucket} AS b, agent_key, signature, sum(occurrences)::int AS occurrences, sum(runs)::int AS runs
       FROM ${table} WHERE project_id = $1 GROUP BY 1, 2, 3 HAVING sum(occurrences) <> 0 OR sum(runs) <> 0 ORDER BY 1, 2, 3`,
      [projectId],
    );
    const expected = await q().query(
      `SELECT date_trunc('${bucket}', start_time, 'UTC') AS b, COALESCE(agent_id, '') AS agent_key, signature,
              count(*)::int AS occurrences, count(DISTINCT run_id)::int AS runs
       FROM failure_occurrences WHERE project_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [projectId],
    );
    expect(stored, table).toEqual(expected);
  }
}

describe("failure signatures at ingestion", () => {
  it("signs a failed run as the signature module does, and variants of one error share its group", async () => {
    await write([
      failedRun("v1", "Error: timeout of 5000ms exceeded"),
      failedRun("v2", "Error: timeout of 30000ms exceeded"),
      failedRun("d1", "Error: connect ECONNREFUSED 10.0.0.7:5432"),
      run("ok1", { status_code: 1 }),
    ]);
    const expected = failureSignature({ kind: "run", message: "Error: timeout of 5000ms exceeded" }).signature;
    expect(await runSig("v1")).toBe(expected);
    expect(await runSig("v2")).toBe(expected);
    expect(await runSig("d1")).not.toBe(expected);
    expect(await runSig("d1")).toMatch(/^[0-9a-f]{16}$/);
    expect(await runSig("ok1")).toBeNull();

    const [group] = await q().query<Record<string, unknown>>(
      `SELECT kind, tool, category, template, first_seen FROM failure_groups WHERE project_id = $1 AND signature = $2`,
      [s.project.projectId, expected],
    );
    expect(group).toMatchObject({ kind: "run", tool: null, category: "timeout", template: "Error: timeout of <duration> exceeded" });
    const occ = await q().query<{ run_id: string; message: string }>(
      `SELECT run_id, message FROM failure_occurrences WHERE project_id = $1 AND signature = $2 ORDER BY run_id`,
      [s.project.projectId, expected],
    );
    expect(occ).toEqual([
      { run_id: "v1", message: "Error: timeout of 5000ms exceeded" },
      { run_id: "v2", message: "Error: timeout of 30000ms exceeded" },
    ]);
    await expectRollupsMatchOccurrences();
  });

  it("a failed tool call inside a successful run is an occurrence of its tool's group", async () => {
    await write([run("tr1", { status_code: 1 }), tool("tr1", "c1", "search_orders", "HTTP 503 Service Unavailable"), tool("tr1", "c2", "search_orders", null)]);
    expect(await runSig("tr1")).toBeNull();
    const occ = await q().query<{ kind: string; item_id: string; signature: string }>(
      `SELECT kind, item_id, signature FROM failure_occurrences WHERE project_id = $1 AND run_id = 'tr1'`,
      [s.project.projectId],
    );
    const sig = failureSignature({ kind: "tool_call", tool: "search_orders", message: "HTTP 503 Service Unavailable" }).signature;
    expect(occ).toEqual([{ kind: "tool_call", item_id: "c1", signature: sig }]);
    const [group] = await q().query(`SELECT kind, tool, category FROM failure_groups WHERE project_id = $1 AND signature = $2`, [s.project.projectId, sig]);
    expect(group).toEqual({ kind: "tool_call", tool: "search_orders", category: "server_error" });
    // The same message from another tool is another group.
    await write([run("tr2", { status_code: 1 }), tool("tr2", "c1", "refund", "HTTP 503 Service Unavailable")]);
    const [other] = await q().query<{ signature: string }>(`SELECT signature FROM failure_occurrences WHERE project_id = $1 AND run_id = 'tr2'`, [
      s.project.projectId,
    ]);
    expect(other!.signature).not.toBe(sig);
    await expectRollupsMatchOccurrences();
  });

  it("retried and replayed writes do not count twice; a run counts once per group", async () => {
    const items = [
      failedRun("rt1", "RateLimitError: Error code: 429 - Rate limit reached for gpt-4o in organization org-abc123 on tokens per min"),
      tool("rt1", "a", "lookup", "ETIMEDOUT"),
      tool("rt1", "b", "lookup", "ETIMEDOUT"),
    ];
    await write(items);
    await write(items);
    await Promise.all([write(items), write(items)]);
    const sig = failureSignature({ kind: "tool_call", tool: "lookup", message: "ETIMEDOUT" }).signature;
    const [sums] = await q().query<{ occurrences: number; runs: number }>(
      `SELECT sum(occurrences)::int AS occurrences, sum(runs)::int AS runs FROM rollup_failures WHERE project_id = $1 AND signature = $2`,
      [s.project.projectId, sig],
    );
    expect(sums).toEqual({ occurrences: 2, runs: 1 });
    await expectRollupsMatchOccurrences();
    expect(await compactRollups(s.db.sql, s.project.projectId)).toBe(true);
    await expectRollupsMatchOccurrences();
  });

  it("follows the run: children first (placeholder), then the run with its agent and start time", async () => {
    await write([tool("late", "x", "fetch_page", "getaddrinfo ENOTFOUND api.example.com")]);
    const before = await q().query<{ agent_id: string | null }>(`SELECT agent_id FROM failure_occurrences WHERE project_id = $1 AND run_id = 'late'`, [
      s.project.projectId,
    ]);
    expect(before).toEqual([{ agent_id: null }]);
    await write([failedRun("late", "Agent stopped: tool fetch_page failed", { start_time: "2026-11-20T08:00:00Z", metadata: { "tcc.agent": "crawler" } })]);
    const after = await q().query<{ kind: string; agent_id: string | null; start_time: Date }>(
      `SELECT kind, agent_id, start_time FROM failure_occurrences WHERE project_id = $1 AND run_id = 'late' ORDER BY kind`,
      [s.project.projectId],
    );
    expect(after.map((r) => r.kind)).toEqual(["run", "tool_call"]);
    expect(after.every((r) => r.agent_id !== null)).toBe(true);
    expect(after.every((r) => new Date(r.start_time).toISOString() === "2026-11-20T08:00:00.000Z")).toBe(true);
    await expectRollupsMatchOccurrences();
  });

  it("drops the occurrence when a later record says the run did not fail", async () => {
    await write([run("flip", { status_code: 1 }), tool("flip", "t", "calc", "ZeroDivisionError: division by zero")]);
    // A later record of the tool call that succeeded replaces the failed one.
    await write([tool("flip", "t", "calc", null)]);
    const occ = await q().query(`SELECT 1 FROM failure_occurrences WHERE project_id = $1 AND run_id = 'flip'`, [s.project.projectId]);
    expect(occ).toEqual([]);
    await expectRollupsMatchOccurrences();
  });

  it("shows a Python traceback's exception line among the variants", async () => {
    const tb =
      "Traceback (most recent call last):\n  File \"agent.py\", line 12, in run\n    raise ValueError(x)\nValueError: invalid literal for int() with base 10: 'abc'\n";
    await write([
      run("py", { status_code: 1 }),
      { type: "step", run_id: "py", step_id: "s", start_time: "2026-11-20T10:15:00Z", status_code: 2, status_message: tb },
    ]);
    const [occ] = await q().query<{ message: string; signature: string }>(
      `SELECT message, signature FROM failure_occurrences WHERE project_id = $1 AND run_id = 'py'`,
      [s.project.projectId],
    );
    expect(occ).toEqual({
      message: "ValueError: invalid literal for int() with base 10: 'abc'",
      signature: failureSignature({ kind: "step", message: tb }).signature,
    });
  });

  it("keeps projects apart", async () => {
    const other = await createProject(s.db);
    await write([failedRun("v1", "Error: timeout of 5000ms exceeded")], other.projectId);
    const [n] = await q().query<{ n: number }>(`SELECT count(*)::int AS n FROM failure_occurrences WHERE project_id = $1`, [other.projectId]);
    expect(n!.n).toBe(1);
    await expectRollupsMatchOccurrences(other.projectId);
  });
});

describe("the failure backfill", () => {
  it("signs rows stored without a signature and builds their occurrences, resumably", async () => {
    const bp = await createProject(s.db);
    await write(
      [
        failedRun("b1", "Error: timeout of 5000ms exceeded"),
        failedRun("b2", "Error: timeout of 700ms exceeded"),
        run("b3", { status_code: 1 }),
        tool("b3", "t1", "search", "HTTP 404 Not Found"),
        { type: "step", run_id: "b3", step_id: "s1", start_time: "2026-11-20T10:15:00Z", status_code: 2, status_message: "Connection error." },
      ],
      bp.projectId,
    );
    const signed = await q().query(
      `SELECT 'run' AS k, id, failure_signature FROM runs WHERE project_id = $1
       UNION ALL SELECT 'step', id, failure_signature FROM steps WHERE project_id = $1
       UNION ALL SELECT 'tool', id, failure_signature FROM tool_calls WHERE project_id = $1 ORDER BY 1, 2`,
      [bp.projectId],
    );
    const occurrences = () =>
      q().query(`SELECT run_id, kind, item_id, signature, message FROM failure_occurrences WHERE project_id = $1 ORDER BY 1, 2, 3`, [bp.projectId]);
    const expectedOcc = await occurrences();
    expect(expectedOcc).toHaveLength(4);
    const groups = await q().query(`SELECT * FROM failure_groups WHERE project_id = $1 ORDER BY signature`, [bp.projectId]);

    // As stored by a server before error signatures existed.
    for (const table of ["runs", "steps", "tool_calls"]) await q().query(`UPDATE ${table} SET failure_signature = NULL WHERE project_id = $1`, [bp.projectId]);
    for (const table of ["failure_occurrences", "failure_groups", "rollup_failures", "rollup_failures_daily"])
      await q().query(`DELETE FROM ${table} WHERE project_id = $1`, [bp.projectId]);

    // Two rows per table per batch: several batches, each its own transaction.
    let batches = 0;
    while ((await backfillFailuresOnce(s.db.sql, 1)) > 0) batches++;
    expect(batches).toBeGreaterThanOrEqual(2);
    expect(
      await q().query(
        `SELECT 'run' AS k, id, failure_signature FROM runs WHERE project_id = $1
         UNION ALL SELECT 'step', id, failure_signature FROM steps WHERE project_id = $1
         UNION ALL SELECT 'tool', id, failure_signature FROM tool_calls WHERE project_id = $1 ORDER BY 1, 2`,
        [bp.projectId],
      ),
    ).toEqual(signed);
    expect(await occurrences()).toEqual(expectedOcc);
    expect(await q().query(`SELECT * FROM failure_groups WHERE project_id = $1 ORDER BY signature`, [bp.projectId])).toEqual(groups);
    await expectRollupsMatchOccurrences(bp.projectId);
    // Nothing left: another pass finds no work.
    expect(await backfillFailuresOnce(s.db.sql)).toBe(0);
  });
});

describe("deletions (migration 0014_tools_perf)", () => {
  /** Occurrences must be exactly the signed items of the runs that still exist. */
  async function expectOccurrencesMatchItems(projectId: string) {
    const stored = await q().query(`SELECT run_id, kind, item_id, signature FROM failure_occurrences WHERE project_id = $1 ORDER BY 1, 2, 3`, [projectId]);
    const expected = await q().query(
      `SELECT r.id AS run_id, 'run' AS kind, '' AS item_id, r.failure_signature AS signature FROM runs r
       WHERE r.project_id = $1 AND r.failure_signature IS NOT NULL
       UNION ALL SELECT s.run_id, 'step', s.id, s.failure_signature FROM steps s JOIN runs r ON r.project_id = s.project_id AND r.id = s.run_id
       WHERE s.project_id = $1 AND s.failure_signature IS NOT NULL
       UNION ALL SELECT c.run_id, 'tool_call', c.id, c.failure_signature FROM tool_calls c JOIN runs r ON r.project_id = c.project_id AND r.id = c.run_id
       WHERE c.project_id = $1 AND c.failure_signature IS NOT NULL ORDER BY 1, 2, 3`,
      [projectId],
    );
    expect(stored).toEqual(expected);
  }
  const total = async (projectId: string) =>
    (
      await q().query<{ occ: number; runs: number }>(
        `SELECT COALESCE(sum(occurrences), 0)::int AS occ, COALESCE(sum(runs), 0)::int AS runs FROM rollup_failures_daily WHERE project_id = $1`,
        [projectId],
      )
    )[0];

  it("remove the deleted runs', steps' and tool calls' occurrences and subtract them from the rollups", async () => {
    const dp = await createProject(s.db);
    const other = await createProject(s.db);
    const step = (runId: string, id: string, error: string) => ({
      type: "step",
      run_id: runId,
      step_id: id,
      start_time: "2026-11-20T10:15:00Z",
      status_code: 2,
      status_message: error,
    });
    const items = [
      failedRun("x1", "Error: timeout of 5000ms exceeded", { metadata: { "tcc.agent": "support" } }),
      step("x1", "s1", "Connection error."),
      run("x2", { status_code: 1, start_time: "2026-11-21T08:00:00Z", end_time: "2026-11-21T08:00:05Z" }),
      // Two failed calls of one signature in one run: the run counts once until both are gone.
      tool("x2", "t1", "search", "HTTP 404 Not Found for /items/17"),
      tool("x2", "t2", "search", "HTTP 404 Not Found for /items/42"),
      tool("x2", "t3", "refund", "card declined for order 1001"),
      tool("x2", "t4", "search", null),
      failedRun("x3", "Error: timeout of 700ms exceeded"),
    ];
    await write(items, dp.projectId);
    await write(items, other.projectId);
    await expectOccurrencesMatchItems(dp.projectId);
    await expectRollupsMatchOccurrences(dp.projectId);
    expect(await total(dp.projectId)).toEqual({ occ: 6, runs: 5 });

    await q().query(`DELETE FROM tool_calls WHERE project_id = $1 AND run_id = 'x2' AND id = 't1'`, [dp.projectId]);
    expect(await total(dp.projectId)).toEqual({ occ: 5, runs: 5 });
    await expectRollupsMatchOccurrences(dp.projectId);
    await q().query(`DELETE FROM tool_calls WHERE project_id = $1 AND run_id = 'x2' AND id IN ('t2', 't4')`, [dp.projectId]);
    expect(await total(dp.projectId)).toEqual({ occ: 4, runs: 4 });
    await q().query(`DELETE FROM steps WHERE project_id = $1 AND run_id = 'x1'`, [dp.projectId]);
    expect(await total(dp.projectId)).toEqual({ occ: 3, runs: 3 });
    await expectOccurrencesMatchItems(dp.projectId);
    await expectRollupsMatchOccurrences(dp.projectId);

    // A retention-style delete: runs first (their remaining children's occurrences go with them), then the children.
    await q().query(`DELETE FROM runs WHERE project_id = $1 AND id IN ('x1', 'x2')`, [dp.projectId]);
    expect(await total(dp.projectId)).toEqual({ occ: 1, runs: 1 });
    await q().query(`DELETE FROM tool_calls WHERE project_id = $1 AND run_id IN ('x1', 'x2')`, [dp.projectId]);
    await expectOccurrencesMatchItems(dp.projectId);
    await expectRollupsMatchOccurrences(dp.projectId);
    expect(await compactRollups(s.db.sql, dp.projectId)).toBe(true);
    await expectRollupsMatchOccurrences(dp.projectId);

    // Written again, the runs count as before; the other project never moved.
    await write(items, dp.projectId);
    await expectOccurrencesMatchItems(dp.projectId);
    await expectRollupsMatchOccurrences(dp.projectId);
    expect(await total(dp.projectId)).toEqual({ occ: 6, runs: 5 });
    expect(await total(other.projectId)).toEqual({ occ: 6, runs: 5 });
    await expectRollupsMatchOccurrences(other.projectId);
  });
});
