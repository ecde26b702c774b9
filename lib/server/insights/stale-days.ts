import "server-only";
// Stale days of a per-day rollup with sketches (pattern_days, topic_days): a row left the day, so
// the day's sketches may still count its session and user. The engine rebuilds them from the rows
// between batches. The days are locked first, in key order, and read in a later statement (the
// table's rebuild function): a writer adding to one either committed before the lock (its rows
// are read) or waits for it (and adds after the rebuild), so nothing is lost.
import type { Sql } from "@/lib/db/sql";

/** Days rebuilt per call. */
const BATCH = 200;

export interface DayRollup {
  table: "pattern_days" | "topic_days";
  /** The key column beside project_id, agent_key and day. */
  key: "pattern_id" | "topic_id";
  /** SQL function rebuilding the given days ($1: a jsonb array of their keys). */
  rebuild: string;
  /** Condition on the row `d` under which a rebuilt day holds no run and is deleted. */
  empty: string;
}

/** Rebuilds up to BATCH stale days of `r`; returns how many. */
export async function rebuildStaleDays(sql: Sql, r: DayRollup): Promise<number> {
  return sql.transaction(async (tx) => {
    const keys = await tx.query<Record<string, string> & { day: Date | string }>(
      `SELECT project_id, ${r.key}, agent_key, day FROM ${r.table} WHERE stale
       ORDER BY project_id, ${r.key}, agent_key, day LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [BATCH],
    );
    if (!keys.length) return 0;
    const json = JSON.stringify(keys.map((k) => ({ ...k, day: new Date(k.day).toISOString() })));
    await tx.query(`SELECT ${r.rebuild}($1::jsonb)`, [json]);
    await tx.query(
      `DELETE FROM ${r.table} d USING jsonb_to_recordset($1::jsonb) AS k(project_id text, ${r.key} text, agent_key text, day timestamptz)
       WHERE d.project_id = k.project_id AND d.${r.key} = k.${r.key} AND d.agent_key = k.agent_key AND d.day = k.day AND ${r.empty}`,
      [json],
    );
    return keys.length;
  });
}
