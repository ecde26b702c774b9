import "server-only";
// Reads what the analysers need about a batch of runs: the run with its full prompt and answer,
// its tool calls and feedback, and the turns of its session before it. Texts are cut to bounds
// here, so a run with megabytes of tool output costs the engine a bounded amount.
import type { Queryable } from "@/lib/db/sql";
import type { FeedbackFacts, RunContext, RunFacts, ToolCallFacts } from "@/lib/insights/patterns/types";

export const TEXT_CHARS = 16_384;
export const TOOL_TEXT_CHARS = 4_096;
/** Tool calls read per run (tool patterns count at most these). */
export const MAX_TOOL_CALLS = 1_000;
/** Earlier turns of the session given to the detectors. */
export const PREVIOUS_TURNS = 3;

export interface RunKey {
  projectId: string;
  runId: string;
}

export interface LoadedRun {
  projectId: string;
  userId: string | null;
  context: RunContext;
}

interface RunRow {
  project_id: string;
  id: string;
  for_run: string | null;
  agent_id: string | null;
  session_id: string | null;
  user_id: string | null;
  conversational: boolean | null;
  status: number;
  status_message: string | null;
  start_time: Date | string;
  duration_ms: number | null;
  models: string[] | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number | null;
  metadata: Record<string, unknown> | string | null;
  user_prompt: string | null;
  response: string | null;
  [k: string]: unknown;
}

const RUN_COLUMNS = `r.project_id, r.id, r.agent_id, r.session_id, r.user_id, r.conversational, r.status, r.status_message, r.start_time,
  r.duration_ms, r.models, r.input_tokens, r.output_tokens, r.cost_usd, r.metadata,
  left(coalesce(p.user_prompt, r.user_prompt), ${TEXT_CHARS}) AS user_prompt, left(coalesce(p.response, r.response), ${TEXT_CHARS}) AS response`;

const key = (projectId: string, runId: string) => `${projectId}\u0000${runId}`;

function toFacts(row: RunRow): RunFacts {
  const meta = typeof row.metadata === "string" ? (JSON.parse(row.metadata) as Record<string, unknown>) : (row.metadata ?? {});
  return {
    id: row.id,
    agent: row.agent_id,
    sessionId: row.session_id,
    conversational: row.conversational === true,
    status: (row.status === 2 ? 2 : row.status === 1 ? 1 : 0) as 0 | 1 | 2,
    statusMessage: row.status_message,
    userPrompt: row.user_prompt,
    response: row.response,
    toolCalls: [],
    feedback: [],
    metadata: Object.fromEntries(Object.entries(meta).map(([k, v]) => [k, String(v)])),
    models: row.models ?? [],
    durationMs: row.duration_ms,
    costUsd: row.cost_usd === null ? null : Number(row.cost_usd),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    startTime: new Date(row.start_time),
  };
}

