import "server-only";
// The engine's state for a project, shown in Settings: runs waiting, the last analysis, errors.
import type { Queryable } from "@/lib/db/sql";
import { backlog } from "./queue";

export interface InsightStatus {
  backlog: number;
  lastAnalyzedAt: string | null;
  analyzedRuns: number;
  errors: { at: string; runId: string | null; patternId: string | null; message: string }[];
}

export async function getInsightStatus(q: Queryable, projectId: string, errorLimit = 20): Promise<InsightStatus> {
  const [waiting, state, errors] = await Promise.all([
    backlog(q, projectId),
    q.query<{ last_analyzed_at: Date | string | null; analyzed_runs: string }>(
      `SELECT last_analyzed_at, analyzed_runs::text AS analyzed_runs FROM insight_state WHERE project_id = $1`,
      [projectId],
    ),
    q.query<{ at: Date | string; run_id: string | null; pattern_id: string | null; message: string }>(
      `SELECT at, run_id, pattern_id, message FROM insight_errors WHERE project_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
      [projectId, errorLimit],
    ),
  ]);
  const s = state[0];
  return {
    backlog: waiting,
    lastAnalyzedAt: s?.last_analyzed_at ? new Date(s.last_analyzed_at).toISOString() : null,
    analyzedRuns: Number(s?.analyzed_runs ?? 0),
    errors: errors.map((e) => ({ at: new Date(e.at).toISOString(), runId: e.run_id, patternId: e.pattern_id, message: e.message })),
  };
}
