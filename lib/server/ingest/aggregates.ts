// Derived values are recomputed from their sources inside the writing transaction, never
// incremented, so a retried or replayed payload cannot double-count anything:
//  - a run's counts, tokens, cost, models and latest feedback come from its steps, tool calls
//    and feedback rows;
//  - a session's counts come from its runs.
// Ingestion applies the run rules inside its single run write (statements.ts RUNS_SQL);
// recomputeRuns is the same rule set for writers that change only children (feedback).
import type { Queryable } from "@/lib/db/sql";

// SQL fragments of the run rules, shared with the ingestion write (statements.ts).

/** Milliseconds between two instants, clamped to the int column: client clocks send anything. */
export const durationMsSql = (start: string, end: string) =>
  `CASE WHEN ${end} IS NULL THEN NULL ELSE LEAST(2147483647, GREATEST(0, round(extract(epoch FROM (${end} - ${start})) * 1000)))::int END`;

/**
 * A run's tokens of one kind: its steps' sum, else what the SDK reported on the run. Capped at a
 * billion (client bugs) so input + output still fits the int4 of the runs_tokens_idx expression.
 */
export const runTokensSql = (stepSum: string, reportedUsage: string, key: "inputTokens" | "outputTokens" | "cachedTokens") =>
  `LEAST(COALESCE(${stepSum}, (${reportedUsage}->>'${key}')::bigint, 0), 1000000000)::int`;

/** Buckets per kind and project that a large write locks instead of its ids. */
export const LOCK_BUCKETS = 256;
/** Writes of at most this many distinct ids lock each id; larger ones lock buckets. */
export const LOCK_FINE_MAX = 128;

/**
 * Serialises writers of the same runs (and then sessions) across concurrent requests, taking at
 * most LOCK_BUCKETS + LOCK_FINE_MAX advisory locks whatever the batch size. One lock per id
 * exhausted PostgreSQL's shared lock table (max_locks_per_transaction × connections; "out of
 * shared memory") at ~20,000 runs, on both databases.
 *
 * Two levels: every id falls in one of LOCK_BUCKETS buckets. A small write takes its buckets
 * shared and then its ids exclusive: small writes of different ids run side by side, as before. A
 * large write takes its buckets exclusive, which excludes every other writer of those buckets and
 * no more. Either way two writers of one id conflict (on the id, or on its bucket). Keys are taken
 * in one global order (buckets before ids, each sorted), so no two writers wait on each other in a
 * cycle. Bucket keys carry a "#" that no id key has, so the two levels never share a key.
 */
export const lockKeysSql = (kind: string, projectId: string, ids: string) =>
  `SELECT count(CASE WHEN l.exclusive THEN pg_advisory_xact_lock(l.k) ELSE pg_advisory_xact_lock_shared(l.k) END) FROM (
     SELECT * FROM (
       SELECT DISTINCT 0 AS level, hashtextextended(${kind} || '#' || ${projectId} || ':' || (hashtextextended(id, 0) & ${LOCK_BUCKETS - 1}), 0) AS k,
              cardinality(${ids}::text[]) > ${LOCK_FINE_MAX} AS exclusive
       FROM unnest(${ids}::text[]) AS id
       UNION ALL
       SELECT DISTINCT 1, hashtextextended(${kind} || ':' || ${projectId} || ':' || id, 0), true
       FROM unnest(${ids}::text[]) AS id WHERE cardinality(${ids}::text[]) <= ${LOCK_FINE_MAX}
     ) keys ORDER BY level, k
   ) l`;

export async function lockKeys(q: Queryable, projectId: string, kind: "run" | "session", ids: string[]) {
  if (!ids.length) return;
  await q.query(lockKeysSql("$1", "$2", "$3"), [kind, projectId, ids], { prepare: "sl_lock_keys" });
}

const RUN_START = "(CASE WHEN r.placeholder THEN LEAST(r.start_time, st.first_start, tc.first_start) ELSE r.start_time END)";
const RUN_END = "(CASE WHEN r.placeholder THEN GREATEST(r.end_time, st.last_end, tc.last_end) ELSE r.end_time END)";