/** The runs of `keys` that still exist (a deleted run is skipped), with their context. */
export async function loadRunContexts(q: Queryable, keys: RunKey[]): Promise<LoadedRun[]> {
  if (keys.length === 0) return [];
  const projects = keys.map((k) => k.projectId);
  const ids = keys.map((k) => k.runId);
  const want = `WITH want AS (SELECT DISTINCT * FROM unnest($1::text[], $2::text[]) AS w(project_id, run_id))`;
  const [runs, previous] = await Promise.all([
    q.query<RunRow>(
      `${want} SELECT ${RUN_COLUMNS}, NULL AS for_run FROM want w JOIN runs r ON r.project_id = w.project_id AND r.id = w.run_id
       LEFT JOIN run_payloads p ON p.project_id = r.project_id AND p.run_id = r.id WHERE NOT r.placeholder`,
      [projects, ids],
    ),
    q.query<RunRow>(
      `${want} SELECT x.*, c.id AS for_run FROM want w JOIN runs c ON c.project_id = w.project_id AND c.id = w.run_id
       CROSS JOIN LATERAL (
         SELECT ${RUN_COLUMNS} FROM runs r LEFT JOIN run_payloads p ON p.project_id = r.project_id AND p.run_id = r.id
         WHERE r.project_id = c.project_id AND r.session_id = c.session_id AND (r.start_time, r.id) < (c.start_time, c.id) AND NOT r.placeholder
         ORDER BY r.start_time DESC, r.id DESC LIMIT ${PREVIOUS_TURNS}
       ) x
       WHERE c.session_id IS NOT NULL AND c.conversational`,
      [projects, ids],
    ),
  ]);
  const allKeys = [...runs, ...previous];
  const [tools, feedback] = await Promise.all([
    q.query<{
      project_id: string;
      run_id: string;
      id: string;
      name: string;
      args: string | null;
      args_digest: string | null;
      result: string | null;
      status: number;
      error: string | null;
      duration_ms: number | null;
    }>(
      `${want} SELECT t.project_id, t.run_id, t.id, t.name, left(t.args, ${TOOL_TEXT_CHARS}) AS args,
         CASE WHEN length(t.args) > ${TOOL_TEXT_CHARS} THEN 'md5:' || md5(t.args) END AS args_digest,
         left(t.result, ${TOOL_TEXT_CHARS}) AS result, t.status, left(t.error, ${TOOL_TEXT_CHARS}) AS error, t.duration_ms
       FROM want w CROSS JOIN LATERAL (
         SELECT * FROM tool_calls t WHERE t.project_id = w.project_id AND t.run_id = w.run_id ORDER BY t.start_time, t.id LIMIT ${MAX_TOOL_CALLS}
       ) t`,
      [projects, ids],
    ),
    q.query<{ project_id: string; run_id: string; id: string; score: number | null; text: string | null }>(
      `SELECT f.project_id, f.run_id, f.id, f.score, left(f.text, ${TOOL_TEXT_CHARS}) AS text
       FROM unnest($1::text[], $2::text[]) AS w(project_id, run_id)
       JOIN feedback f ON f.project_id = w.project_id AND f.run_id = w.run_id ORDER BY f.created_at, f.id`,
      [allKeys.map((r) => r.project_id), allKeys.map((r) => r.id)],
    ),
  ]);

  const toolsByRun = new Map<string, ToolCallFacts[]>();
  for (const t of tools) {
    const list = toolsByRun.get(key(t.project_id, t.run_id)) ?? [];
    list.push({
      id: t.id,
      name: t.name,
      args: t.args,
      argsDigest: t.args_digest,
      result: t.result,
      failed: t.status === 2 || t.error !== null,
      error: t.error,
      durationMs: t.duration_ms,
    });
    toolsByRun.set(key(t.project_id, t.run_id), list);
  }
  const feedbackByRun = new Map<string, FeedbackFacts[]>();
  for (const f of feedback) {
    const list = feedbackByRun.get(key(f.project_id, f.run_id)) ?? [];
    list.push({ id: f.id, score: f.score === 1 ? 1 : f.score === -1 ? -1 : null, text: f.text });
    feedbackByRun.set(key(f.project_id, f.run_id), list);
  }
  const withChildren = (row: RunRow, tools: boolean): RunFacts => ({
    ...toFacts(row),
    toolCalls: tools ? (toolsByRun.get(key(row.project_id, row.id)) ?? []) : [],
    feedback: feedbackByRun.get(key(row.project_id, row.id)) ?? [],
  });
  const previousByRun = new Map<string, RunFacts[]>();
  for (const row of previous) {
    const k = key(row.project_id, row.for_run ?? "");
    const list = previousByRun.get(k) ?? [];
    list.push(withChildren(row, false));
    previousByRun.set(k, list);
  }
  return runs.map((row) => ({
    projectId: row.project_id,
    userId: row.user_id,
    // The lateral query returns the closest turn first; detectors want them oldest first.
    context: { run: withChildren(row, true), previous: (previousByRun.get(key(row.project_id, row.id)) ?? []).reverse() },
  }));
}
