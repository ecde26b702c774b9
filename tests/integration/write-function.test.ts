// The ingestion write runs as one PL/pgSQL function (lib/server/ingest/write-function.ts) whose
// statement plans the database caches. These tests cover what keeps that safe over a database's
// life: the tables are analyzed once the first runs are in (plans made on empty tables pick
// arbitrary indexes), and a dropped function is created again instead of failing every write.
import { describe, expect, it, vi } from "vitest";
import { customToBatch } from "@/lib/ingest/custom";
import { EMBEDDED_CALL_CHARS, prepareBatch, splitForEmbedded, writeBatch } from "@/lib/server/ingest/store";
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

  it("writes a large batch on the embedded database as several calls of one transaction, storing what one call stores", async () => {
    const text = "lorem ipsum ".repeat(2000); // 24,000 characters, twice per run
    const at = (i: number, ms = 0) => new Date(Date.UTC(2026, 10, 20, 10, 0, i, ms)).toISOString();
    const batch = prepareBatch(
      customToBatch({
        type: "batch",
        items: Array.from({ length: 300 }, (_, i) => [
          {
            type: "run",
            run_id: `big-${i}`,
            start_time: at(i),
            end_time: at(i, 500),
            session_id: `big-s${i % 5}`,
            prompt: { user_prompt: text },
            response: text,
            metadata: { "tcc.userId": `big-u${i % 3}`, "tcc.userName": `name ${i}` },
          },
          { type: "tool_call", run_id: `big-${i}`, tool_call_id: `big-t${i}`, name: "search", start_time: at(i, 100), end_time: at(i, 200) },
        ]).flat(),
      }),
    );
    // ~14 MB of documents: several parts, each run with its tool call, in the batch's order.
    const parts = splitForEmbedded(batch);
    expect(parts.length).toBeGreaterThanOrEqual(Math.floor((300 * 48_000) / EMBEDDED_CALL_CHARS));
    expect(parts.flatMap((p) => p.runs.map((r) => r.id))).toEqual(batch.runs.map((r) => r.id));
    for (const p of parts) expect(p.toolCalls.map((t) => t.runId)).toEqual(p.runs.map((r) => r.id));
    expect(splitForEmbedded(batch, 1, 4)).toHaveLength(4);

    const transaction = vi.spyOn(s.db.sql, "transaction");
    await writeBatch(s.db.sql, s.project.projectId, batch);
    if (testDbKind() === "pglite") expect(transaction).toHaveBeenCalled();
    transaction.mockRestore();

    const [runs] = await s.db.sql.query<{ n: number; tools: number; prompts: number }>(
      `SELECT count(*)::int AS n, sum(tool_call_count)::int AS tools, count(p.user_prompt)::int AS prompts
       FROM runs r LEFT JOIN run_payloads p ON p.project_id = r.project_id AND p.run_id = r.id
       WHERE r.project_id = $1 AND r.id LIKE 'big-%'`,
      [s.project.projectId],
    );
    expect(runs).toEqual({ n: 300, tools: 300, prompts: 300 });
    const sessions = await s.db.sql.query<{ id: string; run_count: number }>(
      `SELECT id, run_count FROM sessions WHERE project_id = $1 AND id LIKE 'big-s%' ORDER BY id`,
      [s.project.projectId],
    );
    expect(sessions).toEqual([0, 1, 2, 3, 4].map((k) => ({ id: `big-s${k}`, run_count: 60 })));
    // Each user's name comes from their latest run.
    const users = await s.db.sql.query<{ id: string; name: string }>(`SELECT id, name FROM end_users WHERE project_id = $1 AND id LIKE 'big-u%' ORDER BY id`, [
      s.project.projectId,
    ]);
    expect(users).toEqual([
      { id: "big-u0", name: "name 297" },
      { id: "big-u1", name: "name 298" },
      { id: "big-u2", name: "name 299" },
    ]);
  });
});
