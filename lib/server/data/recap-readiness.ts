import "server-only";
// When a period's recap may be written, and which periods a fresh install catches up. A recap is an
// immutable snapshot, so it waits until the period's data has settled: no run of the scope that
// started in the period was written or updated lately, and the insight engine has no queued run that
// started before the period's end (its failures, patterns and topics are in). Each probe is bounded
// to the period on the runs' (project, [agent,] start_time) indexes.
import type { Queryable } from "@/lib/db/sql";
import type { Period } from "@/lib/insights/recaps/period";
import type { RecapScope } from "./recaps";

/** Whether a run of the scope that started in the period was written or updated after `since`. */
export async function periodRunsChangedSince(q: Queryable, scope: RecapScope, period: Period, since: Date): Promise<boolean> {
  const params: unknown[] = [scope.projectId, period.start.toISOString(), period.end.toISOString(), since.toISOString()];
  if (scope.agent) params.push(scope.agent.id);
  const [row] = await q.query<{ changed: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM runs WHERE project_id = $1 AND start_time >= $2 AND start_time < $3 AND updated_at > $4${scope.agent ? " AND agent_id = $5" : ""}
     ) AS changed`,
    params,
  );
  return row?.changed === true;
}

/**
 * Whether the insight engine still has a run of the project that started before `end` in its queue
 * (leased or not). Runs that started later do not hold the period back, so steady live traffic,
 * which keeps the queue from ever being empty, cannot delay a recap.
 */
export async function insightBacklogBefore(q: Queryable, projectId: string, end: Date): Promise<boolean> {
  const [row] = await q.query<{ waiting: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM insight_queue iq JOIN runs r ON r.project_id = iq.project_id AND r.id = iq.run_id
       WHERE iq.project_id = $1 AND r.start_time < $2
     ) AS waiting`,
    [projectId, end.toISOString()],
  );
  return row?.waiting === true;
}

/**
 * The periods (of those given) in which the scope has a run, or feedback with a thumbs up or down:
 * the ones that are not empty. One index probe per period.
 */
export async function periodsWithData(q: Queryable, scope: RecapScope, periods: Period[]): Promise<Set<string>> {
  if (!periods.length) return new Set();
  const params: unknown[] = [scope.projectId, periods.map((p) => p.key), periods.map((p) => p.start.toISOString()), periods.map((p) => p.end.toISOString())];
  if (scope.agent) params.push(scope.agent.id);
  const agentRuns = scope.agent ? " AND r.agent_id = $5" : "";
  const rows = await q.query<{ key: string }>(
    `SELECT p.key FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS p(key, s, e)
     WHERE EXISTS (SELECT 1 FROM runs r WHERE r.project_id = $1 AND r.start_time >= p.s AND r.start_time < p.e${agentRuns})
        OR EXISTS (
          SELECT 1 FROM feedback f${scope.agent ? " JOIN runs r ON r.project_id = f.project_id AND r.id = f.run_id" : ""}
          WHERE f.project_id = $1 AND f.created_at >= p.s AND f.created_at < p.e AND f.score IN (1, -1)${agentRuns}
        )`,
    params,
  );
  return new Set(rows.map((r) => r.key));
}
