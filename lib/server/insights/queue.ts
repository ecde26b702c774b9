import "server-only";
// The insight queue (table insight_queue, filled by a trigger on runs). A worker leases a batch in
// one short statement (FOR UPDATE SKIP LOCKED: two workers never lease the same row), analyses it
// outside any transaction, then completes it in the transaction that stores the results. A lease
// that is not completed (crash, restart) expires and its rows are leased again.
import crypto from "node:crypto";
import type { Queryable } from "@/lib/db/sql";

export const LEASE_SECONDS = 60;
/** A run whose analysis keeps failing is dropped from the queue after this many attempts. */
export const MAX_ATTEMPTS = 5;

export interface Leased {
  leaseId: string;
  seqs: string[];
  /** One entry per run, whatever the number of queue rows it had; "run" wins over "session". */
  runs: { projectId: string; runId: string; attempts: number; reason: "run" | "session" }[];
}

export async function leaseBatch(q: Queryable, limit: number): Promise<Leased> {
  const leaseId = crypto.randomUUID();
  const rows = await q.query<{ seq: string; project_id: string; run_id: string; attempts: number; reason: string }>(
    `UPDATE insight_queue SET lease_id = $1, leased_until = now() + make_interval(secs => $3), attempts = attempts + 1
     WHERE seq IN (
       SELECT seq FROM insight_queue WHERE due_at <= now() AND (leased_until IS NULL OR leased_until < now())
       ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED
     )
     RETURNING seq::text AS seq, project_id, run_id, attempts, reason`,
    [leaseId, limit, LEASE_SECONDS],
  );
  const runs = new Map<string, Leased["runs"][number]>();
  for (const r of rows) {
    const k = `${r.project_id}\u0000${r.run_id}`;
    const prev = runs.get(k);
    const reason = prev?.reason === "run" || r.reason !== "session" ? "run" : "session";
    runs.set(k, { projectId: r.project_id, runId: r.run_id, attempts: Math.max(prev?.attempts ?? 0, r.attempts), reason });
  }
  return { leaseId, seqs: rows.map((r) => r.seq), runs: [...runs.values()] };
}

/** Deletes the rows of a lease (still ours) once their results are stored. */
export async function completeLease(q: Queryable, lease: Leased): Promise<void> {
  if (lease.seqs.length) await q.query(`DELETE FROM insight_queue WHERE seq = ANY($1::bigint[]) AND lease_id = $2`, [lease.seqs, lease.leaseId]);
}

/** Gives runs back to the queue to retry later (their analysis failed), or drops them after MAX_ATTEMPTS. */
export async function retryLater(q: Queryable, lease: Leased, runs: { projectId: string; runId: string }[]): Promise<void> {
  if (!runs.length) return;
  const params = [lease.leaseId, runs.map((r) => r.projectId), runs.map((r) => r.runId), MAX_ATTEMPTS];
  const match = `lease_id = $1 AND (project_id, run_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))`;
  await q.query(`DELETE FROM insight_queue WHERE ${match} AND attempts >= $4`, params);
  await q.query(
    `UPDATE insight_queue SET lease_id = NULL, leased_until = NULL, due_at = now() + make_interval(secs => 30 * attempts) WHERE ${match} AND attempts < $4`,
    params,
  );
}

/** Rows waiting (leased or not) per project, for Settings. */
export async function backlog(q: Queryable, projectId: string): Promise<number> {
  const [row] = await q.query<{ n: string }>(`SELECT count(*)::text AS n FROM insight_queue WHERE project_id = $1`, [projectId]);
  return Number(row?.n ?? 0);
}
