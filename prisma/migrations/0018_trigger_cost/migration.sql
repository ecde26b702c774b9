-- Hand-written: the tool-rollup and activity triggers of 0011_tools_activity and
-- 0011_tools_activity_users, made cheaper for ingestion. Every read gives the same result.
--
-- An ingestion write is an INSERT … ON CONFLICT DO UPDATE of a batch's tool calls followed by an
-- INSERT of its new runs. For a write of 50 runs with 3 tool calls each the triggers appended
-- ~260 tool rollup rows and ~200 activity rows (merged again by compaction), and:
--  * the latency histograms held a row per (hour|day, agent, tool, bucket): with ~100 buckets in
--    use, nearly one row per call in each of the two tables. They now hold one row per
--    (hour|day, agent, tool) with the buckets and their counts as two parallel arrays;
--  * the UPDATE trigger on tool_calls fired with empty transition tables (no call was updated)
--    and the INSERT trigger found no run for calls written before their run: both ran their whole
--    delta statement for nothing. They now return at once;
--  * the activity trigger appended a row for every (user or org, agent or all agents, month) of
--    the batch, even when a stored row already had the run's hour set (an active user runs many
--    times an hour). It now appends only bits not already set in one stored row of the key
--    (looked up through the key index, which gains `id`), and builds each run's 744-bit mask
--    once, by a shift, inlined (it called a function that was never inlined, four times a run).

-- ---------------------------------------------------------------------------------------------
-- Latency histograms as arrays. Stored rows: compacted, one per key.
CREATE TABLE "rollup_tool_latency_v2" (
    "project_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "buckets" SMALLINT[] NOT NULL,
    "counts" INTEGER[] NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);
