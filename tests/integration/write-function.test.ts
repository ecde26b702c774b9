// The ingestion write runs as one PL/pgSQL function (lib/server/ingest/write-function.ts) whose
// statement plans the database caches. These tests cover what keeps that safe over a database's
// life: the tables are analyzed once the first runs are in (plans made on empty tables pick
// arbitrary indexes), and a dropped function is created again instead of failing every write.
import { describe, expect, it, vi } from "vitest";
import { customToBatch } from "@/lib/ingest/custom";
import { prepareBatch, writeBatch } from "@/lib/server/ingest/store";
import { WRITE_FUNCTION } from "@/lib/server/ingest/write-function";
import { testDbKind, withTestProject } from "../helpers/db";

const s = withTestProject();

const runs = (from: number, n: number) =>
  prepareBatch(
    customToBatch({
      type: "batch",
      items: Array.from({ length: n }, (_, i) => [
        { type: "run", run_id: `wf-${from + i}`, start_time: "2026-11-20T10:00:00Z", end_time: "2026-11-20T10:00:01Z", session_id: `s-${(from + i) % 7}` },
        {
          type: "tool_call",
          run_id: `wf-${from + i}`,
          tool_call_id: `t-${from + i}`,
          name: "search",
          start_time: "2026-11-20T10:00:00Z",
          end_time: "2026-11-20T10:00:00.5Z",
        },
      ]).flat(),
    }),
  );

const lastAnalyze = async (table: string) =>
  (await s.db.sql.query<{ analyzed: boolean }>(`SELECT last_analyze IS NOT NULL AS analyzed FROM pg_stat_user_tables WHERE relname = $1`, [table]))[0]
    ?.analyzed;

describe("the ingestion write function", () => {
  it("analyzes the tables it reads once a process has written its first 1,000 runs", async () => {
    await writeBatch(s.db.sql, s.project.projectId, runs(0, 600));
    await new Promise((r) => setTimeout(r, 300));
    // (PostgreSQL's autovacuum may analyze at any moment; PGlite has no autovacuum.)
    if (testDbKind() === "pglite") expect(await lastAnalyze("tool_calls")).toBe(false);

    await writeBatch(s.db.sql, s.project.projectId, runs(600, 600));
    // The search documents' table too (the write looks each run's document up in it); one
    // ANALYZE statement takes the tables in turn, and their statistics are reported as each ends.
    for (const table of ["tool_calls", "runs", "run_search"])
      await vi.waitFor(async () => expect(await lastAnalyze(table), table).toBe(true), { timeout: 15_000, interval: 200 });
    const [count] = await s.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM runs WHERE project_id = $1`, [s.project.projectId]);
    expect(count!.n).toBe(1200);
  });

  it("creates the function again when it was dropped (a restored or re-created schema)", async () => {
    await s.db.sql.exec(`DROP FUNCTION ${WRITE_FUNCTION}`);
    await writeBatch(s.db.sql, s.project.projectId, runs(5000, 3));
    const rows = await s.db.sql.query<{ id: string; tool_call_count: number; session_id: string }>(
      `SELECT id, tool_call_count, session_id FROM runs WHERE project_id = $1 AND id LIKE 'wf-500_' ORDER BY id`,
      [s.project.projectId],
    );
    expect(rows).toEqual([
      { id: "wf-5000", tool_call_count: 1, session_id: "s-2" },
      { id: "wf-5001", tool_call_count: 1, session_id: "s-3" },
      { id: "wf-5002", tool_call_count: 1, session_id: "s-4" },
    ]);
  });

  it("drops the write functions of earlier versions when it creates its own", async () => {
    await s.db.sql.exec(`CREATE FUNCTION sightline_ingest_0123456789abcdef(p text) RETURNS void LANGUAGE sql AS 'SELECT NULL'`);
    await s.db.sql.exec(`DROP FUNCTION ${WRITE_FUNCTION}`);
    await writeBatch(s.db.sql, s.project.projectId, runs(6000, 1));
    const fns = await s.db.sql.query<{ proname: string }>(`SELECT proname FROM pg_proc WHERE proname LIKE 'sightline\\_ingest\\_%' ORDER BY 1`);
    expect(fns.map((f) => f.proname)).toEqual([WRITE_FUNCTION]);
  });
});
