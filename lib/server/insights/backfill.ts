import "server-only";
// Backfills: a user-defined pattern evaluated over past runs of a window, newest first, in keyset
// batches on the runs' time index, with its progress (done of total) stored after each batch. The
// engine takes backfill batches only when the queue of new runs is empty.
import crypto from "node:crypto";
import type { Queryable, Sql } from "@/lib/db/sql";
import { analyseRun } from "@/lib/insights/analyse";
import { LEASE_SECONDS } from "./queue";
import { loadRunContexts } from "./load";
import { storeResults, recordErrors } from "./store";
import { loadUserPatterns } from "./user-patterns";

export interface BackfillProgress {
  id: string;
  patternId: string;
  from: string;
  to: string;
  done: number;
  total: number;
  status: "running" | "done" | "failed" | "superseded";
  error: string | null;
}

/** The runs a pattern looks at: its agent (if any), conversational runs unless its scope is "all". */
const scopeFilter = (agent: number, conversational: number) =>
  `($${agent}::text IS NULL OR r.agent_id = $${agent}) AND ($${conversational}::boolean = false OR r.conversational IS TRUE)`;

/** Starts a backfill of one pattern version over [from, to); earlier running ones are superseded. */
export async function startBackfill(q: Queryable, projectId: string, patternId: string, version: number, window: { from: Date; to: Date }): Promise<string> {
  const [p] = await q.query<{ agent_id: string | null; scope: string }>(`SELECT agent_id, scope FROM patterns WHERE project_id = $1 AND id = $2`, [
    projectId,
    patternId,
  ]);
  if (!p) throw new Error(`pattern ${patternId} not found`);
  await q.query(`UPDATE pattern_backfills SET status = 'superseded', updated_at = now() WHERE project_id = $1 AND pattern_id = $2 AND status = 'running'`, [
    projectId,
    patternId,
  ]);
  const [count] = await q.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM runs r WHERE r.project_id = $1 AND r.start_time >= $4 AND r.start_time < $5 AND NOT r.placeholder AND ${scopeFilter(2, 3)}`,
    [projectId, p.agent_id, p.scope !== "all", window.from, window.to],
  );
  const id = `bf_${crypto.randomBytes(8).toString("hex")}`;
  await q.query(`INSERT INTO pattern_backfills (id, project_id, pattern_id, version, from_time, to_time, total) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    id,
    projectId,
    patternId,
    version,
    window.from,
    window.to,
    Number(count?.n ?? 0),
  ]);
  return id;
}

type BackfillRow = {
  id: string;
  project_id: string;
  pattern_id: string;
  version: number;
  from_time: Date | string;
  to_time: Date | string;
  cursor_time: Date | string | null;
  cursor_id: string | null;
};

/** One batch of one running backfill. Returns the number of runs it evaluated (0: nothing to do). */
export async function backfillStep(sql: Sql, batchSize = 500): Promise<number> {
  const [bf] = await sql.query<BackfillRow>(
    `UPDATE pattern_backfills SET leased_until = now() + make_interval(secs => $1)
     WHERE id = (SELECT id FROM pattern_backfills WHERE status = 'running' AND (leased_until IS NULL OR leased_until < now())
                 ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING id, project_id, pattern_id, version, from_time, to_time, cursor_time, cursor_id`,
    [LEASE_SECONDS],
  );
  if (!bf) return 0;
  const finish = (status: string, error: string | null = null) =>
    sql.query(`UPDATE pattern_backfills SET status = $2, error = $3, leased_until = NULL, updated_at = now() WHERE id = $1`, [bf.id, status, error]);
  const [p] = await sql.query<{ agent_id: string | null; scope: string; version: number; enabled: boolean }>(
    `SELECT agent_id, scope, version, enabled FROM patterns WHERE project_id = $1 AND id = $2`,
    [bf.project_id, bf.pattern_id],
  );
  if (!p || p.version !== bf.version) {
    await finish("superseded");
    return 0;
  }
  const pattern = (await loadUserPatterns(sql, bf.project_id, { includeDisabled: true })).patterns.find((x) => x.id === bf.pattern_id);
  if (!pattern) {
    await finish("failed", "The pattern's rule is invalid.");
    return 0;
  }
  const ids = await sql.query<{ id: string; start_time: Date | string }>(
    `SELECT r.id, r.start_time FROM runs r
     WHERE r.project_id = $1 AND r.start_time >= $4 AND r.start_time < $5 AND NOT r.placeholder AND ${scopeFilter(2, 3)}
       AND ($6::timestamptz IS NULL OR (r.start_time, r.id) < ($6::timestamptz, $7::text))
     ORDER BY r.start_time DESC, r.id DESC LIMIT $8`,
    [bf.project_id, p.agent_id, p.scope !== "all", bf.from_time, bf.to_time, bf.cursor_time, bf.cursor_id ?? "", batchSize],
  );
  const loaded = await loadRunContexts(
    sql,
    ids.map((r) => ({ projectId: bf.project_id, runId: r.id })),
  );
  const results = loaded.map((l) => {
    const a = analyseRun({ run: l.context.run, previous: [] }, [pattern], { builtins: false });
    return { loaded: l, analysis: a, evaluated: [bf.pattern_id], arrived: false };
  });
  const last = ids.at(-1);
  await sql.transaction(async (tx) => {
    await storeResults(tx, results, 0, { markAnalysed: false });
    await tx.query(
      `UPDATE pattern_backfills SET done = done + $2, cursor_time = $3, cursor_id = $4, leased_until = NULL, updated_at = now(),
         status = CASE WHEN $5 THEN 'done' ELSE status END, total = CASE WHEN $5 THEN GREATEST(total, done + $2) ELSE total END
       WHERE id = $1 AND status = 'running'`,
      [bf.id, ids.length, last ? new Date(last.start_time) : bf.cursor_time, last?.id ?? bf.cursor_id, ids.length < batchSize],
    );
  });
  if (results.some((r) => r.analysis.errors.length)) {
    await recordErrors(
      sql,
      results
        .flatMap((r) => r.analysis.errors.map((e) => ({ project_id: bf.project_id, run_id: r.analysis.runId, pattern_id: e.patternId, message: e.message })))
        .slice(0, 20),
    );
  }
  return Math.max(ids.length, 1);
}

export async function backfillProgress(q: Queryable, projectId: string, patternId: string): Promise<BackfillProgress | null> {
  const [r] = await q.query<{
    id: string;
    pattern_id: string;
    from_time: Date;
    to_time: Date;
    done: number;
    total: number;
    status: BackfillProgress["status"];
    error: string | null;
  }>(
    `SELECT id, pattern_id, from_time, to_time, done, total, status, error FROM pattern_backfills WHERE project_id = $1 AND pattern_id = $2 ORDER BY created_at DESC LIMIT 1`,
    [projectId, patternId],
  );
  if (!r) return null;
  return {
    id: r.id,
    patternId: r.pattern_id,
    from: new Date(r.from_time).toISOString(),
    to: new Date(r.to_time).toISOString(),
    done: r.done,
    total: r.total,
    status: r.status,
    error: r.error,
  };
}
