import "server-only";
// The run data layer: the REST API and the dashboard read runs through these functions only.
// Lists are time-bounded and keyset-paginated on indexes that match their sort; rows carry
// previews, and full payloads are read only by getRun.
import type { Queryable } from "@/lib/db/sql";
import { intToScore, type FeedbackScore } from "@/lib/ingest/feedback";
import type { ChatMessage } from "@/lib/ingest/messages";
import { FilterError } from "@/lib/validations/list-params";
import { type RunFilters } from "@/lib/validations/lists";
import { findAgent } from "./agents";
import { decodeCursor, encodeCursor, isCursorInstant, SqlWhere } from "./sql-where";

export interface FeedbackDto {
  id: string;
  score: FeedbackScore | null;
  text: string | null;
  source: string;
  author: string | null;
  createdAt: string;
}

export interface RunDto {
  id: string;
  traceId: string | null;
  agent: { name: string; slug: string } | null;
  sessionId: string | null;
  conversational: boolean;
  user: { id: string; name: string | null } | null;
  org: { id: string; name: string | null } | null;
  status: "success" | "error";
  statusMessage: string | null;
  startTime: string;
  endTime: string | null;
  durationMs: number | null;
  userPrompt: string | null;
  response: string | null;
  models: string[];
  usage: { inputTokens: number; outputTokens: number; cachedTokens: number };
  costUsd: number | null;
  metadata: Record<string, string>;
  feedback: FeedbackDto[];
  stepCount: number;
  toolCallCount: number;
  toolErrorCount: number;
  source: string;
}

export interface StepDto {
  id: string;
  spanId: string | null;
  name: string | null;
  provider: string | null;
  model: string | null;
  startTime: string;
  endTime: string | null;
  durationMs: number | null;
  status: "success" | "error";
  statusMessage: string | null;
  input: ChatMessage[] | string | null;
  output: ChatMessage[] | string | null;
  finishReason: string | null;
  usage: { inputTokens: number | null; outputTokens: number | null; cachedTokens: number | null };
  costUsd: number | null;
  costSource: string | null;
  ttftMs: number | null;
  attributes: Record<string, unknown>;
}

export interface ToolCallDto {
  id: string;
  stepId: string | null;
  spanId: string | null;
  toolCallId: string | null;
  name: string;
  args: string | null;
  result: string | null;
  status: "success" | "error";
  error: string | null;
  startTime: string;
  endTime: string | null;
  durationMs: number | null;
}

export interface SpanDto {
  spanId: string;
  traceId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  startTime: string;
  endTime: string | null;
  /** Unix nanoseconds as strings, for sub-millisecond timelines. */
  startNs: string;
  endNs: string | null;
  status: { code: number; message: string | null };
  scope: string | null;
  attributes: Record<string, unknown>;
  events: unknown[] | null;
}

