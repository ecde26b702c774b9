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
DO $do$
DECLARE
  changed CONSTANT text := 'SELECT n.project_id, n.user_id, n.org_id, n.agent_id, n.start_time FROM new_rows n
    JOIN old_rows o ON o.project_id = n.project_id AND o.id = n.id
    WHERE n.user_id IS DISTINCT FROM o.user_id OR n.org_id IS DISTINCT FROM o.org_id OR n.agent_id IS DISTINCT FROM o.agent_id
       OR date_trunc(''hour'', n.start_time) <> date_trunc(''hour'', o.start_time)';
BEGIN
  EXECUTE format('CREATE FUNCTION sightline_activity_runs_insert() RETURNS trigger LANGUAGE plpgsql AS %L',
    'BEGIN ' || sightline_activity_sql('SELECT project_id, user_id, org_id, agent_id, start_time FROM new_rows', false) || '; RETURN NULL; END');
  EXECUTE format('CREATE FUNCTION sightline_activity_runs_update() RETURNS trigger LANGUAGE plpgsql AS %L',
    'BEGIN ' || sightline_activity_sql(changed, false) || '; RETURN NULL; END');
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
