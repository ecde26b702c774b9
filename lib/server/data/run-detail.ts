import "server-only";
// One run in full: GET /v1/runs/{id} (getRun: every step, tool call and span) and the run's page,
// which reads less so a run with thousands of spans stays fast: the header (capped text), the
// timeline skeleton (run-timeline.ts) and one node's full content on demand.
import type { Queryable } from "@/lib/db/sql";
import type { ChatMessage } from "@/lib/ingest/messages";
import { feedbackFor } from "./feedback";
import { RUN_COLUMNS, rowToRun, statusText, type RunDbRow, type RunDto } from "./runs";

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

interface StepDbRow {
  id: string;
  span_id: string | null;
  name: string | null;
  provider: string | null;
  model: string | null;
  start_time: Date;
  end_time: Date | null;
  duration_ms: number | null;
  status: number;
  status_message: string | null;
  input: ChatMessage[] | string | null;
  output: ChatMessage[] | string | null;
  finish_reason: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cached_tokens: number | null;
  cost_usd: number | null;
  cost_source: string | null;
  ttft_ms: number | null;
  attributes: Record<string, unknown> | null;
}
const STEP_COLUMNS = `id, span_id, name, provider, model, start_time, end_time, duration_ms, status, status_message, input, output,
  finish_reason, input_tokens, output_tokens, cached_tokens, cost_usd, cost_source, ttft_ms, attributes`;

interface ToolCallDbRow {
  id: string;
  step_id: string | null;
  span_id: string | null;
  tool_call_id: string | null;
  name: string;
  args: string | null;
  result: string | null;
  status: number;
  error: string | null;
  start_time: Date;
  end_time: Date | null;
  duration_ms: number | null;
  attributes: Record<string, unknown> | null;
}
const TOOL_COLUMNS = "id, step_id, span_id, tool_call_id, name, args, result, status, error, start_time, end_time, duration_ms, attributes";

interface SpanDbRow {
  span_id: string;
  trace_id: string;
  parent_span_id: string | null;
  name: string;
  kind: number;
  /** int8: a number, or a bigint beyond 2^53 (lib/db/open.ts reads both databases alike). */
  start_ns: number | bigint;
  end_ns: number | bigint | null;
  status_code: number;
  status_message: string | null;
  scope: string | null;
  attributes: Record<string, unknown> | null;
  events: unknown[] | null;
}
const SPAN_COLUMNS = "span_id, trace_id, parent_span_id, name, kind, start_ns, end_ns, status_code, status_message, scope, attributes, events";

const iso = (d: Date | null) => d?.toISOString() ?? null;

function rowToStep(s: StepDbRow): StepDto {
  return {
    id: s.id,
    spanId: s.span_id,
    name: s.name,
    provider: s.provider,
    model: s.model,
    startTime: s.start_time.toISOString(),
    endTime: iso(s.end_time),
    durationMs: s.duration_ms,
    status: statusText(s.status),
    statusMessage: s.status_message,
    input: s.input,
    output: s.output,
    finishReason: s.finish_reason,
    usage: { inputTokens: s.input_tokens, outputTokens: s.output_tokens, cachedTokens: s.cached_tokens },
    costUsd: s.cost_usd,
    costSource: s.cost_source,
    ttftMs: s.ttft_ms,
    attributes: s.attributes ?? {},
  };
}

function rowToToolCall(t: ToolCallDbRow): ToolCallDto {
  return {
    id: t.id,
    stepId: t.step_id,
    spanId: t.span_id,
    toolCallId: t.tool_call_id,
    name: t.name,
    args: t.args,
    result: t.result,
    status: statusText(t.status),
    error: t.error,
    startTime: t.start_time.toISOString(),
    endTime: iso(t.end_time),
    durationMs: t.duration_ms,
  };
}

function rowToSpan(s: SpanDbRow): SpanDto {
  const startNs = BigInt(s.start_ns);
  const endNs = s.end_ns === null ? null : BigInt(s.end_ns);
  return {
    spanId: s.span_id,
    traceId: s.trace_id,
    parentSpanId: s.parent_span_id,
    name: s.name,
    kind: s.kind,
    startTime: new Date(Number(startNs / 1_000_000n)).toISOString(),
    endTime: endNs === null ? null : new Date(Number(endNs / 1_000_000n)).toISOString(),
    startNs: startNs.toString(),
    endNs: endNs === null ? null : endNs.toString(),
    status: { code: s.status_code, message: s.status_message },
    scope: s.scope,
    attributes: s.attributes ?? {},
    events: s.events,
  };
}

interface PayloadDbRow {
  system_prompt: string | null;
  full_prompt: string | null;
  full_response: string | null;
  full_input: string | null;
  full_output: string | null;
  attributes: Record<string, unknown> | null;
}

