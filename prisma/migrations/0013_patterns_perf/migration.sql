-- CreateTable
CREATE TABLE "pattern_days" (
    "project_id" TEXT NOT NULL,
    "pattern_id" TEXT NOT NULL,
    "agent_key" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "sessions" BYTEA NOT NULL,
    "users" BYTEA NOT NULL,
    "stale" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "pattern_days_pkey" PRIMARY KEY ("project_id","pattern_id","agent_key","day")
);

-- CreateIndex
CREATE INDEX "pattern_days_stale_idx" ON "pattern_days"("project_id");


-- Hand-written (the schema's generator could not run offline; the table above is what it writes).
-- The index Prisma cannot express: only stale days, which the engine rebuilds.
DROP INDEX "pattern_days_stale_idx";
CREATE INDEX "pattern_days_stale_idx" ON "pattern_days"("project_id") WHERE "stale";

-- HyperLogLog with 2^11 one-byte registers (standard error 2.3%). A value's slot is
-- register * 64 + rank: the register from the top 11 bits of its 64-bit hash, the rank (1-54) the
-- position of the first 1 in the remaining 53 bits. lib/server/data/pattern-sketch.ts merges the
-- registers and estimates; both must agree on these constants.
-- One expression (no FROM), so the planner inlines it into the query instead of calling it per row.
CREATE FUNCTION sightline_hll_slot(v text) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ((hashtextextended(v, 0) >> 53) & 2047)::int * 64
       + COALESCE(NULLIF(position(B'1' IN (hashtextextended(v, 0) & 9007199254740991)::bit(64)), 0) - 11, 54)
$$;

CREATE FUNCTION sightline_hll_empty() RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT decode(repeat('00', 2048), 'hex') $$;

-- Raises registers to the ranks of `slots` (a slot per value; the highest rank of a register wins).
CREATE FUNCTION sightline_hll_add(regs bytea, slots int[]) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  r bytea := COALESCE(regs, sightline_hll_empty());
  s int;
BEGIN
  IF slots IS NULL THEN RETURN r; END IF;
  FOREACH s IN ARRAY slots LOOP
    IF s IS NOT NULL AND get_byte(r, s >> 6) < (s & 63) THEN r := set_byte(r, s >> 6, s & 63); END IF;
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
CREATE FUNCTION sightline_pattern_days_sql(src text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
INSERT INTO pattern_days AS d (project_id, pattern_id, agent_key, day, sessions, users)
SELECT DISTINCT s.project_id, s.pattern_id, a.agent_key, date_trunc('day', s.start_time, 'UTC'), sightline_hll_empty(), sightline_hll_empty()
FROM (%1$s) s CROSS JOIN LATERAL (VALUES (COALESCE(s.agent_id, '')), ('*')) AS a(agent_key)
ORDER BY 1, 2, 3, 4
ON CONFLICT (project_id, pattern_id, agent_key, day) DO UPDATE SET runs = d.runs;
UPDATE pattern_days d SET
  runs = d.runs + x.n,
  sessions = sightline_hll_add(d.sessions, x.sessions),
  users = sightline_hll_add(d.users, x.users),
  stale = d.stale OR x.gone
FROM (SELECT project_id, pattern_id, agent_key, day, sum(sign)::int AS n,
             array_agg(DISTINCT sightline_hll_slot(session_id)) FILTER (WHERE sign > 0 AND session_id IS NOT NULL) AS sessions,
             array_agg(DISTINCT sightline_hll_slot(user_id)) FILTER (WHERE sign > 0 AND user_id IS NOT NULL) AS users,
             bool_or(sign < 0) AS gone
      FROM (SELECT s.project_id, s.pattern_id, a.agent_key, date_trunc('day', s.start_time, 'UTC') AS day, s.session_id, s.user_id, s.sign
            FROM (%1$s) s CROSS JOIN LATERAL (VALUES (COALESCE(s.agent_id, '')), ('*')) AS a(agent_key)) y
      GROUP BY project_id, pattern_id, agent_key, day) x
WHERE d.project_id = x.project_id AND d.pattern_id = x.pattern_id AND d.agent_key = x.agent_key AND d.day = x.day
$q$, src)
$fn$;

DO $do$
DECLARE
  cols CONSTANT text := 'project_id, pattern_id, agent_id, start_time, session_id, user_id';
BEGIN
  EXECUTE format('CREATE FUNCTION sightline_pattern_days_insert() RETURNS trigger LANGUAGE plpgsql AS %L',
    'BEGIN ' || sightline_pattern_days_sql('SELECT ' || cols || ', 1 AS sign FROM new_rows') || '; RETURN NULL; END');
  EXECUTE format('CREATE FUNCTION sightline_pattern_days_delete() RETURNS trigger LANGUAGE plpgsql AS %L',
    -- The engine's delete of a batch's gone matches usually deletes nothing.
    'BEGIN IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF; '
      || sightline_pattern_days_sql('SELECT ' || cols || ', -1 AS sign FROM old_rows') || '; RETURN NULL; END');
  -- An update (a run found again: new evidence) moves nothing unless its start time, agent,
  -- session or user changed; only those rows are taken out of their old day and put in the new.
  EXECUTE format('CREATE FUNCTION sightline_pattern_days_update() RETURNS trigger LANGUAGE plpgsql AS %L',
    'BEGIN IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o USING (project_id, pattern_id, run_id) '
      || 'WHERE (n.start_time, n.agent_id, n.session_id, n.user_id) IS DISTINCT FROM (o.start_time, o.agent_id, o.session_id, o.user_id)) '
      || 'THEN RETURN NULL; END IF; '
      || sightline_pattern_days_sql('SELECT ' || cols || ', 1 AS sign FROM new_rows UNION ALL SELECT ' || cols || ', -1 FROM old_rows')
      || '; RETURN NULL; END');
END
$do$;

CREATE TRIGGER run_patterns_days_insert AFTER INSERT ON run_patterns REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_pattern_days_insert();
CREATE TRIGGER run_patterns_days_delete AFTER DELETE ON run_patterns REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_pattern_days_delete();
CREATE TRIGGER run_patterns_days_update AFTER UPDATE ON run_patterns REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_pattern_days_update();

-- Rebuilds days from their matches (stale ones, and the backfill below): exact runs, fresh sketches.
CREATE FUNCTION sightline_pattern_days_rebuild_sql(keys text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
INSERT INTO pattern_days AS d (project_id, pattern_id, agent_key, day, runs, sessions, users, stale)
SELECT k.project_id, k.pattern_id, k.agent_key, k.day, count(rp.run_id)::int,
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
  runs = excluded.runs, sessions = excluded.sessions, users = excluded.users, stale = false
$q$, keys)
$fn$;

-- The matches stored before this migration.
DO $$ BEGIN
  EXECUTE sightline_pattern_days_rebuild_sql($k$
    SELECT DISTINCT project_id, pattern_id, a.agent_key, date_trunc('day', start_time, 'UTC')
    FROM run_patterns CROSS JOIN LATERAL (VALUES (COALESCE(agent_id, '')), ('*')) AS a(agent_key)$k$);
END $$;

-- Called by the engine (lib/server/insights/pattern-days.ts) with the stale days it has locked.
CREATE FUNCTION sightline_pattern_days_rebuild(keys jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE sightline_pattern_days_rebuild_sql(
    'SELECT project_id, pattern_id, agent_key, day FROM jsonb_to_recordset($1) AS k(project_id text, pattern_id text, agent_key text, day timestamptz)')
  USING keys;
END
$$;