export interface RunDetailDto extends RunDto {
  systemPrompt: string | null;
  fullInput: string | null;
  fullOutput: string | null;
  attributes: Record<string, unknown>;
  steps: StepDto[];
  toolCalls: ToolCallDto[];
  spans: SpanDto[];
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

type Row = Record<string, unknown>;

const isoOrNull = (v: unknown) => (v instanceof Date ? v.toISOString() : v ? new Date(v as string).toISOString() : null);
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const statusText = (v: unknown): "success" | "error" => (Number(v) === 2 ? "error" : "success");

export const RUN_COLUMNS = `r.id, r.trace_id, r.source, r.session_id, r.conversational, r.user_id, r.user_name, r.org_id, r.org_name,
  r.status, r.status_message, r.start_time, r.end_time, r.duration_ms, r.user_prompt, r.response, r.models,
  r.input_tokens, r.output_tokens, r.cached_tokens, r.cost_usd, r.metadata, r.feedback_count, r.step_count,
  r.tool_call_count, r.tool_error_count, a.name AS agent_name, a.slug AS agent_slug`;

export function rowToRun(r: Row, feedback: FeedbackDto[] = []): RunDto {
  return {
    id: r.id as string,
    traceId: (r.trace_id as string) ?? null,
    agent: r.agent_name ? { name: r.agent_name as string, slug: r.agent_slug as string } : null,
    sessionId: (r.session_id as string) ?? null,
    conversational: r.conversational === true,
    user: r.user_id ? { id: r.user_id as string, name: (r.user_name as string) ?? null } : null,
    org: r.org_id ? { id: r.org_id as string, name: (r.org_name as string) ?? null } : null,
    status: statusText(r.status),
    statusMessage: (r.status_message as string) ?? null,
    startTime: isoOrNull(r.start_time)!,
    endTime: isoOrNull(r.end_time),
    durationMs: num(r.duration_ms),
    userPrompt: (r.user_prompt as string) ?? null,
    response: (r.response as string) ?? null,
    models: (r.models as string[]) ?? [],
    usage: { inputTokens: Number(r.input_tokens ?? 0), outputTokens: Number(r.output_tokens ?? 0), cachedTokens: Number(r.cached_tokens ?? 0) },
    costUsd: num(r.cost_usd),
    metadata: (r.metadata as Record<string, string>) ?? {},
    feedback,
    stepCount: Number(r.step_count ?? 0),
    toolCallCount: Number(r.tool_call_count ?? 0),
    toolErrorCount: Number(r.tool_error_count ?? 0),
    source: r.source as string,
  };
}

function rowToFeedback(r: Row): FeedbackDto {
  return {
    id: r.id as string,
    score: intToScore(num(r.score)),
    text: (r.text as string) ?? null,
    source: r.source as string,
    author: (r.author_name as string) ?? null,
    createdAt: isoOrNull(r.created_at)!,
  };
}

/** How many runs a filtered list reads in sort order before it collects the matches by index. */
const SCAN_BUDGET = 2_000;

const SORT_EXPR: Record<RunFilters["sort"], { expr: string; cast: string }> = {
  startTime: { expr: "r.start_time", cast: "timestamptz" },
  duration: { expr: "COALESCE(r.duration_ms, -1)", cast: "int" },
  cost: { expr: "COALESCE(r.cost_usd, -1)", cast: "float8" },
  tokens: { expr: "(r.input_tokens + r.output_tokens)", cast: "bigint" },
};

/** WHERE conditions shared by every run query (lists, counts, charts). */
export async function runConditions(q: Queryable, projectId: string, f: Omit<RunFilters, "sort" | "order" | "limit" | "cursor">): Promise<SqlWhere | null> {
  const w = new SqlWhere();
  w.add(`r.project_id = ${w.param(projectId)}`);
  w.add(`r.start_time >= ${w.param(f.window.from.toISOString())}::timestamptz`);
  w.add(`r.start_time <= ${w.param(f.window.to.toISOString())}::timestamptz`);
  if (f.agent) {
    const agent = await findAgent(q, projectId, f.agent);
    if (!agent) return null;
    w.add(`r.agent_id = ${w.param(agent.id)}`);
  }
  if (f.userId) w.add(`r.user_id = ${w.param(f.userId)}`);
  if (f.orgId) w.add(`r.org_id = ${w.param(f.orgId)}`);
  if (f.sessionId) w.add(`r.session_id = ${w.param(f.sessionId)}`);
  if (f.conversational === true) w.add("r.conversational IS TRUE");
  if (f.conversational === false) w.add("r.conversational IS NOT TRUE");
  if (f.status === "error") w.add("r.status = 2");
  if (f.status === "success") w.add("r.status <> 2");
  if (f.feedback === "thumbs_up") w.add("r.feedback_score = 1");
  if (f.feedback === "thumbs_down") w.add("r.feedback_score = -1");
  if (f.feedback === "any") w.add("r.feedback_count > 0");
  if (f.feedback === "none") w.add("r.feedback_count = 0");
  if (f.model) w.addContainment(`r.models @> ARRAY[${w.param(f.model)}]::text[]`);
  if (f.metadata.length) w.addContainment(`r.metadata @> ${w.param(JSON.stringify(Object.fromEntries(f.metadata)))}::jsonb`);
  return w;
}

/** Whether the project has any run at all: the first-run empty state rather than "nothing matches". */
export async function hasAnyRun(q: Queryable, projectId: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM runs WHERE project_id = $1 LIMIT 1`, [projectId])).length > 0;
}

export async function runExists(q: Queryable, projectId: string, runId: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM runs WHERE project_id = $1 AND id = $2`, [projectId, runId])).length > 0;
}

