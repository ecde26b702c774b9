// Writes an IngestBatch in one transaction with set-based SQL (statements.ts), idempotently: runs,
// steps, tool calls and spans are upserted by their ids, and every derived value is recomputed
// from its sources (the same rules as aggregates.ts). The caller answers 2xx only after this
// resolves, i.e. after COMMIT. A write is one call of the write function (write-function.ts),
// after a lookup of the batch's agents that is cached per process.
import type { Sql } from "@/lib/db/sql";
import { priceUsage } from "@/lib/ingest/pricing";
import { boundedKey, cleanText, jsonText, label, preview } from "@/lib/ingest/sanitize";
import { emptyMetadata, type IngestBatch, type RunInput, type StepInput } from "@/lib/ingest/model";
import { searchDocs, type SearchDoc } from "@/lib/search/document";
import { maintainRollups } from "@/lib/server/data/rollups";
import { noteIngestWrite } from "@/lib/server/insights/pace";
import { resolveAgentIds } from "./agents";
import { maintainEmbedded, noteWrittenRuns } from "./maintenance";
import { FailureSigner } from "./failures";
import { callWriteFunction } from "./write-function";

export interface StoreResult {
  runs: number;
  steps: number;
  toolCalls: number;
  spans: number;
}

const PREVIEW_CHARS = 500;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Later items with the same key replace earlier ones; order of first appearance is kept. */
function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const map = new Map<string, T>();
  for (const it of items) map.set(key(it), it);
  return [...map.values()];
}

/** Several records of one run in one batch (multi-POST merges, user-reused ids) become one. */
function mergeRuns(runs: RunInput[]): RunInput[] {
  const byId = new Map<string, RunInput>();
  for (const r of runs) {
    const prev = byId.get(r.id);
    if (!prev) {
      byId.set(r.id, r);
      continue;
    }
    const [base, over] = prev.placeholder && !r.placeholder ? [r, prev] : [prev, r];
    const realOverPlaceholder = over.placeholder && !base.placeholder;
    const pick = <K extends keyof RunInput>(k: K): RunInput[K] => (over.placeholder ? (base[k] ?? over[k]) : (over[k] ?? base[k]));
    byId.set(r.id, {
      ...base,
      traceId: pick("traceId"),
      status: Math.max(base.status ?? 0, over.placeholder ? 0 : (over.status ?? 0)) as RunInput["status"],
      statusMessage: pick("statusMessage"),
      // A placeholder's times only span its children; a real record's times are the run's.
      startTime: realOverPlaceholder || base.startTime < over.startTime ? base.startTime : over.startTime,
      endTime: realOverPlaceholder
        ? base.endTime
        : !base.endTime
          ? over.endTime
          : !over.endTime
            ? base.endTime
            : base.endTime > over.endTime
              ? base.endTime
              : over.endTime,
      userPrompt: pick("userPrompt"),
      systemPrompt: pick("systemPrompt"),
      response: pick("response"),
      fullInput: pick("fullInput"),
      fullOutput: pick("fullOutput"),
      usage: pick("usage"),
      costUsd: pick("costUsd"),
      models: [...new Set([...base.models, ...over.models])],
      meta: {
        ...base.meta,
        ...Object.fromEntries(Object.entries(over.meta).filter(([k, v]) => k !== "custom" && v !== null)),
        custom: { ...base.meta.custom, ...over.meta.custom },
      },
      attributes: { ...base.attributes, ...over.attributes },
      placeholder: base.placeholder && over.placeholder,
    });
  }
  return [...byId.values()];
}

/** Runs that only their children mention get a placeholder so nothing is orphaned or lost. */
function withPlaceholders(batch: IngestBatch, runs: RunInput[]): RunInput[] {
  const known = new Set(runs.map((r) => r.id));
  const earliest = new Map<string, Date>();
  for (const c of [...batch.steps, ...batch.toolCalls]) {
    if (known.has(c.runId)) continue;
    const prev = earliest.get(c.runId);
    if (!prev || c.startTime < prev) earliest.set(c.runId, c.startTime);
  }
  const placeholders: RunInput[] = [...earliest].map(([id, startTime]) => ({
    id,
    traceId: null,
    source: "placeholder",
    meta: emptyMetadata(),
    status: 0,
    statusMessage: null,
    startTime,
    endTime: null,
    userPrompt: null,
    systemPrompt: null,
    response: null,
    fullInput: null,
    fullOutput: null,
    usage: null,
    costUsd: null,
    models: [],
    attributes: {},
    placeholder: true,
  }));
  return [...runs, ...placeholders];
}

