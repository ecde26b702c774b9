// Test data for the analytics tests, sent through the real ingestion route (POST /v1/custom) and
// feedback route (POST /v1/feedback), plus a from-scratch recomputation of every rollup from the
// runs table to check the trigger-maintained rollups against.
import { expect } from "vitest";
import type { Queryable } from "@/lib/db/sql";
import { ROLLUP_TABLES } from "@/lib/server/data/rollups";
import { postJson } from "../helpers/routes";

export interface TestRun {
  id: string;
  /** Start time; the run lasts durationMs. */
  start: Date;
  durationMs?: number;
  error?: boolean;
  agent?: string;
  userId?: string;
  userName?: string;
  orgId?: string;
  orgName?: string;
  sessionId?: string;
  prompt?: string;
  response?: string;
  /** One step with this model, tokens and cost. */
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  cost?: number;
}

export function runItems(r: TestRun) {
  const end = new Date(r.start.getTime() + (r.durationMs ?? 1000));
  const metadata: Record<string, string> = {};
  if (r.agent) metadata["tcc.agent"] = r.agent;
  if (r.userId) metadata["tcc.userId"] = r.userId;
  if (r.userName) metadata["tcc.userName"] = r.userName;
  if (r.orgId) metadata["tcc.orgId"] = r.orgId;
  if (r.orgName) metadata["tcc.orgName"] = r.orgName;
  const items: unknown[] = [
    {
      type: "run",
      run_id: r.id,
      start_time: r.start.toISOString(),
      end_time: end.toISOString(),
      status_code: r.error ? 2 : 0,
      ...(r.error ? { status_message: "boom" } : {}),
      prompt: { user_prompt: r.prompt ?? `prompt of ${r.id}` },
      response: r.response ?? `response of ${r.id}`,
      ...(r.sessionId ? { session_id: r.sessionId, conversational: true } : {}),
      metadata,
    },
  ];
  if (r.model) {
    items.push({
      type: "step",
      run_id: r.id,
      step_id: `${r.id}-step`,
      start_time: r.start.toISOString(),
      end_time: end.toISOString(),
      prompt: r.prompt ?? "p",
      response: r.response ?? "r",
      status_code: 0,
      model_used: r.model,
      prompt_uncached_tokens: r.inputTokens ?? 0,
      completion_tokens: r.outputTokens ?? 0,
      ...(r.cost !== undefined ? { real_total_cost: r.cost } : {}),
    });
  }
  return items;
}

/** Sends runs in one /v1/custom batch and expects a 2xx. */
export async function sendRuns(ingestKey: string, runs: TestRun[]) {
  const res = await postJson("/v1/custom", { type: "batch", items: runs.flatMap(runItems) }, ingestKey);
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

export async function sendFeedback(ingestKey: string, runId: string, score: "thumbs_up" | "thumbs_down" | null, text?: string) {
  const res = await postJson("/v1/feedback", { runId, ...(score ? { score } : {}), ...(text ? { text } : {}) }, ingestKey);
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

/** `hoursAgo(2.5)`: a Date 2.5 hours before `base`. */
export const before = (base: Date, hours: number) => new Date(base.getTime() - hours * 3_600_000);

// The per-run contribution of every rollup, recomputed from the runs table.
const FACTS = `SELECT project_id, date_trunc('hour', start_time, 'UTC') AS hour, date_trunc('day', start_time, 'UTC') AS day, COALESCE(agent_id, '') AS agent_key, user_id, org_id,
  1 AS runs, (status = 2)::int AS errors, (feedback_score IS NOT DISTINCT FROM 1)::int AS thumbs_up,
  (feedback_score IS NOT DISTINCT FROM -1)::int AS thumbs_down, input_tokens::bigint AS input_tokens,
  output_tokens::bigint AS output_tokens, cached_tokens::bigint AS cached_tokens,
  COALESCE(round(cost_usd::numeric, 12), 0) AS cost_usd, (duration_ms IS NOT NULL)::int AS duration_count,
  COALESCE(duration_ms, 0)::bigint AS duration_sum_ms, sightline_latency_bucket(duration_ms) AS bucket, models
  FROM runs WHERE project_id = $1`;

const FROM_HOURLY: Record<string, string> = {
  rollup_hourly: `(${FACTS}) f`,
  rollup_latency: `(${FACTS}) f WHERE bucket IS NOT NULL`,
  rollup_users: `(${FACTS}) f WHERE user_id IS NOT NULL`,
  rollup_orgs: `(${FACTS}) f WHERE org_id IS NOT NULL`,
  rollup_models: `(${FACTS}) f CROSS JOIN LATERAL unnest(f.models) AS model`,
};
// The daily twins group the same facts by day.
const FROM_RUNS: Record<string, string> = {
  ...FROM_HOURLY,
  ...Object.fromEntries(Object.entries(FROM_HOURLY).map(([k, v]) => [k === "rollup_hourly" ? "rollup_daily" : `${k}_daily`, v])),
};

/** Asserts that every rollup table sums, per key, to what the runs table says now. */
export async function expectRollupsMatchRuns(q: Queryable, projectId: string) {
  for (const t of ROLLUP_TABLES) {
    const keys = t.keys.join(", ");
    const sums = t.sums.map((s) => `round(sum(${s})::numeric, 12)::text AS ${s}`).join(", ");
    const order = `ORDER BY ${keys}`;
    const stored = await q.query(`SELECT ${keys}, ${sums} FROM ${t.name} WHERE project_id = $1 GROUP BY ${keys} HAVING sum(runs) <> 0 ${order}`, [projectId]);
    const expected = await q.query(`SELECT ${keys}, ${sums} FROM ${FROM_RUNS[t.name]} GROUP BY ${keys} ${order}`, [projectId]);
    expect(stored, t.name).toEqual(expected);
  }
}
