import "server-only";
// Stale days of topic_days (migration 0020_topic_days): a run left the day (it moved to another
// topic on a re-clustering, lost its topic, or was deleted). Rebuilt from run_topics as pattern_days
// is from run_patterns (lib/server/insights/stale-days.ts).
import type { Sql } from "@/lib/db/sql";
import { rebuildStaleDays } from "./stale-days";

/** Rebuilds up to 200 stale days; returns how many. Days left without runs (hourly counts all 0) go. */
export const rebuildStaleTopicDays = (sql: Sql): Promise<number> =>
  rebuildStaleDays(sql, {
    table: "topic_days",
    key: "topic_id",
    rebuild: "sightline_topic_days_rebuild",
    empty: "NOT EXISTS (SELECT 1 FROM unnest(d.runs) AS n WHERE n <> 0)",
  });