function stepCost(s: StepInput): { cost: number | null; source: string | null } {
  if (s.costUsd !== null && Number.isFinite(s.costUsd)) return { cost: usd(s.costUsd), source: "sdk" };
  const priced = usd(priceUsage(s.model, s.provider, s.usage));
  return priced === null ? { cost: null, source: null } : { cost: priced, source: "price" };
}

/** Costs above this are client bugs; the analytics rollups keep costs in numeric(24,12). */
const MAX_COST_USD = 1_000_000;

function usd(v: number | null | undefined): number | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  return Math.min(MAX_COST_USD, Math.max(0, v));
}

/** Token counts above a billion are client bugs; two of them must still add up inside an int4. */
const MAX_TOKENS = 1_000_000_000;

function tokens(v: number | null | undefined): number | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  return Math.min(MAX_TOKENS, Math.max(0, Math.round(v)));
}

/** The JSON documents of the write function's p_steps, p_tools, p_spans and p_payloads, one per table. */
function childDocs(batch: IngestBatch, runs: RunInput[], signer: FailureSigner): string[] {
  const steps = batch.steps.map((s) => {
    const cost = stepCost(s);
    const statusMessage = cleanText(s.statusMessage);
    return {
      run_id: s.runId,
      id: s.id,
      span_id: s.spanId,
      name: cleanText(s.name),
      provider: cleanText(s.provider),
      model: label(s.model),
      start_time: iso(s.startTime),
      end_time: iso(s.endTime),
      status: s.status,
      status_message: statusMessage,
      input: s.input,
      output: s.output,
      finish_reason: cleanText(s.finishReason),
      input_tokens: tokens(s.usage?.inputTokens),
      output_tokens: tokens(s.usage?.outputTokens),
      cached_tokens: tokens(s.usage?.cachedTokens),
      cost_usd: cost.cost,
      cost_source: cost.source,
      ttft_ms: s.ttftMs,
      attributes: s.attributes,
      failure_signature: s.status === 2 ? signer.sign(s.runId, "step", statusMessage) : null,
    };
  });
  const tools = batch.toolCalls.map((t) => {
    const name = label(t.name);
    const error = cleanText(t.error);
    return {
      run_id: t.runId,
      id: t.id,
      step_id: t.stepId,
      span_id: t.spanId,
      tool_call_id: t.toolCallId,
      name,
      args: cleanText(t.args),
      result: cleanText(t.result),
      status: t.status,
      error,
      start_time: iso(t.startTime),
      end_time: iso(t.endTime),
      attributes: t.attributes,
      failure_signature: t.status === 2 ? signer.sign(t.runId, "tool_call", error, name) : null,
    };
  });
  const spans = batch.spans.map((s) => ({
    trace_id: s.traceId,
    span_id: s.spanId,
    run_id: s.runId,
    parent_span_id: s.parentSpanId,
    name: cleanText(s.name),
    kind: s.kind,
    start_ns: s.startNs.toString(),
    end_ns: s.endNs === null ? null : s.endNs.toString(),
    status_code: s.statusCode,
    status_message: cleanText(s.statusMessage),
    scope: cleanText(s.scope),
    attributes: s.attributes ?? {},
    events: s.events,
  }));
  const payloads = runs
    .filter((r) => !r.placeholder || Object.keys(r.attributes).length)
    .map((r) => ({
      run_id: r.id,
      user_prompt: cleanText(r.userPrompt),
      system_prompt: cleanText(r.systemPrompt),
      response: cleanText(r.response),
      full_input: cleanText(r.fullInput),
      full_output: cleanText(r.fullOutput),
      attributes: r.attributes ?? {},
    }));
  return [steps, tools, spans, payloads].map((rows) => jsonText(rows) ?? "[]");
}

/** The end users and orgs documents (p_users, p_orgs); every run counts (the SQL groups by id). */
function peopleDocs(runs: RunInput[]): [users: string, orgs: string] {
  const users = runs.filter((r) => r.meta.userId).map((r) => ({ id: r.meta.userId, name: r.meta.userName, org_id: r.meta.orgId, seen: iso(r.startTime) }));
  const orgs = runs.filter((r) => r.meta.orgId).map((r) => ({ id: r.meta.orgId, name: r.meta.orgName, seen: iso(r.startTime) }));
  return [jsonText(users) ?? "[]", jsonText(orgs) ?? "[]"];
}

