-- CreateTable
CREATE TABLE "activity_months" (
    "project_id" TEXT NOT NULL,
    "kind" CHAR(1) NOT NULL,
    "id" TEXT NOT NULL,
    "agent_key" TEXT NOT NULL,
    "month" TIMESTAMPTZ(3) NOT NULL,
    "hours" BIT(744) NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateIndex
CREATE INDEX "activity_months_key_idx" ON "activity_months"("project_id", "kind", "agent_key", "month");



-- Hand-written: the activity bitmaps above, maintained by a statement-level trigger on runs.
-- Bit h (0-based, leftmost first) of a month's row is set when the user or org had a run starting
-- in the h-th hour of that UTC month. Rows are appended uncompacted (one per key and statement)
-- and OR-merged per key by compaction; readers OR (or simply test) every row of a key.
CREATE FUNCTION sightline_hour_bit(t timestamptz) RETURNS bit(744)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT set_bit(repeat('0', 744)::bit(744),
    floor(extract(epoch FROM (t - date_trunc('month', t, 'UTC'))) / 3600)::int, 1)
$$;

CREATE FUNCTION sightline_activity_sql(src text, is_compacted boolean) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
INSERT INTO activity_months (project_id, kind, id, agent_key, month, hours, compacted)
SELECT project_id, kind, id, agent_key, month, bit_or(bit), %2$L
FROM (SELECT s.project_id, k.kind, k.id, a.agent_key, date_trunc('month', s.start_time, 'UTC') AS month, sightline_hour_bit(s.start_time) AS bit
      FROM (%1$s) s
      CROSS JOIN LATERAL (VALUES ('u', s.user_id), ('o', s.org_id)) AS k(kind, id)
      CROSS JOIN LATERAL (VALUES (COALESCE(s.agent_id, '')), ('*')) AS a(agent_key)
      WHERE k.id IS NOT NULL) x
GROUP BY project_id, kind, id, agent_key, month
ORDER BY month
$q$, src, is_compacted)
$fn$;

-- Inserted runs set their bits; an update only when it changes who, which agent or which hour
-- (feedback and recomputes, the common updates, append nothing). Deletions clear nothing.
-- Old and new rows are paired by grouping, not by a join: PL/pgSQL keeps the plan made for the
-- first statement's transition tables, and a nested loop planned for one row took quadratic
-- time on an update of thousands of runs.
DO $do$
DECLARE
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
BEGIN
  EXECUTE format('CREATE FUNCTION sightline_activity_runs_insert() RETURNS trigger LANGUAGE plpgsql AS %L',
    'BEGIN ' || sightline_activity_sql('SELECT project_id, user_id, org_id, agent_id, start_time FROM new_rows', false) || '; RETURN NULL; END');
  EXECUTE format('CREATE FUNCTION sightline_activity_runs_update() RETURNS trigger LANGUAGE plpgsql AS %L',
    'BEGIN ' || sightline_activity_sql(changed, false) || '; RETURN NULL; END');
  EXECUTE format('CREATE OR REPLACE FUNCTION sightline_tool_rollup_runs_update() RETURNS trigger LANGUAGE plpgsql AS %L',
    -- Most updates move nothing: the pairing alone answers them (measured on the embedded
    -- database, an update of 2,000 runs spent ~1 s in this trigger before this guard).
    'DECLARE done int; BEGIN IF NOT EXISTS (SELECT 1 FROM (' || paired || ') x WHERE COALESCE(x.n_agent, '''') <> COALESCE(x.o_agent, '''')) '
      || 'THEN RETURN NULL; END IF; ' || regexp_replace(sightline_tool_rollup_sql(moved, false, false), 'SELECT 1\s*$', 'SELECT 1 INTO done')
      || '; RETURN NULL; END');
END
$do$;

CREATE TRIGGER runs_activity_insert AFTER INSERT ON runs REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_activity_runs_insert();
CREATE TRIGGER runs_activity_update AFTER UPDATE ON runs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_activity_runs_update();

CREATE INDEX "activity_months_fresh_idx" ON "activity_months"("project_id") WHERE NOT "compacted";

DO $$ BEGIN
  EXECUTE sightline_activity_sql('SELECT project_id, user_id, org_id, agent_id, start_time FROM runs', true);
END $$;