export async function feedbackFor(q: Queryable, projectId: string, runIds: string[]): Promise<Map<string, FeedbackDto[]>> {
  const out = new Map<string, FeedbackDto[]>();
  if (!runIds.length) return out;
  const rows = await q.query(
    `SELECT id, run_id, score, text, source, author_name, created_at FROM feedback
     WHERE project_id = $1 AND run_id = ANY($2::text[]) ORDER BY created_at, id`,
    [projectId, runIds],
  );
  for (const r of rows) {
    const list = out.get(r.run_id as string) ?? [];
    list.push(rowToFeedback(r));
    out.set(r.run_id as string, list);
  }
  return out;
}

export async function listRuns(q: Queryable, projectId: string, f: RunFilters): Promise<Page<RunDto>> {
  const w = await runConditions(q, projectId, f);
  if (!w) return { data: [], nextCursor: null };
  const sort = SORT_EXPR[f.sort];
  const dir = f.order === "asc" ? "ASC" : "DESC";
  const cmp = f.order === "asc" ? ">" : "<";
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    const valid = sort.cast === "timestamptz" ? isCursorInstant(c.v) : c.v.trim() !== "" && Number.isFinite(Number(c.v));
    if (!valid) throw new FilterError("cursor does not belong to this sort; pass the nextCursor of the same query.");
    w.add(`(${sort.expr}, r.id) ${cmp} (${w.param(c.v)}::${sort.cast}, ${w.param(c.id)})`);
  }
  // The page is cut from runs alone, then joined: with the join inside, a planner without column
  // statistics (PGlite has no autovacuum) hashed the whole window before sorting it (2.6 s at 1M).
  const order = `${sort.expr} ${dir}, r.id ${dir}`;
  const fetchPage = (from: string, cte = "") =>
    q.query(
      `${cte}SELECT ${RUN_COLUMNS}, r.sort_value FROM (
         SELECT r.*, ${sort.expr} AS sort_value FROM ${from}
         WHERE ${w.sql()} ORDER BY ${order} LIMIT ${f.limit + 1}
       ) r LEFT JOIN agents a ON a.id = r.agent_id
       ORDER BY r.sort_value ${dir}, r.id ${dir}`,
      w.params,
    );
  let rows: Row[];
  if (!w.hasContainment) rows = await fetchPage("runs r");
  else {
    // A metadata or model filter is answered by a GIN index, and PostgreSQL only estimates how
    // many runs match it from a sample. Measured at 1M runs, a 0.1% metadata value was planned
    // as common after one ANALYZE in four: the sort index was walked through ~50,000 runs
    // (180 ms; through the whole window for rarer values). So: first the newest runs in sort
    // order, at most SCAN_BUDGET of them; if they hold a full page, that is the answer. Else the
    // matches are rare, and they are all collected through the index first, then sorted.
    rows = await fetchPage(`(SELECT * FROM runs r WHERE ${w.sql({ containment: false })} ORDER BY ${order} LIMIT ${SCAN_BUDGET}) r`);
    if (rows.length <= f.limit) {
      rows = await fetchPage("runs r JOIN matching m ON m.id = r.id", `WITH matching AS MATERIALIZED (SELECT r.id FROM runs r WHERE ${w.sql()}) `);
    }
  }
  const page = rows.slice(0, f.limit);
  const withFeedback = page.filter((r) => Number(r.feedback_count) > 0).map((r) => r.id as string);
  const fb = await feedbackFor(q, projectId, withFeedback);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => rowToRun(r, fb.get(r.id as string) ?? [])),
    nextCursor:
      rows.length > f.limit && last
        ? encodeCursor(last.sort_value instanceof Date ? last.sort_value.toISOString() : String(last.sort_value), last.id as string)
        : null,
  };
}

