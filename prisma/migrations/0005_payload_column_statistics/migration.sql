-- Hand-written: no column statistics for payload columns. ANALYZE (autovacuum's, and the embedded
-- database's own maintenance pass) samples up to 30,000 rows per table and builds statistics for
-- every column, detoasting each sampled prompt, response and attribute document. No query filters,
-- groups or joins on these columns, so the planner never reads their statistics. Measured on an
-- embedded database after 15 s each of the one-run and batched trace benchmarks: ANALYZE steps
-- 975 -> 314 ms, spans 572 -> 277 ms, tool_calls 217 -> 148 ms; each of those statements held
-- the single embedded connection, and the ingestion writes queued behind it, for that long.
ALTER TABLE "steps" ALTER COLUMN "input" SET STATISTICS 0, ALTER COLUMN "output" SET STATISTICS 0,
  ALTER COLUMN "attributes" SET STATISTICS 0, ALTER COLUMN "status_message" SET STATISTICS 0;
ALTER TABLE "tool_calls" ALTER COLUMN "args" SET STATISTICS 0, ALTER COLUMN "result" SET STATISTICS 0,
  ALTER COLUMN "attributes" SET STATISTICS 0, ALTER COLUMN "error" SET STATISTICS 0;
ALTER TABLE "spans" ALTER COLUMN "attributes" SET STATISTICS 0, ALTER COLUMN "events" SET STATISTICS 0,
  ALTER COLUMN "status_message" SET STATISTICS 0;
ALTER TABLE "run_payloads" ALTER COLUMN "user_prompt" SET STATISTICS 0, ALTER COLUMN "system_prompt" SET STATISTICS 0,
  ALTER COLUMN "response" SET STATISTICS 0, ALTER COLUMN "full_input" SET STATISTICS 0,
  ALTER COLUMN "full_output" SET STATISTICS 0, ALTER COLUMN "attributes" SET STATISTICS 0;
