import "server-only";
// Failed sign-in and setup attempts (auth_throttle), the only module that reads or writes them.
// The policy (how long a key waits) is lib/auth/throttle.ts.
import type { Queryable } from "@/lib/db/sql";
import { FORGET_MS } from "@/lib/auth/throttle";

export interface ThrottleRecord {
  failures: number;
  lastFailureAt: Date;
}

interface ThrottleRow {
  key: string;
  failures: number;
  last_failure_at: Date | string;
}

export async function readThrottle(q: Queryable, keys: string[]): Promise<Map<string, ThrottleRecord>> {
  const rows = await q.query<ThrottleRow>(`SELECT key, failures, last_failure_at FROM auth_throttle WHERE key = ANY($1::text[])`, [keys]);
  return new Map(rows.map((r) => [r.key, { failures: Number(r.failures), lastFailureAt: new Date(r.last_failure_at) }]));
}

/** Counts one more failure for each key (starting over after an hour without one). */
export async function recordFailures(q: Queryable, keys: string[]): Promise<void> {
  await q.query(
    `INSERT INTO auth_throttle (key, failures, last_failure_at)
     SELECT k, 1, now() FROM unnest($1::text[]) AS k
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN auth_throttle.last_failure_at < now() - make_interval(secs => $2) THEN 1 ELSE auth_throttle.failures + 1 END,
       last_failure_at = now()`,
    [keys, FORGET_MS / 1000],
  );
}

export async function clearThrottle(q: Queryable, key: string): Promise<void> {
  await q.query(`DELETE FROM auth_throttle WHERE key = $1`, [key]);
}

/** Drops records nobody has failed on for an hour (they no longer delay anyone). */
export async function pruneThrottle(q: Queryable): Promise<void> {
  await q.query(`DELETE FROM auth_throttle WHERE last_failure_at < now() - make_interval(secs => $1)`, [FORGET_MS / 1000]);
}