export async function getRun(q: Queryable, projectId: string, runId: string): Promise<RunDetailDto | null> {
  const rows = await q.query(
    `SELECT ${RUN_COLUMNS}, p.system_prompt, p.user_prompt AS full_prompt, p.response AS full_response, p.full_input,
            p.full_output, p.attributes
     FROM runs r LEFT JOIN agents a ON a.id = r.agent_id
     LEFT JOIN run_payloads p ON p.project_id = r.project_id AND p.run_id = r.id
     WHERE r.project_id = $1 AND r.id = $2`,
    [projectId, runId],
  );
  const r = rows[0];
  if (!r) return null;
  const [steps, tools, spans, fb] = await Promise.all([
    q.query(`SELECT * FROM steps WHERE project_id = $1 AND run_id = $2 ORDER BY start_time, id`, [projectId, runId]),
    q.query(`SELECT * FROM tool_calls WHERE project_id = $1 AND run_id = $2 ORDER BY start_time, id`, [projectId, runId]),
    q.query(`SELECT * FROM spans WHERE project_id = $1 AND run_id = $2 ORDER BY start_ns, span_id`, [projectId, runId]),
    feedbackFor(q, projectId, [runId]),
  ]);
  const base = rowToRun(r, fb.get(runId) ?? []);
  return {
    ...base,
    userPrompt: (r.full_prompt as string) ?? base.userPrompt,
    response: (r.full_response as string) ?? base.response,
    systemPrompt: (r.system_prompt as string) ?? null,
    fullInput: (r.full_input as string) ?? null,
    fullOutput: (r.full_output as string) ?? null,
    attributes: (r.attributes as Record<string, unknown>) ?? {},
    steps: steps.map(rowToStep),
    toolCalls: tools.map(rowToToolCall),
    spans: spans.map(rowToSpan),
  };
}

export function rowToStep(s: Row): StepDto {
  return {
    id: s.id as string,
    spanId: (s.span_id as string) ?? null,
    name: (s.name as string) ?? null,
    provider: (s.provider as string) ?? null,
    model: (s.model as string) ?? null,
    startTime: isoOrNull(s.start_time)!,
    endTime: isoOrNull(s.end_time),
    durationMs: num(s.duration_ms),
    status: statusText(s.status),
    statusMessage: (s.status_message as string) ?? null,
    input: (s.input as StepDto["input"]) ?? null,
    output: (s.output as StepDto["output"]) ?? null,
    finishReason: (s.finish_reason as string) ?? null,
    usage: { inputTokens: num(s.input_tokens), outputTokens: num(s.output_tokens), cachedTokens: num(s.cached_tokens) },
    costUsd: num(s.cost_usd),
    costSource: (s.cost_source as string) ?? null,
    ttftMs: num(s.ttft_ms),
    attributes: (s.attributes as Record<string, unknown>) ?? {},
  };
}

export function rowToToolCall(t: Row): ToolCallDto {
  return {
    id: t.id as string,
    stepId: (t.step_id as string) ?? null,
    spanId: (t.span_id as string) ?? null,
    toolCallId: (t.tool_call_id as string) ?? null,
    name: t.name as string,
    args: (t.args as string) ?? null,
    result: (t.result as string) ?? null,
    status: statusText(t.status),
    error: (t.error as string) ?? null,
    startTime: isoOrNull(t.start_time)!,
    endTime: isoOrNull(t.end_time),
    durationMs: num(t.duration_ms),
  };
}

export function rowToSpan(s: Row): SpanDto {
  const startNs = BigInt(s.start_ns as string | number | bigint);
  const endNs = s.end_ns === null || s.end_ns === undefined ? null : BigInt(s.end_ns as string | number | bigint);
  return {
    spanId: s.span_id as string,
    traceId: s.trace_id as string,
    parentSpanId: (s.parent_span_id as string) ?? null,
    name: s.name as string,
    kind: Number(s.kind),
    startTime: new Date(Number(startNs / 1_000_000n)).toISOString(),
    endTime: endNs === null ? null : new Date(Number(endNs / 1_000_000n)).toISOString(),
    startNs: startNs.toString(),
    endNs: endNs === null ? null : endNs.toString(),
    status: { code: Number(s.status_code), message: (s.status_message as string) ?? null },
    scope: (s.scope as string) ?? null,
    attributes: (s.attributes as Record<string, unknown>) ?? {},
    events: (s.events as unknown[]) ?? null,
  };
}
