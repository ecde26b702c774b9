-- CreateTable
CREATE TABLE "people_last_hours" (
    "project_id" TEXT NOT NULL,
    "kind" CHAR(1) NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "n" INTEGER NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateIndex
CREATE INDEX "people_last_hours_key_idx" ON "people_last_hours"("project_id", "kind", "hour");


-- Hand-written: how many sessions ('s'), end users ('u') and orgs ('o') have their last run in
-- each UTC hour (sessions.last_run_at, end_users.last_seen, orgs.last_seen), kept by
-- statement-level triggers on those tables as signed deltas (a row's old hour -1, its new hour
-- +1; an update that leaves the hour as it was adds nothing) and compacted with the rollups
-- (lib/server/data/rollups.ts). A recap's "so far" counts the sessions, users and orgs active in
-- the running period from it (lib/server/data/recaps.ts): those whose last run is in the period
-- are the whole hours' sums, instead of one index entry each (at 1M runs, 143,000 sessions for a
-- week on the embedded database: 40-60 ms of its single connection).
CREATE INDEX "people_last_hours_fresh_idx" ON "people_last_hours"("project_id") WHERE NOT "compacted";

-- The deltas of `src` (project_id, t, sign), one row per hour whose count changed.
CREATE FUNCTION sightline_people_last_sql(kind text, src text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
INSERT INTO people_last_hours (project_id, kind, hour, n)
SELECT project_id, %1$L, date_trunc('hour', t, 'UTC') AS hour, sum(sign)
FROM (%2$s) d
GROUP BY project_id, date_trunc('hour', t, 'UTC')
HAVING sum(sign) <> 0
ORDER BY 1, 3
$q$, kind, src)
$fn$;

DO $do$
DECLARE
  spec record;
BEGIN
  FOR spec IN SELECT * FROM (VALUES ('sessions', 's', 'last_run_at'), ('end_users', 'u', 'last_seen'), ('orgs', 'o', 'last_seen')) AS v(tbl, kind, col) LOOP
    EXECUTE format('CREATE FUNCTION sightline_%s_last_insert() RETURNS trigger LANGUAGE plpgsql AS %L', spec.tbl,
      'BEGIN ' || sightline_people_last_sql(spec.kind, format('SELECT project_id, %I AS t, 1 AS sign FROM new_rows', spec.col)) || '; RETURN NULL; END');
    -- Old and new rows are not paired: each adds its sign to its own hour, and the hours whose
    -- sum is zero (the row stayed in its hour) are dropped. No join, so no plan that PL/pgSQL
    -- would keep from a first, small statement (see 0011_tools_activity_users).
    EXECUTE format('CREATE FUNCTION sightline_%s_last_update() RETURNS trigger LANGUAGE plpgsql AS %L', spec.tbl,
      'BEGIN ' || sightline_people_last_sql(spec.kind, format(
        'SELECT project_id, %1$I AS t, 1 AS sign FROM new_rows UNION ALL SELECT project_id, %1$I, -1 FROM old_rows', spec.col)) || '; RETURN NULL; END');
    EXECUTE format('CREATE FUNCTION sightline_%s_last_delete() RETURNS trigger LANGUAGE plpgsql AS %L', spec.tbl,
      'BEGIN ' || sightline_people_last_sql(spec.kind, format('SELECT project_id, %I AS t, -1 AS sign FROM old_rows', spec.col)) || '; RETURN NULL; END');
    EXECUTE format('CREATE TRIGGER %1$s_last_insert AFTER INSERT ON %1$I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sightline_%1$s_last_insert()', spec.tbl);
    EXECUTE format('CREATE TRIGGER %1$s_last_update AFTER UPDATE ON %1$I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sightline_%1$s_last_update()', spec.tbl);
    EXECUTE format('CREATE TRIGGER %1$s_last_delete AFTER DELETE ON %1$I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sightline_%1$s_last_delete()', spec.tbl);
    -- Backfill, compacted: one row per hour.
    EXECUTE format('INSERT INTO people_last_hours (project_id, kind, hour, n, compacted)
      SELECT project_id, %L, date_trunc(''hour'', %I, ''UTC''), count(*), true FROM %I GROUP BY 1, 3', spec.kind, spec.col, spec.tbl);
  END LOOP;
END
$do$;