/** The search documents (p_search): one per run of the batch, in run_search's columns. */
export function searchDocsJson(docs: SearchDoc[]): string {
  const rows = docs.map(({ runId, ...sections }) => ({ run_id: runId, ...sections }));
  return jsonText(rows) ?? "[]";
}

/** The runs document (p_runs). */
function runsDoc(runs: RunInput[], agentIds: Map<string, string>, signer: FailureSigner): string {
  const rows = runs.map((r) => {
    const statusMessage = preview(r.statusMessage, 4000);
    return {
      id: r.id,
      trace_id: r.traceId,
      source: r.source,
      agent_id: r.meta.agent ? (agentIds.get(r.meta.agent) ?? null) : null,
      session_id: r.meta.sessionId,
      conversational: r.meta.conversational,
      user_id: r.meta.userId,
      user_name: r.meta.userName,
      org_id: r.meta.orgId,
      org_name: r.meta.orgName,
      status: r.status ?? 0,
      status_message: statusMessage,
      start_time: iso(r.startTime),
      end_time: iso(r.endTime),
      user_prompt: preview(r.userPrompt, PREVIEW_CHARS),
      response: preview(r.response, PREVIEW_CHARS),
      models: r.models.length ? r.models.map((m) => label(m)) : null,
      reported_usage: r.usage && {
        inputTokens: tokens(r.usage.inputTokens),
        outputTokens: tokens(r.usage.outputTokens),
        cachedTokens: tokens(r.usage.cachedTokens),
      },
      reported_cost: usd(r.costUsd),
      metadata: r.meta.custom,
      placeholder: r.placeholder,
      // Signed from the text as stored, as the backfill signs it.
      failure_signature: r.status === 2 && !r.placeholder ? signer.sign(r.id, "run", statusMessage) : null,
    };
  });
  return jsonText(rows) ?? "[]";
}

/**
 * The batch as it will be written: one record per id (later ones win, several records of a run
 * merged) and a placeholder for every run only its children mention. Preparing the concatenation
 * of several prepared batches gives what writing them one after the other would store.
 */
export function prepareBatch(input: IngestBatch): IngestBatch {
  const k = boundedKey;
  const batch: IngestBatch = {
    runs: [],
    steps: dedupe(
      input.steps.map((s) => ({ ...s, runId: k(s.runId), id: k(s.id) })),
      (s) => `${s.runId}\u0000${s.id}`,
    ),
    toolCalls: dedupe(
      input.toolCalls.map((t) => ({ ...t, runId: k(t.runId), id: k(t.id), stepId: t.stepId === null ? null : k(t.stepId) })),
      (t) => `${t.runId}\u0000${t.id}`,
    ),
    spans: dedupe(
      input.spans.map((s) => ({ ...s, runId: k(s.runId) })),
      (s) => `${s.traceId}:${s.spanId}`,
    ),
  };
  batch.runs = withPlaceholders(batch, mergeRuns(input.runs.map((r) => ({ ...r, id: k(r.id) }))));
  return batch;
}

export const countOf = (b: IngestBatch): StoreResult => ({ runs: b.runs.length, steps: b.steps.length, toolCalls: b.toolCalls.length, spans: b.spans.length });

/**
 * The embedded database copies a statement's parameters into its WebAssembly memory and works on
 * them there; that memory keeps its high-water mark (lib/db/pglite-thread.ts reopens the database
 * to give it back). One 30 MB batch written as one statement grew it from 128 to 459 MB. So on the
 * embedded database a batch whose documents come to more than this is written as several calls of
 * the write function in one transaction, each with the runs of one part and all their children.
 */
export const EMBEDDED_CALL_CHARS = 4 * 1024 * 1024;
/**
 * At most this many calls per batch: each takes up to LOCK_FINE_MAX advisory locks on runs and on
 * sessions that the transaction keeps (aggregates.ts), and the embedded database's lock table
 * holds ~18,000.
 */
export const EMBEDDED_MAX_CALLS = 16;

/**
 * About how many characters `v` takes in a JSON document (strings' lengths, 8 per other value): to
 * size calls. Every batch on the embedded database is walked once. The request body's length is
 * no substitute: a gzip body is several times smaller than its documents, a protobuf one smaller
 * too (ids are bytes there, hex text here), and small requests are written together as one batch.
 * Without Object.entries' arrays the walk takes 10 ms instead of 16 ms for a 30 MB batch (warmed up).
 */
