-- Hand-written (Prisma cannot express expression or partial indexes); prisma/schema.prisma is unchanged.
--
-- Every run list sort is keyset-paginated on an index that matches it. Sorting by cost, duration
-- or tokens used to sort the whole time window (~0.8 s at 1M runs); these indexes serve
-- `ORDER BY <expression> DESC, id DESC` (and ASC, scanned backwards) exactly as
-- lib/server/queries/runs.ts writes the expressions.
CREATE INDEX "runs_cost_idx" ON "runs" ("project_id", (COALESCE("cost_usd", -1)) DESC, "id" DESC);
CREATE INDEX "runs_duration_idx" ON "runs" ("project_id", (COALESCE("duration_ms", -1)) DESC, "id" DESC);
CREATE INDEX "runs_tokens_idx" ON "runs" ("project_id", ("input_tokens" + "output_tokens") DESC, "id" DESC);

-- Large span, step and payload values compress with lz4 where the server supports it (about a
-- third faster to write than the default pglz). The embedded database has no lz4 and keeps pglz.
DO $$
BEGIN
  ALTER TABLE "spans" ALTER COLUMN "attributes" SET COMPRESSION lz4, ALTER COLUMN "events" SET COMPRESSION lz4;
  ALTER TABLE "steps" ALTER COLUMN "input" SET COMPRESSION lz4, ALTER COLUMN "output" SET COMPRESSION lz4,
    ALTER COLUMN "attributes" SET COMPRESSION lz4;
  ALTER TABLE "tool_calls" ALTER COLUMN "args" SET COMPRESSION lz4, ALTER COLUMN "result" SET COMPRESSION lz4;
  ALTER TABLE "run_payloads" ALTER COLUMN "user_prompt" SET COMPRESSION lz4, ALTER COLUMN "system_prompt" SET COMPRESSION lz4,
    ALTER COLUMN "response" SET COMPRESSION lz4, ALTER COLUMN "full_input" SET COMPRESSION lz4,
    ALTER COLUMN "full_output" SET COMPRESSION lz4, ALTER COLUMN "attributes" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available here; large values keep the default compression';
END $$;
