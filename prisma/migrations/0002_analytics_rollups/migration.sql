-- CreateTable
CREATE TABLE "rollup_hourly" (
    "project_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "runs" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "thumbs_up" INTEGER NOT NULL,
    "thumbs_down" INTEGER NOT NULL,
    "input_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "cached_tokens" BIGINT NOT NULL,
    "cost_usd" DECIMAL(24,12) NOT NULL,
    "duration_count" INTEGER NOT NULL,
    "duration_sum_ms" BIGINT NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "rollup_latency" (
    "project_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "runs" INTEGER NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "rollup_users" (
    "project_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "runs" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "thumbs_up" INTEGER NOT NULL,
    "thumbs_down" INTEGER NOT NULL,
    "input_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "cost_usd" DECIMAL(24,12) NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "rollup_orgs" (
    "project_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "runs" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "thumbs_up" INTEGER NOT NULL,
    "thumbs_down" INTEGER NOT NULL,
    "input_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "cost_usd" DECIMAL(24,12) NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "rollup_models" (
    "project_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "runs" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "input_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "cost_usd" DECIMAL(24,12) NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "rollup_daily" (
    "project_id" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "runs" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "thumbs_up" INTEGER NOT NULL,
    "thumbs_down" INTEGER NOT NULL,
    "input_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "cached_tokens" BIGINT NOT NULL,
    "cost_usd" DECIMAL(24,12) NOT NULL,
    "duration_count" INTEGER NOT NULL,
    "duration_sum_ms" BIGINT NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "rollup_latency_daily" (
    "project_id" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "runs" INTEGER NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "rollup_users_daily" (
    "project_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "runs" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "thumbs_up" INTEGER NOT NULL,
    "thumbs_down" INTEGER NOT NULL,
    "input_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "cost_usd" DECIMAL(24,12) NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "rollup_orgs_daily" (
    "project_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "runs" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "thumbs_up" INTEGER NOT NULL,
    "thumbs_down" INTEGER NOT NULL,
    "input_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "cost_usd" DECIMAL(24,12) NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "rollup_models_daily" (
    "project_id" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "runs" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "input_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "cost_usd" DECIMAL(24,12) NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateIndex
CREATE INDEX "rollup_hourly_key_idx" ON "rollup_hourly"("project_id", "hour", "agent_key");

-- CreateIndex
CREATE INDEX "rollup_latency_key_idx" ON "rollup_latency"("project_id", "hour", "agent_key", "bucket");

-- CreateIndex
CREATE INDEX "rollup_users_key_idx" ON "rollup_users"("project_id", "user_id", "hour", "agent_key");

-- CreateIndex
CREATE INDEX "rollup_users_hour_idx" ON "rollup_users"("project_id", "hour");

-- CreateIndex
CREATE INDEX "rollup_orgs_key_idx" ON "rollup_orgs"("project_id", "org_id", "hour", "agent_key");

-- CreateIndex
CREATE INDEX "rollup_orgs_hour_idx" ON "rollup_orgs"("project_id", "hour");

-- CreateIndex
CREATE INDEX "rollup_models_key_idx" ON "rollup_models"("project_id", "hour", "agent_key", "model");

-- CreateIndex
CREATE INDEX "rollup_daily_key_idx" ON "rollup_daily"("project_id", "day", "agent_key");

-- CreateIndex
CREATE INDEX "rollup_daily_latency_key_idx" ON "rollup_latency_daily"("project_id", "day", "agent_key", "bucket");

-- CreateIndex
CREATE INDEX "rollup_daily_users_key_idx" ON "rollup_users_daily"("project_id", "user_id", "day", "agent_key");

-- CreateIndex
CREATE INDEX "rollup_daily_users_day_idx" ON "rollup_users_daily"("project_id", "day");

-- CreateIndex
CREATE INDEX "rollup_daily_orgs_key_idx" ON "rollup_orgs_daily"("project_id", "org_id", "day", "agent_key");

-- CreateIndex
CREATE INDEX "rollup_daily_orgs_day_idx" ON "rollup_orgs_daily"("project_id", "day");

-- CreateIndex
CREATE INDEX "rollup_daily_models_key_idx" ON "rollup_models_daily"("project_id", "day", "agent_key", "model");


-- Hand-written: how the rollup tables above are maintained (see lib/server/rollups.ts).
--
-- A statement-level trigger on runs turns every INSERT, UPDATE and DELETE into signed deltas
-- (+1 for each new row version, -1 for each old one), grouped per rollup key and appended as
-- uncompacted rows. Appending never blocks concurrent writers (no hot row, no unique key), works
-- for every code path that writes runs (ingestion, feedback, deletion), and a retried payload
-- that changes nothing cancels out to no row at all. Readers sum all rows of a key.

-- Latency histogram bucket: 0 below 1 ms, then log buckets of ratio 1.1 (bucket b covers
-- [1.1^(b-1), 1.1^b) ms), so a percentile read from the histogram is within 5% of the exact value.
CREATE FUNCTION sightline_latency_bucket(ms integer) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN ms IS NULL THEN NULL WHEN ms < 1 THEN 0 ELSE (1 + floor(ln(ms::float8) / ln(1.1::float8)))::smallint END
$$;

-- The delta SQL for a source query yielding (sign, <run columns>): every rollup per hour and per
-- UTC day. One definition serves the trigger and the backfill below. Rows are written in time
-- order so rows of the same hours share pages (window scans read few pages), as they do when
-- ingestion appends them over time.
CREATE FUNCTION sightline_rollup_sql(src text, is_compacted boolean) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
WITH d AS MATERIALIZED (
  SELECT project_id, date_trunc('hour', start_time, 'UTC') AS hour, date_trunc('day', start_time, 'UTC') AS day,
         COALESCE(agent_id, '') AS agent_key, user_id, org_id,
         sign AS n,
         CASE WHEN status = 2 THEN sign ELSE 0 END AS err,
         CASE WHEN feedback_score = 1 THEN sign ELSE 0 END AS up,
         CASE WHEN feedback_score = -1 THEN sign ELSE 0 END AS down,
         -- int4 (sum() of int4 is int8, much cheaper than the numeric sum() of int8).
         sign * input_tokens AS tin, sign * output_tokens AS tout, sign * cached_tokens AS tcached,
         sign * COALESCE(round(cost_usd::numeric, 12), 0) AS cost,
         CASE WHEN duration_ms IS NULL THEN 0 ELSE sign END AS dn,
         sign * COALESCE(duration_ms, 0) AS dsum,
         duration_ms, models
  FROM (%1$s) s),
h AS (
  INSERT INTO rollup_hourly (project_id, hour, agent_key, runs, errors, thumbs_up, thumbs_down, input_tokens, output_tokens,
                             cached_tokens, cost_usd, duration_count, duration_sum_ms, compacted)
  SELECT project_id, hour, agent_key, sum(n), sum(err), sum(up), sum(down), sum(tin), sum(tout), sum(tcached), sum(cost),
         sum(dn), sum(dsum), %2$L
  FROM d GROUP BY project_id, hour, agent_key
  HAVING sum(n) <> 0 OR sum(err) <> 0 OR sum(up) <> 0 OR sum(down) <> 0 OR sum(tin) <> 0 OR sum(tout) <> 0
      OR sum(tcached) <> 0 OR sum(cost) <> 0 OR sum(dn) <> 0 OR sum(dsum) <> 0
  ORDER BY hour),
l AS (
  INSERT INTO rollup_latency (project_id, hour, agent_key, bucket, runs, compacted)
  SELECT project_id, hour, agent_key, sightline_latency_bucket(duration_ms), sum(n), %2$L
  FROM d WHERE duration_ms IS NOT NULL
  GROUP BY project_id, hour, agent_key, sightline_latency_bucket(duration_ms) HAVING sum(n) <> 0 ORDER BY hour),
u AS (
  INSERT INTO rollup_users (project_id, user_id, hour, agent_key, runs, errors, thumbs_up, thumbs_down, input_tokens,
                            output_tokens, cost_usd, compacted)
  SELECT project_id, user_id, hour, agent_key, sum(n), sum(err), sum(up), sum(down), sum(tin), sum(tout), sum(cost), %2$L
  FROM d WHERE user_id IS NOT NULL GROUP BY project_id, user_id, hour, agent_key
  HAVING sum(n) <> 0 OR sum(err) <> 0 OR sum(up) <> 0 OR sum(down) <> 0 OR sum(tin) <> 0 OR sum(tout) <> 0 OR sum(cost) <> 0
  ORDER BY hour),
o AS (
  INSERT INTO rollup_orgs (project_id, org_id, hour, agent_key, runs, errors, thumbs_up, thumbs_down, input_tokens,
                           output_tokens, cost_usd, compacted)
  SELECT project_id, org_id, hour, agent_key, sum(n), sum(err), sum(up), sum(down), sum(tin), sum(tout), sum(cost), %2$L
  FROM d WHERE org_id IS NOT NULL GROUP BY project_id, org_id, hour, agent_key
  HAVING sum(n) <> 0 OR sum(err) <> 0 OR sum(up) <> 0 OR sum(down) <> 0 OR sum(tin) <> 0 OR sum(tout) <> 0 OR sum(cost) <> 0
  ORDER BY hour),
m AS (
  INSERT INTO rollup_models (project_id, hour, agent_key, model, runs, errors, input_tokens, output_tokens, cost_usd, compacted)
  SELECT project_id, hour, agent_key, model, sum(n), sum(err), sum(tin), sum(tout), sum(cost), %2$L
  FROM d CROSS JOIN LATERAL unnest(d.models) AS mm(model)
  GROUP BY project_id, hour, agent_key, model
  HAVING sum(n) <> 0 OR sum(err) <> 0 OR sum(tin) <> 0 OR sum(tout) <> 0 OR sum(cost) <> 0
  ORDER BY hour),
hd AS (
  INSERT INTO rollup_daily (project_id, day, agent_key, runs, errors, thumbs_up, thumbs_down, input_tokens, output_tokens,
                             cached_tokens, cost_usd, duration_count, duration_sum_ms, compacted)
  SELECT project_id, day, agent_key, sum(n), sum(err), sum(up), sum(down), sum(tin), sum(tout), sum(tcached), sum(cost),
         sum(dn), sum(dsum), %2$L
  FROM d GROUP BY project_id, day, agent_key
  HAVING sum(n) <> 0 OR sum(err) <> 0 OR sum(up) <> 0 OR sum(down) <> 0 OR sum(tin) <> 0 OR sum(tout) <> 0
      OR sum(tcached) <> 0 OR sum(cost) <> 0 OR sum(dn) <> 0 OR sum(dsum) <> 0
  ORDER BY day),
ld AS (
  INSERT INTO rollup_latency_daily (project_id, day, agent_key, bucket, runs, compacted)
  SELECT project_id, day, agent_key, sightline_latency_bucket(duration_ms), sum(n), %2$L
  FROM d WHERE duration_ms IS NOT NULL
  GROUP BY project_id, day, agent_key, sightline_latency_bucket(duration_ms) HAVING sum(n) <> 0 ORDER BY day),
ud AS (
  INSERT INTO rollup_users_daily (project_id, user_id, day, agent_key, runs, errors, thumbs_up, thumbs_down, input_tokens,
                            output_tokens, cost_usd, compacted)
  SELECT project_id, user_id, day, agent_key, sum(n), sum(err), sum(up), sum(down), sum(tin), sum(tout), sum(cost), %2$L
  FROM d WHERE user_id IS NOT NULL GROUP BY project_id, user_id, day, agent_key
  HAVING sum(n) <> 0 OR sum(err) <> 0 OR sum(up) <> 0 OR sum(down) <> 0 OR sum(tin) <> 0 OR sum(tout) <> 0 OR sum(cost) <> 0
  ORDER BY day),
od AS (
  INSERT INTO rollup_orgs_daily (project_id, org_id, day, agent_key, runs, errors, thumbs_up, thumbs_down, input_tokens,
                           output_tokens, cost_usd, compacted)
  SELECT project_id, org_id, day, agent_key, sum(n), sum(err), sum(up), sum(down), sum(tin), sum(tout), sum(cost), %2$L
  FROM d WHERE org_id IS NOT NULL GROUP BY project_id, org_id, day, agent_key
  HAVING sum(n) <> 0 OR sum(err) <> 0 OR sum(up) <> 0 OR sum(down) <> 0 OR sum(tin) <> 0 OR sum(tout) <> 0 OR sum(cost) <> 0
  ORDER BY day),
md AS (
  INSERT INTO rollup_models_daily (project_id, day, agent_key, model, runs, errors, input_tokens, output_tokens, cost_usd, compacted)
  SELECT project_id, day, agent_key, model, sum(n), sum(err), sum(tin), sum(tout), sum(cost), %2$L
  FROM d CROSS JOIN LATERAL unnest(d.models) AS mm(model)
  GROUP BY project_id, day, agent_key, model
  HAVING sum(n) <> 0 OR sum(err) <> 0 OR sum(tin) <> 0 OR sum(tout) <> 0 OR sum(cost) <> 0
  ORDER BY day)
SELECT 1
$q$, src, is_compacted)
$fn$;

-- Transition tables are only visible to statements run by the trigger function itself, so the
-- delta SQL is executed here rather than in a helper function.
CREATE FUNCTION sightline_runs_rollup() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  cols CONSTANT text := 'project_id, start_time, agent_id, user_id, org_id, status, duration_ms, input_tokens, '
                        'output_tokens, cached_tokens, cost_usd, feedback_score, models';
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE sightline_rollup_sql(format('SELECT 1 AS sign, %s FROM new_rows', cols), false);
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE sightline_rollup_sql(format('SELECT -1 AS sign, %s FROM old_rows', cols), false);
  ELSE
    EXECUTE sightline_rollup_sql(format('SELECT 1 AS sign, %1$s FROM new_rows UNION ALL SELECT -1, %1$s FROM old_rows', cols), false);
  END IF;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER runs_rollup_insert AFTER INSERT ON runs REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_runs_rollup();
CREATE TRIGGER runs_rollup_update AFTER UPDATE ON runs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_runs_rollup();
CREATE TRIGGER runs_rollup_delete AFTER DELETE ON runs REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_runs_rollup();

-- Compaction finds the fresh (uncompacted) rows of a project through these.
CREATE INDEX "rollup_hourly_fresh_idx" ON "rollup_hourly"("project_id") WHERE NOT "compacted";
CREATE INDEX "rollup_latency_fresh_idx" ON "rollup_latency"("project_id") WHERE NOT "compacted";
CREATE INDEX "rollup_users_fresh_idx" ON "rollup_users"("project_id") WHERE NOT "compacted";
CREATE INDEX "rollup_orgs_fresh_idx" ON "rollup_orgs"("project_id") WHERE NOT "compacted";
CREATE INDEX "rollup_models_fresh_idx" ON "rollup_models"("project_id") WHERE NOT "compacted";
CREATE INDEX "rollup_daily_fresh_idx" ON "rollup_daily"("project_id") WHERE NOT "compacted";
CREATE INDEX "rollup_latency_daily_fresh_idx" ON "rollup_latency_daily"("project_id") WHERE NOT "compacted";
CREATE INDEX "rollup_users_daily_fresh_idx" ON "rollup_users_daily"("project_id") WHERE NOT "compacted";
CREATE INDEX "rollup_orgs_daily_fresh_idx" ON "rollup_orgs_daily"("project_id") WHERE NOT "compacted";
CREATE INDEX "rollup_models_daily_fresh_idx" ON "rollup_models_daily"("project_id") WHERE NOT "compacted";

-- Backfill from the runs that already exist, as compacted rows (one per key).
DO $$ BEGIN
  EXECUTE sightline_rollup_sql('SELECT 1 AS sign, project_id, start_time, agent_id, user_id, org_id, status, duration_ms, '
    'input_tokens, output_tokens, cached_tokens, cost_usd, feedback_score, models FROM runs', true);
END $$;
