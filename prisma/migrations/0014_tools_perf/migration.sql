-- Hand-written (docs/failures.md, Schema): deletions keep the failure occurrences and rollups
-- right. Ingestion maintains them in its write function and never deletes runs, steps or tool
-- calls; anything that does (a retention job, an operator's DELETE) now removes the deleted
-- items' occurrences and appends the opposite rollup deltas, as a rebuild with no wanted rows
-- would. One statement-level trigger per table; nothing fires on inserts or updates, so
-- ingestion pays nothing for them.
--
-- Per (run, signature) the rollups count the occurrences and 1 run while the run has any: the
-- run is subtracted when every stored occurrence of that pair is deleted. The statement's
-- snapshot still sees the rows its own DELETE removes, so "every" is "as many as stored".
CREATE FUNCTION sightline_failures_forget_sql(match text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
WITH gone AS (
  DELETE FROM failure_occurrences f USING (SELECT DISTINCT %1$s) o
  WHERE f.project_id = o.project_id AND f.run_id = o.run_id AND (o.kind IS NULL OR (f.kind = o.kind AND f.item_id = o.item_id))
  RETURNING f.project_id, f.run_id, f.signature, f.start_time, COALESCE(f.agent_id, '') AS agent_key),
per_run AS MATERIALIZED (
  SELECT g.project_id, g.run_id, g.signature, g.start_time, g.agent_key, count(*) AS n,
         (SELECT count(*) FROM failure_occurrences s
          WHERE s.project_id = g.project_id AND s.run_id = g.run_id AND s.signature = g.signature) AS stored
  FROM gone g GROUP BY g.project_id, g.run_id, g.signature, g.start_time, g.agent_key),
rh AS (
  INSERT INTO rollup_failures (project_id, hour, agent_key, signature, occurrences, runs, compacted)
  SELECT project_id, date_trunc('hour', start_time, 'UTC'), agent_key, signature, -sum(n), -count(*) FILTER (WHERE n >= stored), false
  FROM per_run GROUP BY 1, 2, 3, 4 ORDER BY 2
  RETURNING 1)
INSERT INTO rollup_failures_daily (project_id, day, agent_key, signature, occurrences, runs, compacted)
SELECT project_id, date_trunc('day', start_time, 'UTC'), agent_key, signature, -sum(n), -count(*) FILTER (WHERE n >= stored), false
FROM per_run GROUP BY 1, 2, 3, 4 ORDER BY 2
$q$, match)
$fn$;

DO $do$
BEGIN
  EXECUTE format('CREATE FUNCTION sightline_failures_runs_delete() RETURNS trigger LANGUAGE plpgsql AS %L',
    'BEGIN ' || sightline_failures_forget_sql('project_id, id AS run_id, NULL::text AS kind, NULL::text AS item_id FROM old_rows') || '; RETURN NULL; END');
  EXECUTE format('CREATE FUNCTION sightline_failures_steps_delete() RETURNS trigger LANGUAGE plpgsql AS %L',
    'BEGIN ' || sightline_failures_forget_sql('project_id, run_id, ''step''::text AS kind, id AS item_id FROM old_rows WHERE failure_signature IS NOT NULL') || '; RETURN NULL; END');
  EXECUTE format('CREATE FUNCTION sightline_failures_tool_calls_delete() RETURNS trigger LANGUAGE plpgsql AS %L',
    'BEGIN ' || sightline_failures_forget_sql('project_id, run_id, ''tool_call''::text AS kind, id AS item_id FROM old_rows WHERE failure_signature IS NOT NULL') || '; RETURN NULL; END');
END
$do$;

CREATE TRIGGER sightline_failures_runs_delete AFTER DELETE ON runs
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sightline_failures_runs_delete();
CREATE TRIGGER sightline_failures_steps_delete AFTER DELETE ON steps
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sightline_failures_steps_delete();
CREATE TRIGGER sightline_failures_tool_calls_delete AFTER DELETE ON tool_calls
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sightline_failures_tool_calls_delete();