export async function getRun(q: Queryable, projectId: string, runId: string): Promise<RunDetailDto | null> {
  return (await getRuns(q, projectId, [runId]))[0] ?? null;
}

/**
 * Several runs in full, in the order of `runIds` (unknown ids are left out): five queries
 * whatever the number of runs, so an export reads a page of runs at once rather than run by run.
 */
export async function getRuns(q: Queryable, projectId: string, runIds: string[]): Promise<RunDetailDto[]> {
  if (!runIds.length) return [];
  const ids = [...new Set(runIds)];
  // One round trip: the children are read by the ids asked for, beside the runs themselves (an
  // id with no run finds no children either). An export reads a page of runs this way.
  const [rows, steps, tools, spans, fb] = await Promise.all([
    q.query<RunDbRow & PayloadDbRow>(
      `SELECT ${RUN_COLUMNS}, p.system_prompt, p.user_prompt AS full_prompt, p.response AS full_response, p.full_input,
              p.full_output, p.attributes
       FROM runs r LEFT JOIN agents a ON a.id = r.agent_id
       LEFT JOIN run_payloads p ON p.project_id = r.project_id AND p.run_id = r.id
       WHERE r.project_id = $1 AND r.id = ANY($2::text[])`,
      [projectId, ids],
    ),
    q.query<StepDbRow & { run_id: string }>(
      `SELECT run_id, ${STEP_COLUMNS} FROM steps WHERE project_id = $1 AND run_id = ANY($2::text[]) ORDER BY run_id, start_time, id`,
      [projectId, ids],
    ),
    q.query<ToolCallDbRow & { run_id: string }>(
      `SELECT run_id, ${TOOL_COLUMNS} FROM tool_calls WHERE project_id = $1 AND run_id = ANY($2::text[]) ORDER BY run_id, start_time, id`,
      [projectId, ids],
    ),
    q.query<SpanDbRow & { run_id: string }>(
      `SELECT run_id, ${SPAN_COLUMNS} FROM spans WHERE project_id = $1 AND run_id = ANY($2::text[]) ORDER BY run_id, start_ns, span_id`,
      [projectId, ids],
    ),
    feedbackFor(q, projectId, ids),
  ]);
  if (!rows.length) return [];
  const stepsOf = groupBy(steps, rowToStep);
  const toolsOf = groupBy(tools, rowToToolCall);
  const spansOf = groupBy(spans, rowToSpan);
  const byId = new Map(
    rows.map((r) => {
      const base = rowToRun(r, fb.get(r.id) ?? []);
      const run: RunDetailDto = {
        ...base,
        userPrompt: r.full_prompt ?? base.userPrompt,
        response: r.full_response ?? base.response,
        systemPrompt: r.system_prompt,
        fullInput: r.full_input,
        fullOutput: r.full_output,
        attributes: r.attributes ?? {},
        steps: stepsOf.get(r.id) ?? [],
        toolCalls: toolsOf.get(r.id) ?? [],
        spans: spansOf.get(r.id) ?? [],
      };
      return [r.id, run] as const;
    }),
  );
  return ids.map((id) => byId.get(id)).filter((r): r is RunDetailDto => r !== undefined);
}

/** Rows of several runs (ordered by run) → each run's mapped rows, in their order. */
function groupBy<R extends { run_id: string }, T>(rows: R[], map: (r: R) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.run_id);
    if (list) list.push(map(r));
    else out.set(r.run_id, [map(r)]);
  }
  return out;
}

/** Text fields of the header are cut here; the full value is one request away (runText). */
export const HEADER_TEXT_CAP = 20_000;

export interface RunHeaderDto extends RunDto {
  systemPrompt: string | null;
  /** True when a text field was longer than HEADER_TEXT_CAP. */
  truncated: { userPrompt: boolean; response: boolean; systemPrompt: boolean };
  hasFullInput: boolean;
  hasFullOutput: boolean;
  attributes: Record<string, unknown>;
  /** True when the run's attributes were larger than 64 KB and left out of the header. */
  attributesOmitted: boolean;
}

interface HeaderDbRow extends RunDbRow {
  full_prompt: string | null;
  prompt_len: number | null;
  full_response: string | null;
  response_len: number | null;
  system_prompt: string | null;
  system_len: number | null;
  /** Null when the run has no payload row. */
  has_full_input: boolean | null;
  has_full_output: boolean | null;
  attributes: Record<string, unknown> | null;
  attributes_omitted: boolean | null;
}