CREATE TABLE "rollup_tool_latency_daily_v2" (
    "project_id" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "buckets" SMALLINT[] NOT NULL,
    "counts" INTEGER[] NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO rollup_tool_latency_v2 (project_id, hour, agent_key, tool, buckets, counts, compacted)
SELECT project_id, hour, agent_key, tool, array_agg(bucket ORDER BY bucket), array_agg(n ORDER BY bucket), true
FROM (SELECT project_id, hour, agent_key, tool, bucket, sum(calls)::int AS n FROM rollup_tool_latency
      GROUP BY 1, 2, 3, 4, 5 HAVING sum(calls) <> 0) b
GROUP BY project_id, hour, agent_key, tool ORDER BY hour;
INSERT INTO rollup_tool_latency_daily_v2 (project_id, day, agent_key, tool, buckets, counts, compacted)
SELECT project_id, day, agent_key, tool, array_agg(bucket ORDER BY bucket), array_agg(n ORDER BY bucket), true
FROM (SELECT project_id, day, agent_key, tool, bucket, sum(calls)::int AS n FROM rollup_tool_latency_daily
      GROUP BY 1, 2, 3, 4, 5 HAVING sum(calls) <> 0) b
GROUP BY project_id, day, agent_key, tool ORDER BY day;
DROP TABLE "rollup_tool_latency";
DROP TABLE "rollup_tool_latency_daily";
ALTER TABLE "rollup_tool_latency_v2" RENAME TO "rollup_tool_latency";
ALTER TABLE "rollup_tool_latency_daily_v2" RENAME TO "rollup_tool_latency_daily";
CREATE INDEX "rollup_tool_latency_key_idx" ON "rollup_tool_latency"("project_id", "hour", "agent_key", "tool");
CREATE INDEX "rollup_tool_latency_daily_key_idx" ON "rollup_tool_latency_daily"("project_id", "day", "agent_key", "tool");
CREATE INDEX "rollup_tool_latency_fresh_idx" ON "rollup_tool_latency"("project_id") WHERE NOT "compacted";
CREATE INDEX "rollup_tool_latency_daily_fresh_idx" ON "rollup_tool_latency_daily"("project_id") WHERE NOT "compacted";

-- The delta SQL of 0011_tools_activity, writing the histograms as arrays (l and ld).
CREATE OR REPLACE FUNCTION sightline_tool_rollup_sql(src text, count_after boolean, is_compacted boolean) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
WITH d AS MATERIALIZED (
  SELECT project_id, run_id, agent_key, tool,
         date_trunc('hour', start_time, 'UTC') AS hour, date_trunc('day', start_time, 'UTC') AS day,
         sign AS n,
         CASE WHEN status = 2 THEN sign ELSE 0 END AS err,
         CASE WHEN duration_ms IS NULL THEN 0 ELSE sign END AS dn,
         sign * COALESCE(duration_ms, 0)::bigint AS dsum,
         duration_ms
  FROM (%1$s) s),
kh AS MATERIALIZED (
  SELECT k.project_id, k.hour, k.agent_key, k.tool, %2$s AS rn
  FROM (SELECT project_id, run_id, agent_key, tool, hour, sum(n) AS dn FROM d GROUP BY 1, 2, 3, 4, 5) k
  %3$s),
kd AS MATERIALIZED (
  SELECT k.project_id, k.day, k.agent_key, k.tool, %2$s AS rn
  FROM (SELECT project_id, run_id, agent_key, tool, day, sum(n) AS dn FROM d GROUP BY 1, 2, 3, 4, 5) k
  %4$s),
h AS (
  INSERT INTO rollup_tools (project_id, hour, agent_key, tool, calls, errors, runs, duration_count, duration_sum_ms, compacted)
  SELECT project_id, hour, agent_key, tool, sum(n), sum(err), sum(rn), sum(dn), sum(dsum), %5$L
  FROM (SELECT project_id, hour, agent_key, tool, n, err, 0 AS rn, dn, dsum FROM d
        UNION ALL SELECT project_id, hour, agent_key, tool, 0, 0, rn, 0, 0 FROM kh) x
  GROUP BY project_id, hour, agent_key, tool
  HAVING sum(n) <> 0 OR sum(err) <> 0 OR sum(rn) <> 0 OR sum(dn) <> 0 OR sum(dsum) <> 0
  ORDER BY hour),
l AS (
  INSERT INTO rollup_tool_latency (project_id, hour, agent_key, tool, buckets, counts, compacted)
  SELECT project_id, hour, agent_key, tool, array_agg(bucket ORDER BY bucket), array_agg(n ORDER BY bucket), %5$L
  FROM (SELECT project_id, hour, agent_key, tool, sightline_latency_bucket(duration_ms) AS bucket, sum(n)::int AS n
        FROM d WHERE duration_ms IS NOT NULL GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0) b
  GROUP BY project_id, hour, agent_key, tool ORDER BY hour),
hd AS (
  INSERT INTO rollup_tools_daily (project_id, day, agent_key, tool, calls, errors, runs, duration_count, duration_sum_ms, compacted)
  SELECT project_id, day, agent_key, tool, sum(n), sum(err), sum(rn), sum(dn), sum(dsum), %5$L
  FROM (SELECT project_id, day, agent_key, tool, n, err, 0 AS rn, dn, dsum FROM d
        UNION ALL SELECT project_id, day, agent_key, tool, 0, 0, rn, 0, 0 FROM kd) x
  GROUP BY project_id, day, agent_key, tool
  HAVING sum(n) <> 0 OR sum(err) <> 0 OR sum(rn) <> 0 OR sum(dn) <> 0 OR sum(dsum) <> 0
  ORDER BY day),
ld AS (
  INSERT INTO rollup_tool_latency_daily (project_id, day, agent_key, tool, buckets, counts, compacted)
  SELECT project_id, day, agent_key, tool, array_agg(bucket ORDER BY bucket), array_agg(n ORDER BY bucket), %5$L
  FROM (SELECT project_id, day, agent_key, tool, sightline_latency_bucket(duration_ms) AS bucket, sum(n)::int AS n
        FROM d WHERE duration_ms IS NOT NULL GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0) b
  GROUP BY project_id, day, agent_key, tool ORDER BY day)
SELECT 1
$q$,
  src,
  CASE WHEN count_after THEN '(c.after > 0)::int - ((c.after - k.dn) > 0)::int' ELSE 'sign(k.dn)::int' END,
  -- The key's calls now, by the primary key (project_id, run_id, …) of tool_calls.
  CASE WHEN count_after THEN 'CROSS JOIN LATERAL (SELECT count(*) AS after FROM tool_calls t WHERE t.project_id = k.project_id
     AND t.run_id = k.run_id AND t.name = k.tool AND t.start_time >= k.hour AND t.start_time < k.hour + interval ''1 hour'') c' ELSE '' END,
  CASE WHEN count_after THEN 'CROSS JOIN LATERAL (SELECT count(*) AS after FROM tool_calls t WHERE t.project_id = k.project_id
     AND t.run_id = k.run_id AND t.name = k.tool AND t.start_time >= k.day AND t.start_time < k.day + interval ''1 day'') c' ELSE '' END,
  is_compacted)
