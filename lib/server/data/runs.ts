import "server-only";
// The run data layer: the REST API and the dashboard read runs through these functions only.
// Lists are time-bounded and keyset-paginated on indexes that match their sort; rows carry
// previews; full payloads are read only by the run's page (run-detail.ts) and GET /v1/runs/{id}.
import type { Queryable } from "@/lib/db/sql";
import { FilterError } from "@/lib/validations/list-params";
import type { RunFilters } from "@/lib/validations/lists";
import { findAgent } from "./agents";
import { findPatternRef, unknownPatternError } from "./insights";
import { feedbackFor, type FeedbackDto } from "./feedback";
import { decodeCursor, encodeCursor, isCursorInstant, SqlWhere } from "./sql-where";

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

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** One run as RUN_COLUMNS selects it (runs r LEFT JOIN agents a). */
export interface RunDbRow {
  id: string;
  trace_id: string | null;
  source: string;
  session_id: string | null;
  conversational: boolean | null;
  user_id: string | null;
  user_name: string | null;
  org_id: string | null;
  org_name: string | null;
  status: number;
  status_message: string | null;
  start_time: Date;
  end_time: Date | null;
  duration_ms: number | null;
  user_prompt: string | null;
  response: string | null;
  models: string[] | null;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cost_usd: number | null;
  metadata: Record<string, string> | null;
  feedback_count: number;
  step_count: number;
  tool_call_count: number;
  tool_error_count: number;
  agent_name: string | null;
  agent_slug: string | null;
}

/** Status codes as ingestion stores them (2 is an error, as in OpenTelemetry). */
export const statusText = (v: number): "success" | "error" => (v === 2 ? "error" : "success");

export const RUN_COLUMNS = `r.id, r.trace_id, r.source, r.session_id, r.conversational, r.user_id, r.user_name, r.org_id, r.org_name,
  r.status, r.status_message, r.start_time, r.end_time, r.duration_ms, r.user_prompt, r.response, r.models,
  r.input_tokens, r.output_tokens, r.cached_tokens, r.cost_usd, r.metadata, r.feedback_count, r.step_count,
  r.tool_call_count, r.tool_error_count, a.name AS agent_name, a.slug AS agent_slug`;