export async function getRunHeader(q: Queryable, projectId: string, runId: string): Promise<RunHeaderDto | null> {
  const [r] = await q.query<HeaderDbRow>(
    `SELECT ${RUN_COLUMNS},
       left(p.user_prompt, ${HEADER_TEXT_CAP}) AS full_prompt, length(p.user_prompt) AS prompt_len,
       left(p.response, ${HEADER_TEXT_CAP}) AS full_response, length(p.response) AS response_len,
       left(p.system_prompt, ${HEADER_TEXT_CAP}) AS system_prompt, length(p.system_prompt) AS system_len,
       p.full_input IS NOT NULL AS has_full_input, p.full_output IS NOT NULL AS has_full_output,
       CASE WHEN pg_column_size(p.attributes) <= 65536 THEN p.attributes END AS attributes,
       pg_column_size(p.attributes) > 65536 AS attributes_omitted
     FROM runs r LEFT JOIN agents a ON a.id = r.agent_id
     LEFT JOIN run_payloads p ON p.project_id = r.project_id AND p.run_id = r.id
     WHERE r.project_id = $1 AND r.id = $2`,
    [projectId, runId],
  );
  if (!r) return null;
  const fb = await feedbackFor(q, projectId, [runId]);
  const base = rowToRun(r, fb.get(runId) ?? []);
  const over = (n: number | null) => (n ?? 0) > HEADER_TEXT_CAP;
  return {
    ...base,
    userPrompt: r.full_prompt ?? base.userPrompt,
    response: r.full_response ?? base.response,
    systemPrompt: r.system_prompt,
    truncated: { userPrompt: over(r.prompt_len), response: over(r.response_len), systemPrompt: over(r.system_len) },
    hasFullInput: r.has_full_input === true,
    hasFullOutput: r.has_full_output === true,
    attributes: r.attributes ?? {},
    attributesOmitted: r.attributes_omitted === true,
  };
}

export type RunTextField = "userPrompt" | "response" | "systemPrompt" | "fullInput" | "fullOutput";
const TEXT_COLUMNS: Record<RunTextField, string> = {
  userPrompt: "user_prompt",
  response: "response",
  systemPrompt: "system_prompt",
  fullInput: "full_input",
  fullOutput: "full_output",
};

/** One full text field of a run's payload (null when the run or the field does not exist). */
export async function getRunText(q: Queryable, projectId: string, runId: string, field: RunTextField): Promise<string | null> {
  const rows = await q.query<{ v: string | null }>(`SELECT ${TEXT_COLUMNS[field]} AS v FROM run_payloads WHERE project_id = $1 AND run_id = $2`, [
    projectId,
    runId,
  ]);
  return rows[0]?.v ?? null;
}

export interface NodeDetailDto {
  span: SpanDto | null;
  step: StepDto | null;
  tool: ToolCallDetailDto | null;
}

/** Full content of one timeline node: its span (attributes, events) and the step / tool call it is. */
export async function getNodeDetail(q: Queryable, projectId: string, runId: string, key: string): Promise<NodeDetailDto | null> {
  const [type, ...rest] = key.split(":");
  const id = rest.join(":");
  if (!id) return null;
  if (type === "span") {
    const [spans, steps, tools] = await Promise.all([
      q.query<SpanDbRow>(`SELECT ${SPAN_COLUMNS} FROM spans WHERE project_id = $1 AND run_id = $2 AND span_id = $3 LIMIT 1`, [projectId, runId, id]),
      q.query<StepDbRow>(`SELECT ${STEP_COLUMNS} FROM steps WHERE project_id = $1 AND run_id = $2 AND span_id = $3 LIMIT 1`, [projectId, runId, id]),
      q.query<ToolCallDbRow>(`SELECT ${TOOL_COLUMNS} FROM tool_calls WHERE project_id = $1 AND run_id = $2 AND span_id = $3 LIMIT 1`, [projectId, runId, id]),
    ]);
    if (!spans[0]) return null;
    return { span: rowToSpan(spans[0]), step: steps[0] ? rowToStep(steps[0]) : null, tool: tools[0] ? withAttributes(tools[0]) : null };
  }
  if (type === "step") {
    const rows = await q.query<StepDbRow>(`SELECT ${STEP_COLUMNS} FROM steps WHERE project_id = $1 AND run_id = $2 AND id = $3`, [projectId, runId, id]);
    return rows[0] ? { span: null, step: rowToStep(rows[0]), tool: null } : null;
  }
  if (type === "tool") {
    const rows = await q.query<ToolCallDbRow>(`SELECT ${TOOL_COLUMNS} FROM tool_calls WHERE project_id = $1 AND run_id = $2 AND id = $3`, [
      projectId,
      runId,
      id,
    ]);
    return rows[0] ? { span: null, step: null, tool: withAttributes(rows[0]) } : null;
  }
  return null;
}

export type ToolCallDetailDto = ToolCallDto & { attributes: Record<string, unknown> };

function withAttributes(row: ToolCallDbRow): ToolCallDetailDto {
  return { ...rowToToolCall(row), attributes: row.attributes ?? {} };
}
