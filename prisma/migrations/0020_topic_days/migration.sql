-- CreateTable
CREATE TABLE "topic_days" (
    "project_id" TEXT NOT NULL,
    "topic_id" TEXT NOT NULL,
    "agent_key" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "runs" INTEGER[] NOT NULL DEFAULT ARRAY[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]::INTEGER[],
    "errors" INTEGER[] NOT NULL DEFAULT ARRAY[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]::INTEGER[],
    "thumbs_up" INTEGER[] NOT NULL DEFAULT ARRAY[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]::INTEGER[],
    "thumbs_down" INTEGER[] NOT NULL DEFAULT ARRAY[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]::INTEGER[],
    "frustrated" INTEGER[] NOT NULL DEFAULT ARRAY[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]::INTEGER[],
    "sessions" BYTEA NOT NULL,
    "users" BYTEA NOT NULL,
    "stale" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "topic_days_pkey" PRIMARY KEY ("project_id","topic_id","agent_key","day")
);

-- CreateIndex
CREATE INDEX "topic_days_day_idx" ON "topic_days"("project_id", "day");

-- CreateIndex
CREATE INDEX "topic_days_stale_idx" ON "topic_days"("project_id");


-- Hand-written (the schema's generator could not run offline; the table above is what it writes).
-- Per (project, topic, agent, UTC day) the runs of run_topics per UTC hour of the day, and of
-- them the errored, thumbs up, thumbs down and frustrated ones (24 counts each), and sketches of
-- their sessions and users (the HyperLogLog of migration 0013_patterns_perf: sightline_hll_slot,
-- sightline_hll_add, and sightline_add_hours for the counts). The topics list reads whole hours
-- from here and only the partial hours at a window's edges from run_topics.
DROP INDEX "topic_days_stale_idx";
CREATE INDEX "topic_days_stale_idx" ON "topic_days"("project_id") WHERE "stale";

-- The rows of `src` (project_id, topic_id, agent_key, start_time, session_id, user_id, errored,
-- feedback_score, frustrated, sign) added to their days with their sign; the sessions and users
-- of the added rows raised in the sketches, and days a row left marked stale (their sketches may
-- still count what left). Two statements, as for pattern_days: the first creates missing days and
-- locks them in key order (no deadlock between two writers), the second adds to them.
CREATE FUNCTION sightline_topic_days_sql(src text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
INSERT INTO topic_days AS d (project_id, topic_id, agent_key, day, sessions, users)
SELECT DISTINCT s.project_id, s.topic_id, s.agent_key, date_trunc('day', s.start_time, 'UTC'), sightline_hll_empty(), sightline_hll_empty()
FROM (%1$s) s
ORDER BY 1, 2, 3, 4
ON CONFLICT (project_id, topic_id, agent_key, day) DO UPDATE SET stale = d.stale;
WITH y AS (
  SELECT s.project_id, s.topic_id, s.agent_key, date_trunc('day', s.start_time, 'UTC') AS day,
         extract(hour FROM s.start_time AT TIME ZONE 'UTC')::int AS hr, s.session_id, s.user_id, s.sign,
         CASE WHEN s.errored THEN s.sign ELSE 0 END AS e, CASE WHEN s.feedback_score = 1 THEN s.sign ELSE 0 END AS up,
         CASE WHEN s.feedback_score = -1 THEN s.sign ELSE 0 END AS down, CASE WHEN s.frustrated THEN s.sign ELSE 0 END AS fr
  FROM (%1$s) s)
UPDATE topic_days d SET
  runs = sightline_add_hours(d.runs, h.hrs, h.n),
  errors = sightline_add_hours(d.errors, h.hrs, h.e),
  thumbs_up = sightline_add_hours(d.thumbs_up, h.hrs, h.up),
  thumbs_down = sightline_add_hours(d.thumbs_down, h.hrs, h.down),
  frustrated = sightline_add_hours(d.frustrated, h.hrs, h.fr),
  sessions = sightline_hll_add(d.sessions, x.sessions),
  users = sightline_hll_add(d.users, x.users),
  stale = d.stale OR x.gone
FROM (SELECT project_id, topic_id, agent_key, day,
             array_agg(DISTINCT sightline_hll_slot(session_id)) FILTER (WHERE sign > 0 AND session_id IS NOT NULL) AS sessions,
             array_agg(DISTINCT sightline_hll_slot(user_id)) FILTER (WHERE sign > 0 AND user_id IS NOT NULL) AS users,
             bool_or(sign < 0) AS gone
      FROM y GROUP BY project_id, topic_id, agent_key, day) x
JOIN (SELECT project_id, topic_id, agent_key, day, array_agg(hr) AS hrs, array_agg(n) AS n, array_agg(e) AS e, array_agg(up) AS up,
             array_agg(down) AS down, array_agg(fr) AS fr
      FROM (SELECT project_id, topic_id, agent_key, day, hr, sum(sign)::int AS n, sum(e)::int AS e, sum(up)::int AS up, sum(down)::int AS down,
                   sum(fr)::int AS fr
            FROM y GROUP BY 1, 2, 3, 4, 5) z
      GROUP BY 1, 2, 3, 4) h USING (project_id, topic_id, agent_key, day)
WHERE d.project_id = x.project_id AND d.topic_id = x.topic_id AND d.agent_key = x.agent_key AND d.day = x.day
$q$, src)
$fn$;

DO $do$
DECLARE
  cols CONSTANT text := 'project_id, topic_id, agent_key, start_time, session_id, user_id, errored, feedback_score, frustrated';
  -- A re-clustering rewrites every run it read; only those whose counted columns changed move.
  changed CONSTANT text := '(n.topic_id, n.agent_key, n.start_time, n.session_id, n.user_id, n.errored, n.feedback_score, n.frustrated) '
    || 'IS DISTINCT FROM (o.topic_id, o.agent_key, o.start_time, o.session_id, o.user_id, o.errored, o.feedback_score, o.frustrated)';
BEGIN
  EXECUTE format('CREATE FUNCTION sightline_topic_days_insert() RETURNS trigger LANGUAGE plpgsql AS %L',
    'BEGIN ' || sightline_topic_days_sql('SELECT ' || cols || ', 1 AS sign FROM new_rows') || '; RETURN NULL; END');
  EXECUTE format('CREATE FUNCTION sightline_topic_days_delete() RETURNS trigger LANGUAGE plpgsql AS %L',
    'BEGIN IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF; '
      || sightline_topic_days_sql('SELECT ' || cols || ', -1 AS sign FROM old_rows') || '; RETURN NULL; END');
  EXECUTE format('CREATE FUNCTION sightline_topic_days_update() RETURNS trigger LANGUAGE plpgsql AS %L',
    'BEGIN IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o USING (project_id, run_id) WHERE ' || changed || ') '
      || 'THEN RETURN NULL; END IF; '
      || sightline_topic_days_sql(
           'SELECT n.project_id, n.topic_id, n.agent_key, n.start_time, n.session_id, n.user_id, n.errored, n.feedback_score, n.frustrated, 1 AS sign '
        || 'FROM new_rows n JOIN old_rows o USING (project_id, run_id) WHERE ' || changed
        || ' UNION ALL SELECT o.project_id, o.topic_id, o.agent_key, o.start_time, o.session_id, o.user_id, o.errored, o.feedback_score, o.frustrated, -1 '
        || 'FROM new_rows n JOIN old_rows o USING (project_id, run_id) WHERE ' || changed)
      || '; RETURN NULL; END');
END
$do$;

CREATE TRIGGER run_topics_days_insert AFTER INSERT ON run_topics REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_topic_days_insert();
CREATE TRIGGER run_topics_days_delete AFTER DELETE ON run_topics REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_topic_days_delete();
CREATE TRIGGER run_topics_days_update AFTER UPDATE ON run_topics REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_topic_days_update();

-- Rebuilds days from run_topics (stale ones, and the backfill below): exact counts, fresh sketches.
CREATE FUNCTION sightline_topic_days_rebuild_sql(keys text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
INSERT INTO topic_days AS d (project_id, topic_id, agent_key, day, runs, errors, thumbs_up, thumbs_down, frustrated, sessions, users, stale)
SELECT k.project_id, k.topic_id, k.agent_key, k.day,
       sightline_add_hours(NULL, h.hrs, h.n), sightline_add_hours(NULL, h.hrs, h.e), sightline_add_hours(NULL, h.hrs, h.up),
       sightline_add_hours(NULL, h.hrs, h.down), sightline_add_hours(NULL, h.hrs, h.fr),
       sightline_hll_add(NULL, h.sessions), sightline_hll_add(NULL, h.users), false
FROM (%1$s) k(project_id, topic_id, agent_key, day)
CROSS JOIN LATERAL (
  SELECT array_agg(hr) AS hrs, array_agg(n) AS n, array_agg(e) AS e, array_agg(up) AS up, array_agg(down) AS down, array_agg(fr) AS fr,
         (SELECT array_agg(DISTINCT sightline_hll_slot(rt.session_id)) FROM run_topics rt
          WHERE rt.project_id = k.project_id AND rt.topic_id = k.topic_id AND rt.agent_key = k.agent_key
            AND rt.start_time >= k.day AND rt.start_time < k.day + interval '1 day' AND rt.session_id IS NOT NULL) AS sessions,
         (SELECT array_agg(DISTINCT sightline_hll_slot(rt.user_id)) FROM run_topics rt
          WHERE rt.project_id = k.project_id AND rt.topic_id = k.topic_id AND rt.agent_key = k.agent_key
            AND rt.start_time >= k.day AND rt.start_time < k.day + interval '1 day' AND rt.user_id IS NOT NULL) AS users
  FROM (SELECT extract(hour FROM rt.start_time AT TIME ZONE 'UTC')::int AS hr, count(*)::int AS n, count(*) FILTER (WHERE rt.errored)::int AS e,
               count(*) FILTER (WHERE rt.feedback_score = 1)::int AS up, count(*) FILTER (WHERE rt.feedback_score = -1)::int AS down,
               count(*) FILTER (WHERE rt.frustrated)::int AS fr
        FROM run_topics rt
        WHERE rt.project_id = k.project_id AND rt.topic_id = k.topic_id AND rt.agent_key = k.agent_key
          AND rt.start_time >= k.day AND rt.start_time < k.day + interval '1 day'
        GROUP BY 1) z
) h
ORDER BY k.project_id, k.topic_id, k.agent_key, k.day
ON CONFLICT (project_id, topic_id, agent_key, day) DO UPDATE SET
  runs = excluded.runs, errors = excluded.errors, thumbs_up = excluded.thumbs_up, thumbs_down = excluded.thumbs_down,
  frustrated = excluded.frustrated, sessions = excluded.sessions, users = excluded.users, stale = false
$q$, keys)
$fn$;

-- The topic assignments stored before this migration.
DO $$ BEGIN
  EXECUTE sightline_topic_days_rebuild_sql($k$
    SELECT DISTINCT project_id, topic_id, agent_key, date_trunc('day', start_time, 'UTC') FROM run_topics$k$);
END $$;

-- Called by the engine (lib/server/insights/topic-days.ts) with the stale days it has locked.
CREATE FUNCTION sightline_topic_days_rebuild(keys jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE sightline_topic_days_rebuild_sql(
    'SELECT project_id, topic_id, agent_key, day FROM jsonb_to_recordset($1) AS k(project_id text, topic_id text, agent_key text, day timestamptz)')
  USING keys;
END
$$;
