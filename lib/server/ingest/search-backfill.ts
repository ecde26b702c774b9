// Search documents for the runs stored before search existed (migration 0008 queues one job per
// project that had runs). Runs are read back newest first in keyset batches, their documents built
// by the same code as at ingestion (lib/search/document.ts) and merged by the same statement, under
// the same per-run locks, so a write arriving meanwhile and the backfill each add what the other
// lacks. The position is saved with every batch: a restart goes on where it stopped.
import type { Queryable, Sql } from "@/lib/db/sql";
import type { ChatMessage } from "@/lib/ingest/messages";
import { searchDocs, type SearchSource } from "@/lib/search/document";
import { lockKeysSql } from "./aggregates";
import { searchUpsertSql } from "./statements";
import { searchDocsJson } from "./store";

export const BACKFILL_BATCH = 100;

interface Job {
  project_id: string;
  cursor_time: Date | null;
  cursor_id: string | null;
}

interface StoredRun {
  id: string;
  trace_id: string | null;
  session_id: string | null;
  user_id: string | null;
  user_name: string | null;
  org_id: string | null;
  org_name: string | null;
  status_message: string | null;
  models: string[] | null;
  metadata: Record<string, string> | null;
  start_time: Date;
  agent_name: string | null;
  user_prompt: string | null;
  system_prompt: string | null;
  response: string | null;
  full_input: string | null;
  full_output: string | null;
}

interface StoredStep {
  run_id: string;
  start_time: Date;
  input: ChatMessage[] | string | null;
  output: ChatMessage[] | string | null;
  status_message: string | null;
}

interface StoredTool {
  run_id: string;
  start_time: Date;
  name: string;
  args: string | null;
  result: string | null;
  error: string | null;
}

const RUN_SELECT = `SELECT r.id, r.trace_id, r.session_id, r.user_id, r.user_name, r.org_id, r.org_name, r.status_message, r.models,
  r.metadata, r.start_time, a.name AS agent_name, COALESCE(p.user_prompt, r.user_prompt) AS user_prompt, p.system_prompt,
  COALESCE(p.response, r.response) AS response, p.full_input, p.full_output
  FROM runs r LEFT JOIN agents a ON a.id = r.agent_id LEFT JOIN run_payloads p ON p.project_id = r.project_id AND p.run_id = r.id`;

async function readRuns(q: Queryable, job: Job, limit: number): Promise<SearchSource & { last: StoredRun | null; count: number }> {
  const runs = job.cursor_time
    ? await q.query<StoredRun>(
        `${RUN_SELECT} WHERE r.project_id = $1 AND (r.start_time, r.id) < ($2::timestamptz, $3) ORDER BY r.start_time DESC, r.id DESC LIMIT $4`,
        [job.project_id, job.cursor_time.toISOString(), job.cursor_id ?? "", limit],
      )
    : await q.query<StoredRun>(`${RUN_SELECT} WHERE r.project_id = $1 ORDER BY r.start_time DESC, r.id DESC LIMIT $2`, [job.project_id, limit]);
  const ids = runs.map((r) => r.id);
  const [steps, tools] = ids.length
    ? await Promise.all([
        q.query<StoredStep>(`SELECT run_id, start_time, input, output, status_message FROM steps WHERE project_id = $1 AND run_id = ANY($2::text[])`, [
          job.project_id,
          ids,
        ]),
        q.query<StoredTool>(`SELECT run_id, start_time, name, args, result, error FROM tool_calls WHERE project_id = $1 AND run_id = ANY($2::text[])`, [
          job.project_id,
          ids,
        ]),
      ])
    : [[], []];
  return {
    runs: runs.map((r) => ({
      id: r.id,
      traceId: r.trace_id,
      systemPrompt: r.system_prompt,
      userPrompt: r.user_prompt,
      fullInput: r.full_input,
      response: r.response,
      fullOutput: r.full_output,
      statusMessage: r.status_message,
      models: r.models ?? [],
      meta: {
        sessionId: r.session_id,
        agent: r.agent_name,
        userId: r.user_id,
        userName: r.user_name,
        orgId: r.org_id,
        orgName: r.org_name,
        custom: r.metadata ?? {},
      },
    })),
    steps: steps.map((s) => ({ runId: s.run_id, startTime: s.start_time, input: s.input, output: s.output, statusMessage: s.status_message })),
    toolCalls: tools.map((t) => ({ runId: t.run_id, startTime: t.start_time, name: t.name, args: t.args, result: t.result, error: t.error })),
    last: runs[runs.length - 1] ?? null,
    count: runs.length,
  };
}

/** Indexes one batch of one project's unindexed runs; false when no backfill is left to do. */
export async function backfillSearchBatch(sql: Sql, limit = BACKFILL_BATCH): Promise<boolean> {
  const [job] = await sql.query<Job>(
    `SELECT project_id, cursor_time, cursor_id FROM run_search_backfill WHERE finished_at IS NULL ORDER BY created_at, project_id LIMIT 1`,
  );
  if (!job) return false;
  const read = await readRuns(sql, job, limit);
  const ids = read.runs.map((r) => r.id);
  await sql.transaction(async (tx) => {
    if (ids.length) {
      await tx.query(lockKeysSql("'run'", "$1", "$2"), [job.project_id, ids]);
      await tx.query(searchUpsertSql("$1", "$2::jsonb"), [job.project_id, searchDocsJson(searchDocs(read))]);
    }
    await tx.query(
      `UPDATE run_search_backfill SET cursor_time = $2, cursor_id = $3, done = done + $4,
         finished_at = CASE WHEN $4 < $5 THEN now() ELSE NULL END
       WHERE project_id = $1`,
      [job.project_id, read.last?.start_time.toISOString() ?? job.cursor_time?.toISOString() ?? null, read.last?.id ?? job.cursor_id, read.count, limit],
    );
  });
  return true;
}

/** Projects whose backfill has not finished. */
export async function searchBackfillPending(q: Queryable): Promise<number> {
  const [row] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM run_search_backfill WHERE finished_at IS NULL`);
  return row?.n ?? 0;
}

const running = new WeakSet<Sql>();

/**
 * Runs the backfill in the background until it is done: a batch, then a pause that leaves the
 * database to requests (on the embedded database every statement waits for the one before).
 */
export function startSearchBackfill(sql: Sql, pauseMs = sql.kind === "pglite" ? 250 : 50): void {
  if (running.has(sql)) return;
  running.add(sql);
  let batches = 0;
  const step = () => {
    backfillSearchBatch(sql).then(
      (more) => {
        batches++;
        if (more) setTimeout(step, pauseMs).unref();
        else {
          running.delete(sql);
          if (batches > 1) console.log("[sightline] search: runs stored before search existed are now indexed");
        }
      },
      (err) => {
        console.error(`[sightline] search backfill failed, retrying in a minute (data is safe): ${(err as Error).message}`);
        setTimeout(step, 60_000).unref();
      },
    );
  };
  step();
}