export function rowToRun(r: RunDbRow, feedback: FeedbackDto[] = []): RunDto {
  return {
    id: r.id,
    traceId: r.trace_id,
    agent: r.agent_name ? { name: r.agent_name, slug: r.agent_slug ?? "" } : null,
    sessionId: r.session_id,
    conversational: r.conversational === true,
    user: r.user_id ? { id: r.user_id, name: r.user_name } : null,
    org: r.org_id ? { id: r.org_id, name: r.org_name } : null,
    status: statusText(r.status),
    statusMessage: r.status_message,
    startTime: r.start_time.toISOString(),
    endTime: r.end_time?.toISOString() ?? null,
    durationMs: r.duration_ms,
    userPrompt: r.user_prompt,
    response: r.response,
    models: r.models ?? [],
    usage: { inputTokens: r.input_tokens, outputTokens: r.output_tokens, cachedTokens: r.cached_tokens },
    costUsd: r.cost_usd,
    metadata: r.metadata ?? {},
    feedback,
    stepCount: r.step_count,
    toolCallCount: r.tool_call_count,
    toolErrorCount: r.tool_error_count,
    source: r.source,
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

type RunConditionFilters = Omit<RunFilters, "sort" | "order" | "limit" | "cursor" | "pattern" | "topic" | "failure"> & {
  pattern?: string | null;
  topic?: string | null;
  failure?: string | null;
};

/**
 * WHERE conditions on `runs r` shared by every run query (lists, counts, charts), added to `w`
 * (a fresh builder unless the caller joins runs into a larger query). Null: nothing can match.
 */
export async function runConditions(q: Queryable, projectId: string, f: RunConditionFilters, w = new SqlWhere()): Promise<SqlWhere | null> {
  const project = w.param(projectId);
  const from = w.param(f.window.from.toISOString());
  const to = w.param(f.window.to.toISOString());
  w.add(`r.project_id = ${project}`);
  w.add(`r.start_time >= ${from}::timestamptz`);
  w.add(`r.start_time <= ${to}::timestamptz`);
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
  if (f.minDurationMs !== null) w.add(`r.duration_ms >= ${w.param(f.minDurationMs)}`);
  if (f.feedback === "thumbs_up") w.add("r.feedback_score = 1");
  if (f.feedback === "thumbs_down") w.add("r.feedback_score = -1");
  if (f.feedback === "any") w.add("r.feedback_count > 0");
  if (f.feedback === "none") w.add("r.feedback_count = 0");
  // Runs of a topic, through the topic's (project, topic, start_time) index over the same window.
  if (f.topic)
    w.add(
      `r.id IN (SELECT rt.run_id FROM run_topics rt WHERE rt.project_id = ${project} AND rt.topic_id = ${w.param(f.topic)} AND rt.start_time >= ${from}::timestamptz AND rt.start_time <= ${to}::timestamptz)`,
    );
  // Runs with an occurrence of an error signature: the group's run ids through
  // failure_occurrences_signature_idx over the window (a rare group is collected by index, like a
  // containment, rather than by walking the window's runs).
  if (f.failure)
    w.addContainment(
      `r.id IN (SELECT fo.run_id FROM failure_occurrences fo WHERE fo.project_id = ${project} AND fo.signature = ${w.param(f.failure)} AND fo.start_time >= ${from}::timestamptz AND fo.start_time <= ${to}::timestamptz)`,
    );
  if (f.model) w.addContainment(`r.models @> ARRAY[${w.param(f.model)}]::text[]`);
  if (f.metadata.length) w.addContainment(`r.metadata @> ${w.param(JSON.stringify(Object.fromEntries(f.metadata)))}::jsonb`);
  if (f.pattern) {
    const pattern = await findPatternRef(q, projectId, f.pattern);
    if (!pattern) throw unknownPatternError(f.pattern);
    // Answered by run_patterns' (project, pattern, start time) index, like a containment: a rare
    // pattern is collected through that index rather than by walking the window (see listRuns).
    w.addContainment(
      `r.id IN (SELECT rp.run_id FROM run_patterns rp WHERE rp.project_id = ${w.param(projectId)} AND rp.pattern_id = ${w.param(pattern.id)}
         AND rp.start_time >= ${w.param(f.window.from.toISOString())}::timestamptz AND rp.start_time <= ${w.param(f.window.to.toISOString())}::timestamptz)`,
    );
  }
  return w;
}

/** Whether the project has any run at all: the first-run empty state rather than "nothing matches". */
export async function hasAnyRun(q: Queryable, projectId: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM runs WHERE project_id = $1 LIMIT 1`, [projectId])).length > 0;
}

export async function runExists(q: Queryable, projectId: string, runId: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM runs WHERE project_id = $1 AND id = $2`, [projectId, runId])).length > 0;
}