export async function recomputeRuns(q: Queryable, projectId: string, runIds: string[]) {
  if (!runIds.length) return;
  await q.query(
    `WITH ids AS (SELECT DISTINCT unnest($2::text[]) AS id),
     st AS (
       SELECT run_id, count(*) AS n, sum(input_tokens) AS i, sum(output_tokens) AS o, sum(cached_tokens) AS c,
              sum(cost_usd) AS cost, min(start_time) AS first_start, max(end_time) AS last_end,
              array_agg(DISTINCT model) FILTER (WHERE model IS NOT NULL) AS models
       FROM steps WHERE project_id = $1 AND run_id IN (SELECT id FROM ids) GROUP BY run_id),
     tc AS (
       SELECT run_id, count(*) AS n, count(*) FILTER (WHERE status = 2) AS e,
              min(start_time) AS first_start, max(end_time) AS last_end
       FROM tool_calls WHERE project_id = $1 AND run_id IN (SELECT id FROM ids) GROUP BY run_id),
     fb AS (
       SELECT run_id, count(*) AS n,
              (array_agg(score ORDER BY created_at DESC, id DESC) FILTER (WHERE score IS NOT NULL))[1] AS score
       FROM feedback WHERE project_id = $1 AND run_id IN (SELECT id FROM ids) GROUP BY run_id)
     UPDATE runs r SET
       step_count = COALESCE(st.n, 0),
       tool_call_count = COALESCE(tc.n, 0),
       tool_error_count = COALESCE(tc.e, 0),
       input_tokens = ${runTokensSql("st.i", "r.reported_usage", "inputTokens")},
       output_tokens = ${runTokensSql("st.o", "r.reported_usage", "outputTokens")},
       cached_tokens = ${runTokensSql("st.c", "r.reported_usage", "cachedTokens")},
       cost_usd = COALESCE(r.reported_cost, st.cost),
       models = ARRAY(SELECT DISTINCT m FROM unnest(r.models || COALESCE(st.models, '{}'::text[])) AS m WHERE m IS NOT NULL ORDER BY m),
       feedback_score = fb.score,
       feedback_count = COALESCE(fb.n, 0),
       -- A run known only from its children spans the children.
       start_time = ${RUN_START},
       end_time = ${RUN_END},
       duration_ms = ${durationMsSql(RUN_START, RUN_END)},
       updated_at = now()
     FROM ids
     LEFT JOIN st ON st.run_id = ids.id
     LEFT JOIN tc ON tc.run_id = ids.id
     LEFT JOIN fb ON fb.run_id = ids.id
     WHERE r.project_id = $1 AND r.id = ids.id`,
    [projectId, runIds],
  );
}

/**
 * The session recompute as CTEs over a project id and an array of session ids: the upsert covers
 * sessions that still have runs, the delete those none of whose runs still point at them (a run
 * moved to another session); the two sets are disjoint. Shared with the ingestion's last statement.
 */
export const sessionCtes = (projectId: string, sessionIds: string) => `
  sessions_upserted AS (
    INSERT INTO sessions (project_id, id, agent_id, user_id, org_id, run_count, first_run_at, last_run_at,
                          conversational, thumbs_up, thumbs_down, error_count)
    SELECT ${projectId}, session_id,
      (array_agg(agent_id ORDER BY start_time DESC) FILTER (WHERE agent_id IS NOT NULL))[1],
      (array_agg(user_id ORDER BY start_time DESC) FILTER (WHERE user_id IS NOT NULL))[1],
      (array_agg(org_id ORDER BY start_time DESC) FILTER (WHERE org_id IS NOT NULL))[1],
      count(*), min(start_time), max(start_time), bool_or(conversational IS TRUE),
      count(*) FILTER (WHERE feedback_score = 1), count(*) FILTER (WHERE feedback_score = -1),
      count(*) FILTER (WHERE status = 2)
    FROM runs WHERE project_id = ${projectId} AND session_id = ANY(${sessionIds}::text[])
    GROUP BY session_id
    ON CONFLICT (project_id, id) DO UPDATE SET
      agent_id = EXCLUDED.agent_id, user_id = EXCLUDED.user_id, org_id = EXCLUDED.org_id,
      run_count = EXCLUDED.run_count, first_run_at = EXCLUDED.first_run_at, last_run_at = EXCLUDED.last_run_at,
      conversational = EXCLUDED.conversational, thumbs_up = EXCLUDED.thumbs_up,
      thumbs_down = EXCLUDED.thumbs_down, error_count = EXCLUDED.error_count
    RETURNING 1),
  sessions_emptied AS (
    DELETE FROM sessions s WHERE s.project_id = ${projectId} AND s.id = ANY(${sessionIds}::text[])
      AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.project_id = ${projectId} AND r.session_id = s.id)
    RETURNING 1)`;
export const SESSION_CTES = sessionCtes("$1", "$2");

/** Call with the sessions' locks held (lockKeys "session"). */
export async function recomputeSessions(q: Queryable, projectId: string, sessionIds: string[]) {
  if (!sessionIds.length) return;
  await q.query(`WITH ${SESSION_CTES} SELECT 1`, [projectId, sessionIds], { prepare: "sl_recompute_sessions" });
}
