import "server-only";
// Stale days of topic_days (migration 0020_topic_days): a run left the day (it moved to another
// topic on a re-clustering, lost its topic, or was deleted), so the day's sketches may still count
// its session and user. The engine rebuilds them from run_topics between batches, as it does
// pattern_days: the days are locked first, in key order, then rebuilt in a later statement, so a
// writer adding to one either committed before the lock (its rows are read) or adds after.
import type { Sql } from "@/lib/db/sql";

/** Days rebuilt per call. */
const BATCH = 200;

/** Rebuilds up to BATCH stale days; returns how many. */
export async function rebuildStaleTopicDays(sql: Sql): Promise<number> {
  return sql.transaction(async (tx) => {
    const keys = await tx.query<{ project_id: string; topic_id: string; agent_key: string; day: Date | string }>(
      `SELECT project_id, topic_id, agent_key, day FROM topic_days WHERE stale
       ORDER BY project_id, topic_id, agent_key, day LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [BATCH],
    );
    if (!keys.length) return 0;
    const json = JSON.stringify(keys.map((k) => ({ ...k, day: new Date(k.day).toISOString() })));
    await tx.query(`SELECT sightline_topic_days_rebuild($1::jsonb)`, [json]);
    // Days left without runs go.
    await tx.query(
      `DELETE FROM topic_days d USING jsonb_to_recordset($1::jsonb) AS k(project_id text, topic_id text, agent_key text, day timestamptz)
       WHERE d.project_id = k.project_id AND d.topic_id = k.topic_id AND d.agent_key = k.agent_key AND d.day = k.day
         AND NOT EXISTS (SELECT 1 FROM unnest(d.runs) AS n WHERE n <> 0)`,
      [json],
    );
    return keys.length;
  });
}