export async function listRuns(q: Queryable, projectId: string, f: RunFilters): Promise<Page<RunDto>> {
  // The runs of a pattern in time order are walked on run_patterns' (project, pattern, start time)
  // index, joining each match to its run: a page costs a page of lookups however rare the
  // pattern. Collected through `r.id IN (…)` instead, a pattern on 2% of runs read the whole
  // window (318 ms at 100,000 runs).
  const byPattern = f.pattern !== null && f.sort === "startTime" ? await findPatternRef(q, projectId, f.pattern) : null;
  if (f.pattern !== null && f.sort === "startTime" && !byPattern) throw unknownPatternError(f.pattern);
  const w = await runConditions(q, projectId, byPattern ? { ...f, pattern: null } : f);
  if (!w) return { data: [], nextCursor: null };
  const sort = SORT_EXPR[f.sort];
  const dir = f.order === "asc" ? "ASC" : "DESC";
  const cmp = f.order === "asc" ? ">" : "<";
  const [sortExpr, idExpr] = byPattern ? ["rp.start_time", "rp.run_id"] : [sort.expr, "r.id"];
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    const valid = sort.cast === "timestamptz" ? isCursorInstant(c.v) : c.v.trim() !== "" && Number.isFinite(Number(c.v));
    if (!valid) throw new FilterError("cursor does not belong to this sort; pass the nextCursor of the same query.");
    w.add(`(${sortExpr}, ${idExpr}) ${cmp} (${w.param(c.v)}::${sort.cast}, ${w.param(c.id)})`);
  }
  if (byPattern) {
    w.add(`rp.project_id = ${w.param(projectId)}`);
    w.add(`rp.pattern_id = ${w.param(byPattern.id)}`);
    w.add(`rp.start_time >= ${w.param(f.window.from.toISOString())}::timestamptz`);
    w.add(`rp.start_time <= ${w.param(f.window.to.toISOString())}::timestamptz`);
    // One agent's matches are walked on the (project, pattern, agent, start time) index: on the
    // time index alone a page joined every agent's matches to their runs to keep 1 in 8.
    const agent = f.agent ? await findAgent(q, projectId, f.agent) : null;
    if (agent) w.add(`rp.agent_id = ${w.param(agent.id)}`);
  }
  // The page is cut from runs alone, then joined: with the join inside, a planner without column
  // statistics (PGlite has no autovacuum) hashed the whole window before sorting it (2.6 s at 1M).
  const order = `${sortExpr} ${dir}, ${idExpr} ${dir}`;
  const fetchPage = (from: string, cte = "") =>
    q.query<RunDbRow & { sort_value: Date | number }>(
      `${cte}SELECT ${RUN_COLUMNS}, r.sort_value FROM (
         SELECT r.*, ${sortExpr} AS sort_value FROM ${from}
         WHERE ${w.sql()} ORDER BY ${order} LIMIT ${f.limit + 1}
       ) r LEFT JOIN agents a ON a.id = r.agent_id
       ORDER BY r.sort_value ${dir}, r.id ${dir}`,
      w.params,
    );
  let rows: Array<RunDbRow & { sort_value: Date | number }>;
  if (byPattern) rows = await fetchPage("run_patterns rp JOIN runs r ON r.project_id = rp.project_id AND r.id = rp.run_id");
  else if (!w.hasContainment) rows = await fetchPage("runs r");
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
  const fb = await feedbackFor(
    q,
    projectId,
    page.filter((r) => r.feedback_count > 0).map((r) => r.id),
  );
  const last = page[page.length - 1];
  return {
    data: page.map((r) => rowToRun(r, fb.get(r.id) ?? [])),
    nextCursor:
      rows.length > f.limit && last ? encodeCursor(last.sort_value instanceof Date ? last.sort_value.toISOString() : String(last.sort_value), last.id) : null,
  };
}

/** Runs by id as the list returns them, in the order of `runIds` (unknown ids are left out). */
export async function getRunsByIds(q: Queryable, projectId: string, runIds: string[]): Promise<RunDto[]> {
  if (!runIds.length) return [];
  const rows = await q.query<RunDbRow>(
    `SELECT ${RUN_COLUMNS} FROM runs r LEFT JOIN agents a ON a.id = r.agent_id WHERE r.project_id = $1 AND r.id = ANY($2::text[])`,
    [projectId, runIds],
  );
  const fb = await feedbackFor(
    q,
    projectId,
    rows.filter((r) => r.feedback_count > 0).map((r) => r.id),
  );
  const byId = new Map(rows.map((r) => [r.id, rowToRun(r, fb.get(r.id) ?? [])]));
  return runIds.map((id) => byId.get(id)).filter((r): r is RunDto => r !== undefined);
}
