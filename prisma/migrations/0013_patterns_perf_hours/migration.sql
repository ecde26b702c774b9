-- pattern_days also keeps its runs per UTC hour of the day, so that the partial days at a window's
-- edges are read from it (whole hours) and only the partial hours from run_patterns.
ALTER TABLE "pattern_days" ADD COLUMN "hours" INTEGER[] NOT NULL DEFAULT ARRAY[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]::INTEGER[];

-- Adds ns[i] runs to hour hrs[i] (0-23) of a day's runs per hour.
CREATE FUNCTION sightline_add_hours(hours int[], hrs int[], ns int[]) RETURNS int[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  r int[] := COALESCE(hours, array_fill(0, ARRAY[24]));
  i int;
BEGIN
  IF hrs IS NULL THEN RETURN r; END IF;
  FOR i IN 1 .. array_length(hrs, 1) LOOP
    r[hrs[i] + 1] := r[hrs[i] + 1] + ns[i];
  END LOOP;
  RETURN r;
END
$$;

-- The rows of `src` (project_id, pattern_id, agent_id, start_time, session_id, user_id, sign) per
-- pattern, agent (and all agents, '*') and day: runs added up with their sign, the sessions and
-- users of the added rows raised in the sketches, and days rows left marked stale (their sketches
-- may still count what left). Two statements: the first creates missing days and locks the days
-- in key order (so two writers never wait on each other in a cycle), the second adds to them
-- (a sketch takes only the batch's slots, never a register-by-register merge).
CREATE OR REPLACE FUNCTION sightline_pattern_days_sql(src text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
INSERT INTO pattern_days AS d (project_id, pattern_id, agent_key, day, sessions, users)
SELECT DISTINCT s.project_id, s.pattern_id, a.agent_key, date_trunc('day', s.start_time, 'UTC'), sightline_hll_empty(), sightline_hll_empty()
FROM (%1$s) s CROSS JOIN LATERAL (VALUES (COALESCE(s.agent_id, '')), ('*')) AS a(agent_key)
ORDER BY 1, 2, 3, 4
ON CONFLICT (project_id, pattern_id, agent_key, day) DO UPDATE SET runs = d.runs;
WITH y AS (
  SELECT s.project_id, s.pattern_id, a.agent_key, date_trunc('day', s.start_time, 'UTC') AS day,
         extract(hour FROM s.start_time AT TIME ZONE 'UTC')::int AS hr, s.session_id, s.user_id, s.sign
  FROM (%1$s) s CROSS JOIN LATERAL (VALUES (COALESCE(s.agent_id, '')), ('*')) AS a(agent_key))
UPDATE pattern_days d SET
  runs = d.runs + x.n,
  hours = sightline_add_hours(d.hours, h.hrs, h.ns),
  sessions = sightline_hll_add(d.sessions, x.sessions),
  users = sightline_hll_add(d.users, x.users),
  stale = d.stale OR x.gone
FROM (SELECT project_id, pattern_id, agent_key, day, sum(sign)::int AS n,
             array_agg(DISTINCT sightline_hll_slot(session_id)) FILTER (WHERE sign > 0 AND session_id IS NOT NULL) AS sessions,
             array_agg(DISTINCT sightline_hll_slot(user_id)) FILTER (WHERE sign > 0 AND user_id IS NOT NULL) AS users,
             bool_or(sign < 0) AS gone
      FROM y GROUP BY project_id, pattern_id, agent_key, day) x
JOIN (SELECT project_id, pattern_id, agent_key, day, array_agg(hr) AS hrs, array_agg(n) AS ns
      FROM (SELECT project_id, pattern_id, agent_key, day, hr, sum(sign)::int AS n FROM y GROUP BY 1, 2, 3, 4, 5) z
      GROUP BY 1, 2, 3, 4) h USING (project_id, pattern_id, agent_key, day)
WHERE d.project_id = x.project_id AND d.pattern_id = x.pattern_id AND d.agent_key = x.agent_key AND d.day = x.day
$q$, src)
$fn$;

-- The trigger functions again, from the new statement (they embed its text).
DO $do$
DECLARE
  cols CONSTANT text := 'project_id, pattern_id, agent_id, start_time, session_id, user_id';
BEGIN
  EXECUTE format('CREATE OR REPLACE FUNCTION sightline_pattern_days_insert() RETURNS trigger LANGUAGE plpgsql AS %L',
    'BEGIN ' || sightline_pattern_days_sql('SELECT ' || cols || ', 1 AS sign FROM new_rows') || '; RETURN NULL; END');
  EXECUTE format('CREATE OR REPLACE FUNCTION sightline_pattern_days_delete() RETURNS trigger LANGUAGE plpgsql AS %L',
    -- The engine's delete of a batch's gone matches usually deletes nothing.
    'BEGIN IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF; '
      || sightline_pattern_days_sql('SELECT ' || cols || ', -1 AS sign FROM old_rows') || '; RETURN NULL; END');
  -- An update (a run found again: new evidence) moves nothing unless its start time, agent,
  -- session or user changed; only those rows are taken out of their old day and put in the new.
  EXECUTE format('CREATE OR REPLACE FUNCTION sightline_pattern_days_update() RETURNS trigger LANGUAGE plpgsql AS %L',
    'BEGIN IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o USING (project_id, pattern_id, run_id) '
      || 'WHERE (n.start_time, n.agent_id, n.session_id, n.user_id) IS DISTINCT FROM (o.start_time, o.agent_id, o.session_id, o.user_id)) '
      || 'THEN RETURN NULL; END IF; '
      || sightline_pattern_days_sql('SELECT ' || cols || ', 1 AS sign FROM new_rows UNION ALL SELECT ' || cols || ', -1 FROM old_rows')
      || '; RETURN NULL; END');
END
$do$;

-- Rebuilds days from their matches (stale ones, and the backfill below): exact runs, fresh sketches.
CREATE OR REPLACE FUNCTION sightline_pattern_days_rebuild_sql(keys text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
INSERT INTO pattern_days AS d (project_id, pattern_id, agent_key, day, runs, hours, sessions, users, stale)
SELECT k.project_id, k.pattern_id, k.agent_key, k.day, count(rp.run_id)::int,
       sightline_add_hours(NULL, array_agg(extract(hour FROM rp.start_time AT TIME ZONE 'UTC')::int) FILTER (WHERE rp.run_id IS NOT NULL),
         array_agg(1) FILTER (WHERE rp.run_id IS NOT NULL)),
       sightline_hll_add(NULL, array_agg(DISTINCT sightline_hll_slot(rp.session_id)) FILTER (WHERE rp.session_id IS NOT NULL)),
       sightline_hll_add(NULL, array_agg(DISTINCT sightline_hll_slot(rp.user_id)) FILTER (WHERE rp.user_id IS NOT NULL)),
       false
FROM (%1$s) k(project_id, pattern_id, agent_key, day)
LEFT JOIN run_patterns rp ON rp.project_id = k.project_id AND rp.pattern_id = k.pattern_id
  AND rp.start_time >= k.day AND rp.start_time < k.day + interval '1 day'
  AND (k.agent_key = '*' OR COALESCE(rp.agent_id, '') = k.agent_key)
GROUP BY k.project_id, k.pattern_id, k.agent_key, k.day
ORDER BY k.project_id, k.pattern_id, k.agent_key, k.day
ON CONFLICT (project_id, pattern_id, agent_key, day) DO UPDATE SET
  runs = excluded.runs, hours = excluded.hours, sessions = excluded.sessions, users = excluded.users, stale = false
$q$, keys)
$fn$;

-- The hours of the days already kept.
DO $$ BEGIN
  EXECUTE sightline_pattern_days_rebuild_sql('SELECT project_id, pattern_id, agent_key, day FROM pattern_days');
END $$;
