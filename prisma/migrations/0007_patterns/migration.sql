-- CreateTable
CREATE TABLE "insight_queue" (
    "seq" BIGSERIAL NOT NULL,
    "project_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "reason" TEXT NOT NULL DEFAULT 'run',
    "lease_id" TEXT,
    "leased_until" TIMESTAMPTZ(3),

    CONSTRAINT "insight_queue_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "patterns" (
    "project_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "scope" TEXT NOT NULL DEFAULT 'conversational',
    "agent_id" TEXT,
    "rule" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "patterns_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateTable
CREATE TABLE "run_patterns" (
    "project_id" TEXT NOT NULL,
    "pattern_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "start_time" TIMESTAMPTZ(3) NOT NULL,
    "agent_id" TEXT,
    "session_id" TEXT,
    "user_id" TEXT,
    "evidence" JSONB NOT NULL,
    "explanation" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_patterns_pkey" PRIMARY KEY ("project_id","pattern_id","run_id")
);

-- CreateTable
CREATE TABLE "run_insights" (
    "project_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "analyzed_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "run_insights_pkey" PRIMARY KEY ("project_id","run_id")
);

-- CreateTable
CREATE TABLE "insight_state" (
    "project_id" TEXT NOT NULL,
    "last_analyzed_at" TIMESTAMPTZ(3),
    "analyzed_runs" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "insight_state_pkey" PRIMARY KEY ("project_id")
);

-- CreateTable
CREATE TABLE "insight_sessions" (
    "project_id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "insight_sessions_pkey" PRIMARY KEY ("project_id","session_id")
);

-- CreateTable
CREATE TABLE "insight_errors" (
    "id" BIGSERIAL NOT NULL,
    "project_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "run_id" TEXT,
    "pattern_id" TEXT,
    "message" TEXT NOT NULL,

    CONSTRAINT "insight_errors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pattern_backfills" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "pattern_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "from_time" TIMESTAMPTZ(3) NOT NULL,
    "to_time" TIMESTAMPTZ(3) NOT NULL,
    "cursor_time" TIMESTAMPTZ(3),
    "cursor_id" TEXT,
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'running',
    "error" TEXT,
    "leased_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pattern_backfills_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "insight_queue_run_idx" ON "insight_queue"("project_id", "run_id");

-- CreateIndex
CREATE INDEX "run_patterns_time_idx" ON "run_patterns"("project_id", "pattern_id", "start_time" DESC, "run_id" DESC);

-- CreateIndex
CREATE INDEX "run_patterns_run_idx" ON "run_patterns"("project_id", "run_id");

-- CreateIndex
CREATE INDEX "insight_sessions_due_idx" ON "insight_sessions"("due_at");

-- CreateIndex
CREATE INDEX "insight_errors_time_idx" ON "insight_errors"("project_id", "at" DESC);

-- CreateIndex
CREATE INDEX "pattern_backfills_pattern_idx" ON "pattern_backfills"("project_id", "pattern_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "pattern_backfills_status_idx" ON "pattern_backfills"("status");


-- Hand-written: every inserted or updated run (ingestion, feedback, any later write) is queued for
-- the insight engine. Plain appends with no unique key, so a write never waits for a worker that
-- holds queue rows; a run updated while it is being analysed gets a new row and is analysed again.
-- Placeholders (children that arrived before their run) wait for the run itself.
CREATE FUNCTION sightline_runs_enqueue_insights() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO insight_queue (project_id, run_id) SELECT project_id, id FROM new_rows WHERE NOT placeholder;
  RETURN NULL;
END
$$;
CREATE TRIGGER runs_insights_insert AFTER INSERT ON runs REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_runs_enqueue_insights();
CREATE TRIGGER runs_insights_update AFTER UPDATE ON runs REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_runs_enqueue_insights();

-- A deleted run (retention, project deletion) takes its results with it.
CREATE FUNCTION sightline_runs_forget_insights() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM run_patterns rp USING old_rows o WHERE rp.project_id = o.project_id AND rp.run_id = o.id;
  DELETE FROM run_insights ri USING old_rows o WHERE ri.project_id = o.project_id AND ri.run_id = o.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER runs_insights_delete AFTER DELETE ON runs REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_runs_forget_insights();

-- Runs stored before this migration: the last 30 days are analysed by the engine after start-up,
-- newest first; older runs can be analysed with a backfill.
INSERT INTO insight_queue (project_id, run_id)
SELECT project_id, id FROM runs WHERE NOT placeholder AND start_time > now() - interval '30 days' ORDER BY start_time DESC;
