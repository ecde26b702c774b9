import "server-only";
// Stale days of pattern_days (migration 0013_patterns_perf): a match left the day (a run no
// longer matches, was deleted, or moved), so its sketches may still count that run's session and
// user. The engine rebuilds them from run_patterns between batches. The days are locked first, in
// key order, and read in a later statement: a writer adding to one of them either committed before
// the lock (its matches are read) or waits for it (and adds after the rebuild), so nothing is lost.
import type { Sql } from "@/lib/db/sql";

/** Days rebuilt per call. */
const BATCH = 200;

/** Rebuilds up to BATCH stale days; returns how many. */
export async function rebuildStalePatternDays(sql: Sql): Promise<number> {
  return sql.transaction(async (tx) => {
    const keys = await tx.query<{ project_id: string; pattern_id: string; agent_key: string; day: Date | string }>(
      `SELECT project_id, pattern_id, agent_key, day FROM pattern_days WHERE stale
       ORDER BY project_id, pattern_id, agent_key, day LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [BATCH],
    );
    if (!keys.length) return 0;
    const json = JSON.stringify(keys.map((k) => ({ ...k, day: new Date(k.day).toISOString() })));
    await tx.query(`SELECT sightline_pattern_days_rebuild($1::jsonb)`, [json]);
    // Days left empty go.
    await tx.query(
      `DELETE FROM pattern_days d USING jsonb_to_recordset($1::jsonb) AS k(project_id text, pattern_id text, agent_key text, day timestamptz)
       WHERE d.project_id = k.project_id AND d.pattern_id = k.pattern_id AND d.agent_key = k.agent_key AND d.day = k.day AND d.runs = 0`,
      [json],
    );
    return keys.length;
  });
}
