-- Patterns of one agent (/{agent}/patterns, `agent=` on GET /v1/patterns): the exact sessions and
-- users of the patterns found in few runs, the partial hours at a window's edges and the examples
-- read one agent's matches in a window. On the (project, pattern, start time) index they read every
-- agent's matches and dropped the others' after fetching them (at 1M runs, 20,200 rows fetched
-- for 2,580 kept).
-- CreateIndex
CREATE INDEX "run_patterns_agent_time_idx" ON "run_patterns"("project_id", "pattern_id", "agent_id", "start_time" DESC, "run_id" DESC);
