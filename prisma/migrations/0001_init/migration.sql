-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "projects" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT,
    "role" TEXT NOT NULL DEFAULT 'member',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_members" (
    "project_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'member',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_members_pkey" PRIMARY KEY ("project_id","user_id")
);

-- CreateTable
CREATE TABLE "agents" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "runs" (
    "project_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "trace_id" TEXT,
    "source" TEXT NOT NULL,
    "agent_id" TEXT,
    "session_id" TEXT,
    "conversational" BOOLEAN,
    "user_id" TEXT,
    "user_name" TEXT,
    "org_id" TEXT,
    "org_name" TEXT,
    "status" SMALLINT NOT NULL DEFAULT 0,
    "status_message" TEXT,
    "start_time" TIMESTAMPTZ(3) NOT NULL,
    "end_time" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "user_prompt" TEXT,
    "response" TEXT,
    "models" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "input_tokens" INTEGER NOT NULL DEFAULT 0,
    "output_tokens" INTEGER NOT NULL DEFAULT 0,
    "cached_tokens" INTEGER NOT NULL DEFAULT 0,
    "reported_usage" JSONB,
    "cost_usd" DOUBLE PRECISION,
    "reported_cost" DOUBLE PRECISION,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "feedback_score" SMALLINT,
    "feedback_count" INTEGER NOT NULL DEFAULT 0,
    "step_count" INTEGER NOT NULL DEFAULT 0,
    "tool_call_count" INTEGER NOT NULL DEFAULT 0,
    "tool_error_count" INTEGER NOT NULL DEFAULT 0,
    "placeholder" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "runs_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateTable
CREATE TABLE "run_payloads" (
    "project_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "user_prompt" TEXT,
    "system_prompt" TEXT,
    "response" TEXT,
    "full_input" TEXT,
    "full_output" TEXT,
    "attributes" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "run_payloads_pkey" PRIMARY KEY ("project_id","run_id")
);

-- CreateTable
CREATE TABLE "steps" (
    "project_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "span_id" TEXT,
    "name" TEXT,
    "provider" TEXT,
    "model" TEXT,
    "start_time" TIMESTAMPTZ(3) NOT NULL,
    "end_time" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "status" SMALLINT NOT NULL DEFAULT 0,
    "status_message" TEXT,
    "input" JSONB,
    "output" JSONB,
    "finish_reason" TEXT,
    "input_tokens" INTEGER,
    "output_tokens" INTEGER,
    "cached_tokens" INTEGER,
    "cost_usd" DOUBLE PRECISION,
    "cost_source" TEXT,
    "ttft_ms" DOUBLE PRECISION,
    "attributes" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "steps_pkey" PRIMARY KEY ("project_id","run_id","id")
);

-- CreateTable
CREATE TABLE "tool_calls" (
    "project_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "step_id" TEXT,
    "span_id" TEXT,
    "tool_call_id" TEXT,
    "name" TEXT NOT NULL,
    "args" TEXT,
    "result" TEXT,
    "status" SMALLINT NOT NULL DEFAULT 0,
    "error" TEXT,
    "start_time" TIMESTAMPTZ(3) NOT NULL,
    "end_time" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "attributes" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "tool_calls_pkey" PRIMARY KEY ("project_id","run_id","id")
);

-- CreateTable
CREATE TABLE "spans" (
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "span_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "parent_span_id" TEXT,
    "name" TEXT NOT NULL,
    "kind" SMALLINT NOT NULL DEFAULT 0,
    "start_ns" BIGINT NOT NULL,
    "end_ns" BIGINT,
    "status_code" SMALLINT NOT NULL DEFAULT 0,
    "status_message" TEXT,
    "scope" TEXT,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "events" JSONB,

    CONSTRAINT "spans_pkey" PRIMARY KEY ("project_id","trace_id","span_id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "project_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "agent_id" TEXT,
    "user_id" TEXT,
    "org_id" TEXT,
    "run_count" INTEGER NOT NULL DEFAULT 0,
    "first_run_at" TIMESTAMPTZ(3) NOT NULL,
    "last_run_at" TIMESTAMPTZ(3) NOT NULL,
    "conversational" BOOLEAN NOT NULL DEFAULT false,
    "thumbs_up" INTEGER NOT NULL DEFAULT 0,
    "thumbs_down" INTEGER NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateTable
CREATE TABLE "end_users" (
    "project_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT,
    "org_id" TEXT,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "end_users_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateTable
CREATE TABLE "orgs" (
    "project_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "orgs_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateTable
CREATE TABLE "feedback" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "score" SMALLINT,
    "text" TEXT,
    "source" TEXT NOT NULL,
    "author_id" TEXT,
    "author_name" TEXT,
    "dedupe_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "projects_slug_key" ON "projects"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys"("hash");

-- CreateIndex
CREATE INDEX "api_keys_project_id_idx" ON "api_keys"("project_id");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "project_members_user_id_idx" ON "project_members"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "agents_project_id_name_key" ON "agents"("project_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "agents_project_id_slug_key" ON "agents"("project_id", "slug");

-- CreateIndex
CREATE INDEX "runs_time_idx" ON "runs"("project_id", "start_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "runs_agent_time_idx" ON "runs"("project_id", "agent_id", "start_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "runs_session_time_idx" ON "runs"("project_id", "session_id", "start_time");

-- CreateIndex
CREATE INDEX "runs_user_time_idx" ON "runs"("project_id", "user_id", "start_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "runs_org_time_idx" ON "runs"("project_id", "org_id", "start_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "tool_calls_name_time_idx" ON "tool_calls"("project_id", "name", "start_time" DESC);

-- CreateIndex
CREATE INDEX "spans_run_idx" ON "spans"("project_id", "run_id");

-- CreateIndex
CREATE INDEX "sessions_last_idx" ON "sessions"("project_id", "last_run_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "sessions_agent_last_idx" ON "sessions"("project_id", "agent_id", "last_run_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "sessions_user_last_idx" ON "sessions"("project_id", "user_id", "last_run_at" DESC);

-- CreateIndex
CREATE INDEX "sessions_org_last_idx" ON "sessions"("project_id", "org_id", "last_run_at" DESC);

-- CreateIndex
CREATE INDEX "end_users_last_idx" ON "end_users"("project_id", "last_seen" DESC);

-- CreateIndex
CREATE INDEX "orgs_last_idx" ON "orgs"("project_id", "last_seen" DESC);

-- CreateIndex
CREATE INDEX "feedback_run_idx" ON "feedback"("project_id", "run_id", "created_at");

-- CreateIndex
CREATE INDEX "feedback_time_idx" ON "feedback"("project_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "feedback_dedupe_idx" ON "feedback"("project_id", "dedupe_key", "created_at");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: indexes Prisma's schema language cannot express.
-- Failed runs (failures page, status=error filter) without scanning successful runs.
CREATE INDEX "runs_error_time_idx" ON "runs"("project_id", "start_time" DESC, "id" DESC) WHERE "status" = 2;
-- Runs with feedback, for feedback=thumbs_up|thumbs_down|any.
CREATE INDEX "runs_feedback_time_idx" ON "runs"("project_id", "feedback_score", "start_time" DESC, "id" DESC) WHERE "feedback_score" IS NOT NULL;
-- metadata.<key>=<value> filters use jsonb containment (@>).
CREATE INDEX "runs_metadata_idx" ON "runs" USING GIN ("metadata" jsonb_path_ops);
-- model filter (models @> ARRAY[...]).
CREATE INDEX "runs_models_idx" ON "runs" USING GIN ("models");
