-- CreateTable
CREATE TABLE "rollup_tools" (
    "project_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "runs" INTEGER NOT NULL,
    "duration_count" INTEGER NOT NULL,
    "duration_sum_ms" BIGINT NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "rollup_tools_daily" (
    "project_id" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "runs" INTEGER NOT NULL,
    "duration_count" INTEGER NOT NULL,
    "duration_sum_ms" BIGINT NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "rollup_tool_latency" (
    "project_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "calls" INTEGER NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "rollup_tool_latency_daily" (
    "project_id" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "calls" INTEGER NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateIndex
CREATE INDEX "rollup_tools_key_idx" ON "rollup_tools"("project_id", "hour", "agent_key", "tool");

-- CreateIndex
CREATE INDEX "rollup_tools_daily_key_idx" ON "rollup_tools_daily"("project_id", "day", "agent_key", "tool");

-- CreateIndex
CREATE INDEX "rollup_tool_latency_key_idx" ON "rollup_tool_latency"("project_id", "hour", "agent_key", "tool", "bucket");

-- CreateIndex
CREATE INDEX "rollup_tool_latency_daily_key_idx" ON "rollup_tool_latency_daily"("project_id", "day", "agent_key", "tool", "bucket");



-- Hand-written: how the tool rollups above are maintained (as the runs rollups of 0002/0004).
--
-- Invariant: a tool call is counted while its run exists, under its run's agent and in the hour
-- (and UTC day) of its own start time. Ingestion writes a batch's tool calls before its runs, so:
--  * the triggers on tool_calls count the calls whose run exists (+1 new rows, -1 old rows);
--  * the triggers on runs add the calls of inserted runs, remove those of deleted runs, and move
--    the calls of a run whose agent changed (a placeholder run replaced by the real one).
-- `runs` counts, per (hour, agent, tool), the runs with at least one call there. A trigger knows
-- which (run, tool, hour) keys a statement touched and how many calls each gained (dn), and the
-- table holds the count after the statement, so the presence before is (after - dn) > 0.

-- The delta SQL for a source yielding (sign, project_id, run_id, agent_key, tool, start_time,
-- status, duration_ms). `runs_delta` is the change of one (run, tool, hour|day) key's presence,
-- from `k.dn` (signed calls of the key in the source) and, where the source is a change of
-- tool_calls, the calls the key holds now (`k.after`, counted only when `count_after`).
CREATE FUNCTION sightline_tool_rollup_sql(src text, count_after boolean, is_compacted boolean) RETURNS text
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
  INSERT INTO rollup_tool_latency (project_id, hour, agent_key, tool, bucket, calls, compacted)
  SELECT project_id, hour, agent_key, tool, sightline_latency_bucket(duration_ms), sum(n), %5$L
  FROM d WHERE duration_ms IS NOT NULL
  GROUP BY project_id, hour, agent_key, tool, sightline_latency_bucket(duration_ms) HAVING sum(n) <> 0 ORDER BY hour),
hd AS (
  INSERT INTO rollup_tools_daily (project_id, day, agent_key, tool, calls, errors, runs, duration_count, duration_sum_ms, compacted)
  SELECT project_id, day, agent_key, tool, sum(n), sum(err), sum(rn), sum(dn), sum(dsum), %5$L
  FROM (SELECT project_id, day, agent_key, tool, n, err, 0 AS rn, dn, dsum FROM d
        UNION ALL SELECT project_id, day, agent_key, tool, 0, 0, rn, 0, 0 FROM kd) x
  GROUP BY project_id, day, agent_key, tool
  HAVING sum(n) <> 0 OR sum(err) <> 0 OR sum(rn) <> 0 OR sum(dn) <> 0 OR sum(dsum) <> 0
  ORDER BY day),
ld AS (
  INSERT INTO rollup_tool_latency_daily (project_id, day, agent_key, tool, bucket, calls, compacted)
  SELECT project_id, day, agent_key, tool, sightline_latency_bucket(duration_ms), sum(n), %5$L
  FROM d WHERE duration_ms IS NOT NULL
  GROUP BY project_id, day, agent_key, tool, sightline_latency_bucket(duration_ms) HAVING sum(n) <> 0 ORDER BY day)
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

-- Static SQL (planned once per connection), one function per trigger, as in 0004. The joins are
-- LATERAL lookups by primary key so a plan cached for a small batch stays right for any table size.
DO $do$
DECLARE
  calls CONSTANT text := 'c.project_id, c.run_id, c.name AS tool, c.start_time, c.status, c.duration_ms';
  -- tool_calls changed: each call row with its run's agent, if its run exists.
  by_call CONSTANT text := 'SELECT %s AS sign, COALESCE(r.agent_id, '''') AS agent_key, ' || calls || ' FROM %s c
    CROSS JOIN LATERAL (SELECT agent_id FROM runs WHERE project_id = c.project_id AND id = c.run_id OFFSET 0) r';
  -- runs changed: every call of each run row, under that row's agent.
  by_run CONSTANT text := 'SELECT %s AS sign, COALESCE(r.agent_id, '''') AS agent_key, ' || calls || ' FROM %s r
    CROSS JOIN LATERAL (SELECT * FROM tool_calls WHERE project_id = r.project_id AND run_id = r.id OFFSET 0) c';
  moved CONSTANT text := 'SELECT %s AS sign, COALESCE(r.agent_id, '''') AS agent_key, ' || calls || ' FROM %s r
    JOIN %s x ON x.project_id = r.project_id AND x.id = r.id AND COALESCE(x.agent_id, '''') <> COALESCE(r.agent_id, '''')
    CROSS JOIN LATERAL (SELECT * FROM tool_calls WHERE project_id = r.project_id AND run_id = r.id OFFSET 0) c';
  fns CONSTANT text[][] := ARRAY[
    ARRAY['tool_calls_insert', format(by_call, '1', 'new_rows'), 'true'],
    ARRAY['tool_calls_delete', format(by_call, '-1', 'old_rows'), 'true'],
    ARRAY['tool_calls_update', format(by_call, '1', 'new_rows') || ' UNION ALL ' || format(by_call, '-1', 'old_rows'), 'true'],
    ARRAY['runs_insert', format(by_run, '1', 'new_rows'), 'false'],
    ARRAY['runs_delete', format(by_run, '-1', 'old_rows'), 'false'],
    ARRAY['runs_update', format(moved, '1', 'new_rows', 'old_rows') || ' UNION ALL ' || format(moved, '-1', 'old_rows', 'new_rows'), 'false']];
  f text[];
BEGIN
  FOREACH f SLICE 1 IN ARRAY fns LOOP
    EXECUTE format(
      'CREATE FUNCTION sightline_tool_rollup_%s() RETURNS trigger LANGUAGE plpgsql AS %L',
      f[1],
      'DECLARE done int; BEGIN ' || regexp_replace(sightline_tool_rollup_sql(f[2], f[3]::boolean, false), 'SELECT 1\s*$', 'SELECT 1 INTO done')
        || '; RETURN NULL; END');
  END LOOP;
END
$do$;

CREATE TRIGGER tool_calls_rollup_insert AFTER INSERT ON tool_calls REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_tool_rollup_tool_calls_insert();
CREATE TRIGGER tool_calls_rollup_update AFTER UPDATE ON tool_calls REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_tool_rollup_tool_calls_update();
CREATE TRIGGER tool_calls_rollup_delete AFTER DELETE ON tool_calls REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_tool_rollup_tool_calls_delete();
CREATE TRIGGER runs_tool_rollup_insert AFTER INSERT ON runs REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_tool_rollup_runs_insert();
CREATE TRIGGER runs_tool_rollup_update AFTER UPDATE ON runs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_tool_rollup_runs_update();
CREATE TRIGGER runs_tool_rollup_delete AFTER DELETE ON runs REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_tool_rollup_runs_delete();

CREATE INDEX "rollup_tools_fresh_idx" ON "rollup_tools"("project_id") WHERE NOT "compacted";
CREATE INDEX "rollup_tools_daily_fresh_idx" ON "rollup_tools_daily"("project_id") WHERE NOT "compacted";
CREATE INDEX "rollup_tool_latency_fresh_idx" ON "rollup_tool_latency"("project_id") WHERE NOT "compacted";
CREATE INDEX "rollup_tool_latency_daily_fresh_idx" ON "rollup_tool_latency_daily"("project_id") WHERE NOT "compacted";

-- Backfill from the tool calls already stored, as compacted rows (one per key): every call whose
-- run exists, each (run, tool, hour|day) key present once.
DO $$ BEGIN
  EXECUTE sightline_tool_rollup_sql('SELECT 1 AS sign, COALESCE(r.agent_id, '''') AS agent_key, c.project_id, c.run_id,
    c.name AS tool, c.start_time, c.status, c.duration_ms FROM tool_calls c JOIN runs r ON r.project_id = c.project_id AND r.id = c.run_id', false, true);
END $$;
