import "server-only";
// Analytics rollups (rollup_hourly, rollup_latency, rollup_users, rollup_orgs, rollup_models, and
// the same per day: rollup_daily, rollup_latency_daily, …).
//
// A statement-level trigger on `runs` (migration 0002_analytics_rollups) appends signed deltas for
// every change to a run, whichever code path made it (ingestion, feedback, deletion), as
// uncompacted rows. Readers always sum every row of a key, so results are exact at any time;
// compaction only merges a key's rows into one so reads stay fast. It runs after ingestion commits
// (throttled), never inside the writing transaction: merging there would make every writer of the
// same hour wait on one row.
import type { Queryable, Sql } from "@/lib/db/sql";

interface RollupTable {
  name: string;
  keys: string[];
  sums: string[];
  /** The count that is zero exactly when a key holds nothing (default `runs`). */
  live?: string;
  /**
   * A histogram stored as arrays (migration 0018_trigger_cost): one row per key but its last (the
   * bucket), holding the buckets in `buckets` and their counts (the one sum) in `counts`.
   */
  histogram?: true;
}

const PEOPLE_SUMS = ["runs", "errors", "thumbs_up", "thumbs_down", "input_tokens", "output_tokens", "cost_usd"];

const HOURLY: RollupTable[] = [
  {
    name: "rollup_hourly",
    keys: ["hour", "agent_key"],
    sums: [...PEOPLE_SUMS, "cached_tokens", "duration_count", "duration_sum_ms"],
  },
  { name: "rollup_latency", keys: ["hour", "agent_key", "bucket"], sums: ["runs"] },
  { name: "rollup_users", keys: ["user_id", "hour", "agent_key"], sums: PEOPLE_SUMS },
  { name: "rollup_orgs", keys: ["org_id", "hour", "agent_key"], sums: PEOPLE_SUMS },
  { name: "rollup_models", keys: ["hour", "agent_key", "model"], sums: ["runs", "errors", "input_tokens", "output_tokens", "cost_usd"] },
];

/** Every rollup: the hourly tables and their per-day twins (rollup_daily, rollup_<x>_daily). */
export const ROLLUP_TABLES: RollupTable[] = [
  ...HOURLY,
  ...HOURLY.map((t) => ({
    name: t.name === "rollup_hourly" ? "rollup_daily" : `${t.name}_daily`,
    keys: t.keys.map((k) => (k === "hour" ? "day" : k)),
    sums: t.sums,
  })),
];

/** The tool rollups (migration 0011_tools_activity), maintained by triggers on tool_calls and runs. */
const TOOL_HOURLY: RollupTable[] = [
  { name: "rollup_tools", keys: ["hour", "agent_key", "tool"], sums: ["calls", "errors", "runs", "duration_count", "duration_sum_ms"], live: "calls" },
  { name: "rollup_tool_latency", keys: ["hour", "agent_key", "tool", "bucket"], sums: ["calls"], live: "calls", histogram: true },
];
export const TOOL_ROLLUP_TABLES: RollupTable[] = [
  ...TOOL_HOURLY,
  ...TOOL_HOURLY.map((t) => ({
    ...t,
    name: t.name === "rollup_tools" ? "rollup_tools_daily" : `${t.name}_daily`,
    keys: t.keys.map((k) => (k === "hour" ? "day" : k)),
  })),
];

/**
 * Failure rollups (migration 0006_failures): appended by the write that rebuilds a run's failure
 * occurrences (lib/server/ingest/statements.ts failuresSql) rather than by a trigger on runs, and
 * compacted with the others. A key's runs are zero exactly when its occurrences are.
 */
export const FAILURE_ROLLUP_TABLES: RollupTable[] = [
  { name: "rollup_failures", keys: ["hour", "agent_key", "signature"], sums: ["occurrences", "runs"] },
  { name: "rollup_failures_daily", keys: ["day", "agent_key", "signature"], sums: ["occurrences", "runs"] },
];

/**
 * Sessions, end users and orgs by the UTC hour of their last run (migration
 * 0022_people_last_hours): kept by triggers on those tables. A key is empty exactly when its count is zero.
 */
export const PEOPLE_LAST_HOURS: RollupTable = { name: "people_last_hours", keys: ["kind", "hour"], sums: ["n"], live: "n" };

/** Every table compaction and vacuum look after. */
const ALL_TABLES = [...ROLLUP_TABLES, ...TOOL_ROLLUP_TABLES, ...FAILURE_ROLLUP_TABLES, PEOPLE_LAST_HOURS];

// `fresh` is MATERIALIZED: computed once. Inlined, the planner could run it as the inner side of a
// nested loop, once per row of the table: with statistics taken while the table was nearly empty
// (PGlite analyzes at most once a minute), a compaction of 5,000 fresh rows re-read them 5,454
// times and took 13.5 s on the embedded database's only connection. Materialized, the same
// compaction takes ~0.2 s. During the embedded trace benchmarks compaction fell from 25% of the
// database's time to 4%, and its longest statement from 646 to 33 ms.
export function compactSql(t: RollupTable): string {
  if (t.histogram) return compactHistogramSql(t);
  const keys = t.keys.join(", ");
  const match = t.keys.map((k) => `t.${k} = f.${k}`).join(" AND ");
  return `WITH fresh AS MATERIALIZED (SELECT DISTINCT ${keys} FROM ${t.name} WHERE project_id = $1 AND NOT compacted),
    gone AS (DELETE FROM ${t.name} t USING fresh f WHERE t.project_id = $1 AND ${match} RETURNING t.*)
    INSERT INTO ${t.name} (project_id, ${keys}, ${t.sums.join(", ")}, compacted)
    SELECT $1, ${keys}, ${t.sums.map((s) => `sum(${s})`).join(", ")}, true FROM gone
    GROUP BY ${keys} HAVING sum(${t.live ?? "runs"}) <> 0`;
}

