-- Search (docs/search.md): one search document per run, in sections, with a words index
-- (tsvector, 'simple' configuration, weighted by section) and a trigram index over the
-- identifiers and text without spaces found in it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateTable
CREATE TABLE "run_search" (
    "project_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "start_time" TIMESTAMPTZ(3) NOT NULL,
    "prompt" TEXT NOT NULL DEFAULT '',
    "response" TEXT NOT NULL DEFAULT '',
    "tool" TEXT NOT NULL DEFAULT '',
    "error" TEXT NOT NULL DEFAULT '',
    "other" TEXT NOT NULL DEFAULT '',
    "ids" TEXT NOT NULL DEFAULT '',
    -- A prompt: term is a word of weight A, response: B, tool: C; error and other share D.
    "words" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, "prompt"), 'A') ||
        setweight(to_tsvector('simple'::regconfig, "response"), 'B') ||
        setweight(to_tsvector('simple'::regconfig, "tool"), 'C') ||
        setweight(to_tsvector('simple'::regconfig, "error" || ' ' || "other"), 'D')
    ) STORED,

    CONSTRAINT "run_search_pkey" PRIMARY KEY ("project_id","run_id")
) WITH (toast_tuple_target = 128);

-- CreateTable
CREATE TABLE "run_search_backfill" (
    "project_id" TEXT NOT NULL,
    "cursor_time" TIMESTAMPTZ(3),
    "cursor_id" TEXT,
    "done" INTEGER NOT NULL DEFAULT 0,
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_search_backfill_pkey" PRIMARY KEY ("project_id")
);

-- CreateIndex
CREATE INDEX "run_search_time_idx" ON "run_search"("project_id", "start_time" DESC, "run_id" DESC);

-- Hand-written: GIN indexes Prisma cannot express.
CREATE INDEX "run_search_words_idx" ON "run_search" USING GIN ("words");
CREATE INDEX "run_search_ids_idx" ON "run_search" USING GIN ("ids" gin_trgm_ops);

-- A section of a stored document with the pieces it does not hold yet appended, cut at `cap`
-- characters: a retried write adds nothing, a conversation repeated in every step is held once.
CREATE FUNCTION "sightline_search_append"(old TEXT, pieces TEXT[], cap INTEGER) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN length(old) >= cap OR pieces IS NULL THEN old
    ELSE left(concat_ws(E'\n', NULLIF(old, ''),
      NULLIF(array_to_string(ARRAY(SELECT p FROM unnest(pieces) AS p WHERE p <> '' AND strpos(old, p) = 0), E'\n'), '')), cap)
  END
$$;

-- Runs stored before this migration are indexed by a background backfill, newest first.
INSERT INTO "run_search_backfill" ("project_id")
  SELECT p."id" FROM "projects" p WHERE EXISTS (SELECT 1 FROM "runs" r WHERE r."project_id" = p."id");