function approxChars(v: unknown, depth = 0): number {
  if (typeof v === "string") return v.length + 3;
  if (v === null || typeof v !== "object" || depth > 16) return 8;
  let n = 2;
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) n += approxChars(v[i], depth + 1) + 1;
  else for (const k in v) n += k.length + 4 + approxChars((v as Record<string, unknown>)[k], depth + 1);
  return n;
}

/**
 * A prepared batch as the parts written by one call each on the embedded database (see
 * EMBEDDED_CALL_CHARS): consecutive runs with their steps, tool calls and spans. The parts have no
 * run in common, so writing them one after the other stores what writing the batch does.
 */
export function splitForEmbedded(batch: IngestBatch, maxChars = EMBEDDED_CALL_CHARS, maxCalls = EMBEDDED_MAX_CALLS): IngestBatch[] {
  const chars = new Map<string, number>();
  let total = 0;
  const add = (runId: string, item: unknown) => {
    const n = approxChars(item);
    chars.set(runId, (chars.get(runId) ?? 0) + n);
    total += n;
  };
  for (const r of batch.runs) add(r.id, r);
  for (const s of batch.steps) add(s.runId, s);
  for (const t of batch.toolCalls) add(t.runId, t);
  for (const s of batch.spans) add(s.runId, s);
  if (total <= maxChars || batch.runs.length < 2) return [batch];
  const count = Math.min(maxCalls, Math.ceil(total / maxChars), batch.runs.length);
  const share = total / count;
  const partOf = new Map<string, number>();
  let part = 0;
  let filled = 0;
  for (const r of batch.runs) {
    if (filled >= share && part < count - 1) {
      part++;
      filled = 0;
    }
    partOf.set(r.id, part);
    filled += chars.get(r.id) ?? 0;
  }
  const parts: IngestBatch[] = Array.from({ length: part + 1 }, () => ({ runs: [], steps: [], toolCalls: [], spans: [] }));
  // Spans of a run the batch has no record of (placeholders are made for steps and tool calls
  // only) go with the first part, as they would in a single call.
  const at = (runId: string) => parts[partOf.get(runId) ?? 0]!;
  for (const r of batch.runs) at(r.id).runs.push(r);
  for (const s of batch.steps) at(s.runId).steps.push(s);
  for (const t of batch.toolCalls) at(t.runId).toolCalls.push(t);
  for (const s of batch.spans) at(s.runId).spans.push(s);
  return parts;
}

/**
 * Writes a prepared batch (prepareBatch) in one transaction; resolves after COMMIT. `searchIndex:
 * false` leaves the runs' search documents out: only the benchmark that measures their cost uses it.
 */
export async function writeBatch(sql: Sql, projectId: string, batch: IngestBatch, opts: { searchIndex?: boolean } = {}): Promise<StoreResult> {
  const runs = batch.runs;
  if (!runs.length) return countOf(batch);

  // Agents are created outside the transaction: the rows are idempotent and a slug collision
  // must not abort the transaction that holds the run data.
  const agentNames = runs.map((r) => r.meta.agent).filter((n): n is string => !!n);
  const agentIds = agentNames.length ? await resolveAgentIds(sql, projectId, agentNames) : new Map<string, string>();

  const params = (part: IngestBatch, people: [string, string]) => {
    const signer = new FailureSigner();
    return [
      projectId,
      ...childDocs(part, part.runs, signer),
      runsDoc(part.runs, agentIds, signer),
      part.runs.map((r) => r.id),
      [...new Set(part.runs.map((r) => r.meta.sessionId).filter((s): s is string => !!s))],
      ...people,
      signer.doc(),
      signer.runIds(),
      opts.searchIndex === false ? "[]" : searchDocsJson(searchDocs(part)),
    ];
  };
  const parts = sql.kind === "pglite" ? splitForEmbedded(batch) : [batch];
  if (parts.length === 1) await callWriteFunction(sql, params(batch, peopleDocs(runs)));
  else {
    // The end users and orgs of the whole batch go with the last call: a user's name is then
    // taken from the batch's latest run that has one, as in a single call.
    const none: [string, string] = ["[]", "[]"];
    await callWriteFunction(sql, (i) => params(parts[i]!, i === parts.length - 1 ? peopleDocs(runs) : none), parts.length);
  }
  // Analytics rollups are kept by a trigger on runs; merging their fresh rows happens after COMMIT.
  // Not awaited: the data is committed, and the requests of this write need not wait for the
  // compaction (it held their answers for up to seconds once the rollups had grown).
  void maintainRollups(sql, projectId);
  maintainEmbedded(sql);
  noteWrittenRuns(sql, runs.length);
  noteIngestWrite();
  return countOf(batch);
}