/**
 * A table's rows as (project_id, keys…, sums…, compacted), one per key: a histogram's arrays
 * unnested to one row per bucket. What readers sum, whatever the stored layout.
 */
export function rollupRows(t: RollupTable): string {
  if (!t.histogram) return t.name;
  const [bucket, ...rest] = [...t.keys].reverse();
  const keys = rest.reverse();
  return `(SELECT h.project_id, ${keys.map((k) => `h.${k}`).join(", ")}, u.${bucket}, u.${t.sums[0]}, h.compacted
    FROM ${t.name} h CROSS JOIN LATERAL unnest(h.buckets, h.counts) AS u(${bucket}, ${t.sums[0]}))`;
}

// A histogram's rows of a key merge bucket by bucket, into arrays ordered by bucket.
function compactHistogramSql(t: RollupTable): string {
  const keys = t.keys.slice(0, -1);
  const [bucket, count] = [t.keys[t.keys.length - 1]!, t.sums[0]!];
  const list = keys.join(", ");
  const match = keys.map((k) => `t.${k} = f.${k}`).join(" AND ");
  return `WITH fresh AS MATERIALIZED (SELECT DISTINCT ${list} FROM ${t.name} WHERE project_id = $1 AND NOT compacted),
    gone AS (DELETE FROM ${t.name} t USING fresh f WHERE t.project_id = $1 AND ${match} RETURNING t.*)
    INSERT INTO ${t.name} (project_id, ${list}, buckets, counts, compacted)
    SELECT $1, ${list}, array_agg(${bucket} ORDER BY ${bucket}), array_agg(${count} ORDER BY ${bucket}), true
    FROM (SELECT ${keys.map((k) => `g.${k}`).join(", ")}, u.${bucket}, sum(u.${count})::int AS ${count}
          FROM gone g CROSS JOIN LATERAL unnest(g.buckets, g.counts) AS u(${bucket}, ${count})
          GROUP BY ${keys.map((k) => `g.${k}`).join(", ")}, u.${bucket} HAVING sum(u.${count}) <> 0) b
    GROUP BY ${list}`;
}

// The activity bitmaps (migration 0011_tools_activity_users) merge by OR, not by sum.
const COMPACT_ACTIVITY = `WITH fresh AS MATERIALIZED (SELECT DISTINCT kind, id, agent_key, month FROM activity_months WHERE project_id = $1 AND NOT compacted),
    gone AS (DELETE FROM activity_months t USING fresh f
             WHERE t.project_id = $1 AND t.kind = f.kind AND t.id = f.id AND t.agent_key = f.agent_key AND t.month = f.month RETURNING t.*)
    INSERT INTO activity_months (project_id, kind, id, agent_key, month, hours, compacted)
    SELECT $1, kind, id, agent_key, month, bit_or(hours), true FROM gone GROUP BY kind, id, agent_key, month`;

/**
 * Merges the fresh rows of a project into one row per key. Safe at any time: it only moves sums
 * between rows of the same key. Concurrent compactions of one project are skipped, not queued.
 */
export async function compactRollups(sql: Sql, projectId: string): Promise<boolean> {
  return sql.transaction(async (tx: Queryable) => {
    const [lock] = await tx.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtextextended('rollups:' || $1, 0)) AS ok`, [projectId]);
    if (!lock?.ok) return false;
    for (const t of ALL_TABLES) await tx.query(compactSql(t), [projectId]);
    await tx.query(COMPACT_ACTIVITY, [projectId]);
    return true;
  });
}

/**
 * The embedded database runs no autovacuum: without a VACUUM, space freed by compaction is never
 * reused and the rollup tables only grow. PostgreSQL's autovacuum does this by itself.
 */
export async function vacuumRollups(sql: Sql): Promise<void> {
  await sql.exec(`VACUUM ${[...ALL_TABLES.map((t) => t.name), "activity_months"].join(", ")}`);
}

const COMPACT_EVERY_MS = 2_000;
const VACUUM_EVERY_MS = 10 * 60_000;
const lastCompaction = new Map<string, number>();
let lastVacuum = 0;

/**
 * Called after an ingestion transaction commits: compacts at most every COMPACT_EVERY_MS per
 * project and process (and vacuums the embedded database's rollups every VACUUM_EVERY_MS).
 * Never throws: the data is committed and rollups stay exact uncompacted.
 */
export async function maintainRollups(sql: Sql, projectId: string): Promise<void> {
  const now = Date.now();
  if (now - (lastCompaction.get(projectId) ?? 0) < COMPACT_EVERY_MS) return;
  lastCompaction.set(projectId, now);
  try {
    await compactRollups(sql, projectId);
    if (sql.kind === "pglite" && now - lastVacuum >= VACUUM_EVERY_MS) {
      lastVacuum = now;
      await vacuumRollups(sql);
    }
  } catch (err) {
    console.error(`[sightline] rollup maintenance failed (data is safe, reads stay exact): ${(err as Error).message}`);
  }
}
