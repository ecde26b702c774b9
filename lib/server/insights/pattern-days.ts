import "server-only";
// Stale days of pattern_days (migration 0013_patterns_perf): a match left the day (a run no
// longer matches, was deleted, or moved). Rebuilt from run_patterns (lib/server/insights/stale-days.ts).
import type { Sql } from "@/lib/db/sql";
import { rebuildStaleDays } from "./stale-days";

/** Rebuilds up to 200 stale days; returns how many. Days left empty go. */
export const rebuildStalePatternDays = (sql: Sql): Promise<number> =>
  rebuildStaleDays(sql, { table: "pattern_days", key: "pattern_id", rebuild: "sightline_pattern_days_rebuild", empty: "d.runs = 0" });
