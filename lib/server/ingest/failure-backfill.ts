// Signs failed rows stored before migration 0006_failures (or by a server of an older version)
// and builds their failure occurrences, in the background after start-up. Each batch is its own
// transaction holding the runs' write locks (the same advisory locks as ingestion), so it never
// races a write of the same runs; it is resumable (the work list is "failed and not signed yet",
// found through partial indexes that are empty once done) and idempotent.
import type { Queryable, Sql } from "@/lib/db/sql";
import { jsonText } from "@/lib/ingest/sanitize";
import { lockKeysSql } from "./aggregates";
import { FailureSigner } from "./failures";
import { failuresSql } from "./statements";

/** Failed rows signed per transaction. */
export const BACKFILL_BATCH = 2_000;

interface UnsignedRow {
  kind: "run" | "step" | "tool_call";
  project_id: string;
  run_id: string;
  id: string;
  message: string | null;
  tool: string | null;
}

const NEXT_SQL = `
(SELECT 'run' AS kind, project_id, id AS run_id, id, status_message AS message, NULL::text AS tool
 FROM runs WHERE status = 2 AND failure_signature IS NULL ORDER BY project_id, id LIMIT $1)
UNION ALL
(SELECT 'step', project_id, run_id, id, status_message, NULL
 FROM steps WHERE status = 2 AND failure_signature IS NULL ORDER BY project_id, run_id, id LIMIT $1)
UNION ALL
(SELECT 'tool_call', project_id, run_id, id, error, name
 FROM tool_calls WHERE status = 2 AND failure_signature IS NULL ORDER BY project_id, run_id, id LIMIT $1)`;

const TABLE = { run: "runs", step: "steps", tool_call: "tool_calls" } as const;

async function signProject(tx: Queryable, projectId: string, rows: UnsignedRow[]): Promise<void> {
  const runIds = [...new Set(rows.map((r) => r.run_id))].sort();
  await tx.query(lockKeysSql("'run'", "$1", "$2"), [projectId, runIds]);
  const signer = new FailureSigner();
  for (const kind of ["run", "step", "tool_call"] as const) {
    const mine = rows.filter((r) => r.kind === kind);
    if (!mine.length) continue;
    const doc = mine.map((r) => ({ run_id: r.run_id, id: r.id, signature: signer.sign(r.run_id, kind, r.message, r.tool) }));
    // Still failed and unsigned: a write since the read above already signed what it wrote.
    const key = kind === "run" ? "t.id = u.id" : "t.run_id = u.run_id AND t.id = u.id";
    await tx.query(
      `UPDATE ${TABLE[kind]} t SET failure_signature = u.signature
       FROM jsonb_to_recordset($2::jsonb) AS u(run_id text, id text, signature text)
       WHERE t.project_id = $1 AND ${key} AND t.status = 2 AND t.failure_signature IS NULL`,
      [projectId, jsonText(doc)],
    );
  }
  await tx.query(failuresSql("$1", "$2::text[]", "$3::jsonb"), [projectId, runIds, signer.doc()]);
}

/** Signs up to BACKFILL_BATCH failed rows of each table; returns how many rows it found. */
export async function backfillFailuresOnce(sql: Sql, limit = BACKFILL_BATCH): Promise<number> {
  return sql.transaction(async (tx) => {
    const rows = await tx.query<UnsignedRow>(NEXT_SQL, [limit]);
    const byProject = new Map<string, UnsignedRow[]>();
    for (const r of rows) byProject.set(r.project_id, [...(byProject.get(r.project_id) ?? []), r]);
    for (const [projectId, mine] of [...byProject].sort(([a], [b]) => (a < b ? -1 : 1))) await signProject(tx, projectId, mine);
    return rows.length;
  });
}

const PAUSE_MS = 100;
const RETRY_MS = 60_000;
const running = new WeakSet<Sql>();

/** Runs the backfill to its end in the background (once per database handle and process). */
export function startFailureBackfill(sql: Sql): void {
  if (running.has(sql)) return;
  running.add(sql);
  const step = async (): Promise<void> => {
    try {
      const n = await backfillFailuresOnce(sql);
      if (n === 0) {
        running.delete(sql);
        return;
      }
      setTimeout(() => void step(), PAUSE_MS).unref?.();
    } catch (err) {
      console.error(`[sightline] failure backfill paused, retrying in a minute: ${(err as Error).message}`);
      setTimeout(() => void step(), RETRY_MS).unref?.();
    }
  };
  void step();
}
