// The normalised shape every ingestion format is turned into before it is stored. Mappers
// (OTLP conventions, custom JSON, framework payloads) are pure functions that return an
// IngestBatch; lib/server/ingest/store.ts writes it idempotently.
import type { ChatMessage } from "./messages";

/** OTel status codes: 0 unset, 1 ok, 2 error. */
export type StatusCode = 0 | 1 | 2;

export interface Usage {
  inputTokens: number | null;
  outputTokens: number | null;
  cachedTokens: number | null;
}

/** Raw reserved and custom metadata as found on one carrier, before the rules are applied. */
export type RawMetadata = Record<string, unknown>;

/** Metadata after the rules of product.md are applied (lib/ingest/metadata.ts). */
export interface ResolvedMetadata {
  runId: string | null;
  sessionId: string | null;
  conversational: boolean | null;
  agent: string | null;
  userId: string | null;
  userName: string | null;
  orgId: string | null;
  orgName: string | null;
  /** Custom metadata: every non-reserved key, values as strings. */
  custom: Record<string, string>;
}

export interface RunInput {
  id: string;
  traceId: string | null;
  source: string;
  meta: ResolvedMetadata;
  status: StatusCode | null;
  statusMessage: string | null;
  startTime: Date;
  endTime: Date | null;
  userPrompt: string | null;
  systemPrompt: string | null;
  response: string | null;
  fullInput: string | null;
  fullOutput: string | null;
  /** Totals the SDK reported on the run itself (AI SDK run span, Claude result). */
  usage: Usage | null;
  /** Cost the SDK reported for the whole run. */
  costUsd: number | null;
  /** Model names seen on the run itself (steps add theirs). */
  models: string[];
  /** Extra attributes kept for the run's detail page. */
  attributes: Record<string, unknown>;
  /**
   * True when this record only stands in for a run whose own record has not arrived (children
   * first, otel-steps): it must never overwrite fields of a real run record.
   */
  placeholder: boolean;
}

export interface StepInput {
  id: string;
  runId: string;
  spanId: string | null;
  name: string | null;
  provider: string | null;
  model: string | null;
  startTime: Date;
  endTime: Date | null;
  status: StatusCode;
  statusMessage: string | null;
  input: ChatMessage[] | string | null;
  output: ChatMessage[] | string | null;
  finishReason: string | null;
  usage: Usage | null;
  /** Cost the SDK sent; when null the store prices the tokens. */
  costUsd: number | null;
  ttftMs: number | null;
  attributes: Record<string, unknown>;
}

export interface ToolCallInput {
  id: string;
  runId: string;
  stepId: string | null;
  spanId: string | null;
  toolCallId: string | null;
  name: string;
  args: string | null;
  result: string | null;
  status: StatusCode;
  error: string | null;
  startTime: Date;
  endTime: Date | null;
  attributes: Record<string, unknown>;
}

export interface SpanInput {
  traceId: string;
  spanId: string;
  runId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  /** Unix nanoseconds. */
  startNs: bigint;
  endNs: bigint | null;
  statusCode: StatusCode;
  statusMessage: string | null;
  scope: string | null;
  attributes: Record<string, unknown>;
  events: unknown[] | null;
}

export interface IngestBatch {
  runs: RunInput[];
  steps: StepInput[];
  toolCalls: ToolCallInput[];
  spans: SpanInput[];
}

export function emptyBatch(): IngestBatch {
  return { runs: [], steps: [], toolCalls: [], spans: [] };
}

export function mergeBatches(...batches: IngestBatch[]): IngestBatch {
  const out = emptyBatch();
  for (const b of batches) {
    out.runs.push(...b.runs);
    out.steps.push(...b.steps);
    out.toolCalls.push(...b.toolCalls);
    out.spans.push(...b.spans);
  }
  return out;
}

export const emptyMetadata = (): ResolvedMetadata => ({
  runId: null,
  sessionId: null,
  conversational: null,
  agent: null,
  userId: null,
  userName: null,
  orgId: null,
  orgName: null,
  custom: {},
});