$fn$;

-- ---------------------------------------------------------------------------------------------
-- Activity: the key index with `id`, for the look-up below (readers use its first four columns).
DROP INDEX "activity_months_key_idx";
CREATE INDEX "activity_months_key_idx" ON "activity_months"("project_id", "kind", "agent_key", "month", "id");

-- Bit h set, leftmost first (bit(1) cast to bit(744) is padded with zeros on the right). STABLE,
-- as date_trunc with a time zone is: PostgreSQL never inlines an IMMUTABLE SQL function whose
-- body is less than immutable, and a call not inlined cost ~7 µs.
CREATE OR REPLACE FUNCTION sightline_hour_bit(t timestamptz) RETURNS bit(744)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT B'1'::bit(744) >> floor(extract(epoch FROM (t - date_trunc('month', t, 'UTC'))) / 3600)::int
$$;

-- A key's bits are appended unless one stored row of the key already has them all (a scalar
-- subquery: one index probe per key, whatever plan the first statement's transition table got;
-- `kind` cast to the column's char(1), as a text comparison cannot use the index).
-- Rows of concurrent writers are not visible: both may append, which the OR-merge absorbs.
CREATE OR REPLACE FUNCTION sightline_activity_sql(src text, is_compacted boolean) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
INSERT INTO activity_months (project_id, kind, id, agent_key, month, hours, compacted)
SELECT x.project_id, x.kind, x.id, x.agent_key, x.month, x.hours, %2$L
FROM (SELECT project_id, kind, id, agent_key, month, bit_or(bit) AS hours
      FROM (SELECT s.project_id, k.kind, k.id, a.agent_key, s.month, s.bit
            FROM (SELECT project_id, user_id, org_id, agent_id, date_trunc('month', start_time, 'UTC') AS month,
                         sightline_hour_bit(start_time) AS bit
                  FROM (%1$s) s0 WHERE user_id IS NOT NULL OR org_id IS NOT NULL OFFSET 0) s
            CROSS JOIN LATERAL (VALUES ('u', s.user_id), ('o', s.org_id)) AS k(kind, id)
            CROSS JOIN LATERAL (VALUES (COALESCE(s.agent_id, '')), ('*')) AS a(agent_key)
            WHERE k.id IS NOT NULL) y
      GROUP BY project_id, kind, id, agent_key, month) x
WHERE (SELECT true FROM activity_months m WHERE m.project_id = x.project_id AND m.kind = x.kind::char(1) AND m.agent_key = x.agent_key
         AND m.month = x.month AND m.id = x.id AND (m.hours & x.hours) = x.hours LIMIT 1) IS NULL
ORDER BY x.month
$q$, src, is_compacted)
$fn$;

