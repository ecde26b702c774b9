-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "failure_signature" TEXT;

-- AlterTable
ALTER TABLE "steps" ADD COLUMN     "failure_signature" TEXT;

-- AlterTable
ALTER TABLE "tool_calls" ADD COLUMN     "failure_signature" TEXT;

-- CreateTable
CREATE TABLE "failure_groups" (
    "project_id" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "tool" TEXT,
    "category" TEXT NOT NULL,
    "error_class" TEXT,
    "code" TEXT,
    "template" TEXT NOT NULL,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "failure_groups_pkey" PRIMARY KEY ("project_id","signature")
);

-- CreateTable
CREATE TABLE "failure_occurrences" (
    "project_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "start_time" TIMESTAMPTZ(3) NOT NULL,
    "agent_id" TEXT,
    "user_id" TEXT,
    "org_id" TEXT,
    "message" TEXT NOT NULL,

    CONSTRAINT "failure_occurrences_pkey" PRIMARY KEY ("project_id","run_id","kind","item_id")
);

-- CreateTable
CREATE TABLE "rollup_failures" (
    "project_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "occurrences" INTEGER NOT NULL,
    "runs" INTEGER NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "rollup_failures_daily" (
    "project_id" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "occurrences" INTEGER NOT NULL,
    "runs" INTEGER NOT NULL,
    "compacted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateIndex
CREATE INDEX "rollup_failures_key_idx" ON "rollup_failures"("project_id", "hour", "agent_key", "signature");

-- CreateIndex
CREATE INDEX "rollup_failures_daily_key_idx" ON "rollup_failures_daily"("project_id", "day", "agent_key", "signature");


-- Hand-written (docs/failures.md).

-- Window scans (the window's partial hours, filtered groups, distinct users of a page of groups)
-- read the occurrences of a time range without visiting the heap.
CREATE INDEX "failure_occurrences_time_idx" ON "failure_occurrences"("project_id", "start_time", "signature") INCLUDE ("run_id", "user_id", "agent_id");

-- One group: its runs (failure=<signature>), first/last seen, variants and distinct users, read
-- without visiting the heap.
CREATE INDEX "failure_occurrences_signature_idx" ON "failure_occurrences"("project_id", "signature", "start_time" DESC, "run_id") INCLUDE ("user_id", "agent_id");

-- Compaction finds the fresh (uncompacted) rows of a project through these.
CREATE INDEX "rollup_failures_fresh_idx" ON "rollup_failures"("project_id") WHERE NOT "compacted";
CREATE INDEX "rollup_failures_daily_fresh_idx" ON "rollup_failures_daily"("project_id") WHERE NOT "compacted";

-- The backfill's work list: failed rows stored before this migration (or by an older server)
-- that have no signature yet. Empty once the backfill is done, so they cost nothing afterwards.
CREATE INDEX "runs_unsigned_failures_idx" ON "runs"("project_id", "id") WHERE "status" = 2 AND "failure_signature" IS NULL;
CREATE INDEX "steps_unsigned_failures_idx" ON "steps"("project_id", "run_id", "id") WHERE "status" = 2 AND "failure_signature" IS NULL;
CREATE INDEX "tool_calls_unsigned_failures_idx" ON "tool_calls"("project_id", "run_id", "id") WHERE "status" = 2 AND "failure_signature" IS NULL;

-- The line of an error message an occurrence shows among its group's variants: the exception
-- line of a Python traceback (its last unindented line), else the first non-blank line,
-- whitespace collapsed, at most 300 characters. The SQL twin of firstLine()
-- (lib/insights/failures/parameterize.ts), run only on failed items.
CREATE FUNCTION sightline_failure_line(msg text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(NULLIF(left(btrim(regexp_replace(COALESCE(
    CASE WHEN strpos(m, 'Traceback (most recent call last)') > 0 THEN
      (SELECT l FROM regexp_split_to_table(m, E'\r?\n') WITH ORDINALITY AS t(l, n)
       WHERE l ~ '^\S' AND l !~ '^(Traceback|During handling|The above exception)' ORDER BY n DESC LIMIT 1)
    END,
    substring(m FROM '\S[^\n]*'), ''), '\s+', ' ', 'g')), 300), ''), '(no error message)')
  FROM (SELECT left(COALESCE(msg, ''), 20000) AS m) x
$$;
