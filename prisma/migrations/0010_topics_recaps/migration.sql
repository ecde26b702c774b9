-- CreateTable
CREATE TABLE "topic_models" (
    "project_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "agent_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "window_from" TIMESTAMPTZ(3) NOT NULL,
    "window_to" TIMESTAMPTZ(3) NOT NULL,
    "doc_count" INTEGER NOT NULL,
    "sampled" INTEGER NOT NULL,
    "model" JSONB NOT NULL,

    CONSTRAINT "topic_models_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateTable
CREATE TABLE "topics" (
    "project_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "agent_key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "llm_label" TEXT,
    "keywords" TEXT[],
    "representative" TEXT NOT NULL,
    "centroid" JSONB NOT NULL,
    "size" INTEGER NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "topics_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateTable
CREATE TABLE "run_topics" (
    "project_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "topic_id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "similarity" DOUBLE PRECISION NOT NULL,
    "start_time" TIMESTAMPTZ(3) NOT NULL,
    "agent_key" TEXT NOT NULL,
    "session_id" TEXT,
    "user_id" TEXT,
    "errored" BOOLEAN NOT NULL,
    "feedback_score" SMALLINT,
    "frustrated" BOOLEAN NOT NULL,

    CONSTRAINT "run_topics_pkey" PRIMARY KEY ("project_id","run_id")
);

-- CreateTable
CREATE TABLE "topic_jobs" (
    "project_id" TEXT NOT NULL,
    "agent_key" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3),
    "next_run_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leased_until" TIMESTAMPTZ(3),
    "last_run_at" TIMESTAMPTZ(3),
    "last_error" TEXT,

    CONSTRAINT "topic_jobs_pkey" PRIMARY KEY ("project_id","agent_key")
);

-- CreateTable
CREATE TABLE "recaps" (
    "project_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "agent_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "period_key" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "start" TIMESTAMPTZ(3) NOT NULL,
    "end" TIMESTAMPTZ(3) NOT NULL,
    "generated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "content" JSONB NOT NULL,
    "markdown" TEXT NOT NULL,
    "delivered_at" TIMESTAMPTZ(3),
    "delivery_error" TEXT,

    CONSTRAINT "recaps_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateIndex
CREATE INDEX "topic_models_agent_idx" ON "topic_models"("project_id", "agent_key", "created_at" DESC);

-- CreateIndex
CREATE INDEX "topics_agent_idx" ON "topics"("project_id", "agent_key");

-- CreateIndex
CREATE INDEX "run_topics_topic_idx" ON "run_topics"("project_id", "topic_id", "start_time" DESC, "run_id" DESC);

-- CreateIndex
CREATE INDEX "run_topics_time_idx" ON "run_topics"("project_id", "start_time");

-- CreateIndex
CREATE INDEX "recaps_list_idx" ON "recaps"("project_id", "agent_key", "kind", "start" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "recaps_period_key" ON "recaps"("project_id", "agent_key", "kind", "period_key", "time_zone");


-- Hand-written: a deleted run (retention, project deletion) takes its topic assignment with it.
CREATE FUNCTION sightline_runs_forget_topics() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM run_topics rt USING old_rows o WHERE rt.project_id = o.project_id AND rt.run_id = o.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER runs_topics_delete AFTER DELETE ON runs REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sightline_runs_forget_topics();