-- ---------------------------------------------------------------------------------------------
-- Every trigger function again (they embed the SQL above), built as in 0011_tools_activity and
-- 0011_tools_activity_users; the three on ingestion's path now return at once when their
-- transition table holds nothing they would count.
DO $do$
DECLARE
  calls CONSTANT text := 'c.project_id, c.run_id, c.name AS tool, c.start_time, c.status, c.duration_ms';
  by_call CONSTANT text := 'SELECT %s AS sign, COALESCE(r.agent_id, '''') AS agent_key, ' || calls || ' FROM %s c
    CROSS JOIN LATERAL (SELECT agent_id FROM runs WHERE project_id = c.project_id AND id = c.run_id OFFSET 0) r';
  by_run CONSTANT text := 'SELECT %s AS sign, COALESCE(r.agent_id, '''') AS agent_key, ' || calls || ' FROM %s r
    CROSS JOIN LATERAL (SELECT * FROM tool_calls WHERE project_id = r.project_id AND run_id = r.id OFFSET 0) c';
  call_with_run CONSTANT text := 'EXISTS (SELECT 1 FROM new_rows c
    CROSS JOIN LATERAL (SELECT 1 FROM runs WHERE project_id = c.project_id AND id = c.run_id OFFSET 0) r)';
  run_with_call CONSTANT text := 'EXISTS (SELECT 1 FROM new_rows r
    CROSS JOIN LATERAL (SELECT 1 FROM tool_calls WHERE project_id = r.project_id AND run_id = r.id LIMIT 1) c)';
  paired CONSTANT text := 'SELECT project_id, id,
      max(user_id) FILTER (WHERE s = 1) AS n_user, max(user_id) FILTER (WHERE s = -1) AS o_user,
      max(org_id) FILTER (WHERE s = 1) AS n_org, max(org_id) FILTER (WHERE s = -1) AS o_org,
      max(agent_id) FILTER (WHERE s = 1) AS n_agent, max(agent_id) FILTER (WHERE s = -1) AS o_agent,
      max(start_time) FILTER (WHERE s = 1) AS n_start, max(start_time) FILTER (WHERE s = -1) AS o_start
    FROM (SELECT project_id, id, user_id, org_id, agent_id, start_time, 1 AS s FROM new_rows
          UNION ALL SELECT project_id, id, user_id, org_id, agent_id, start_time, -1 FROM old_rows) u
    GROUP BY project_id, id';
  changed CONSTANT text := 'SELECT project_id, n_user AS user_id, n_org AS org_id, n_agent AS agent_id, n_start AS start_time
    FROM (' || paired || ') x
    WHERE n_user IS DISTINCT FROM o_user OR n_org IS DISTINCT FROM o_org OR n_agent IS DISTINCT FROM o_agent
       OR date_trunc(''hour'', n_start) <> date_trunc(''hour'', o_start)';
  -- The tool rollups' move of a run's calls to its new agent (0011_tools_activity), likewise.
  moved CONSTANT text := 'SELECT v.sign, v.agent_key, c.project_id, c.run_id, c.name AS tool, c.start_time, c.status, c.duration_ms
    FROM (' || paired || ') x
    CROSS JOIN LATERAL (VALUES (1, COALESCE(x.n_agent, '''')), (-1, COALESCE(x.o_agent, ''''))) AS v(sign, agent_key)
    CROSS JOIN LATERAL (SELECT * FROM tool_calls WHERE project_id = x.project_id AND run_id = x.id OFFSET 0) c
    WHERE COALESCE(x.n_agent, '''') <> COALESCE(x.o_agent, '''')';
  fns CONSTANT text[][] := ARRAY[
    ARRAY['tool_calls_insert', format(by_call, '1', 'new_rows'), 'true', call_with_run],
    ARRAY['tool_calls_update', format(by_call, '1', 'new_rows') || ' UNION ALL ' || format(by_call, '-1', 'old_rows'), 'true',
          'EXISTS (SELECT 1 FROM old_rows)'],
    ARRAY['tool_calls_delete', format(by_call, '-1', 'old_rows'), 'true', 'true'],
    ARRAY['runs_insert', format(by_run, '1', 'new_rows'), 'false', run_with_call],
    ARRAY['runs_delete', format(by_run, '-1', 'old_rows'), 'false', 'true'],
    -- Most updates move nothing: the pairing alone answers them (0011_tools_activity_users).
    ARRAY['runs_update', moved, 'false',
          'EXISTS (SELECT 1 FROM (' || paired || ') x WHERE COALESCE(x.n_agent, '''') <> COALESCE(x.o_agent, ''''))']];
  f text[];
BEGIN
  FOREACH f SLICE 1 IN ARRAY fns LOOP
    EXECUTE format(
      'CREATE OR REPLACE FUNCTION sightline_tool_rollup_%s() RETURNS trigger LANGUAGE plpgsql AS %L',
      f[1],
      'DECLARE done int; BEGIN IF NOT ' || f[4] || ' THEN RETURN NULL; END IF; '
        || regexp_replace(sightline_tool_rollup_sql(f[2], f[3]::boolean, false), 'SELECT 1\s*$', 'SELECT 1 INTO done')
        || '; RETURN NULL; END');
  END LOOP;
  EXECUTE format('CREATE OR REPLACE FUNCTION sightline_activity_runs_insert() RETURNS trigger LANGUAGE plpgsql AS %L',
    'BEGIN ' || sightline_activity_sql('SELECT project_id, user_id, org_id, agent_id, start_time FROM new_rows', false) || '; RETURN NULL; END');
  EXECUTE format('CREATE OR REPLACE FUNCTION sightline_activity_runs_update() RETURNS trigger LANGUAGE plpgsql AS %L',
    'BEGIN ' || sightline_activity_sql(changed, false) || '; RETURN NULL; END');
END
$do$;
