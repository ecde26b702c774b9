import type { ChatMessage } from "../../messages";
import type { RawMetadata, StatusCode, Usage } from "../../model";
import type { OtlpSpan } from "../decode";

/** What a span is within a run. "group" spans (e.g. an agent step) nest LLM calls and tools but are neither. */
export type SpanRole = "run" | "step" | "tool" | "group" | "other";

export interface RunFields {
  userPrompt?: string | null;
  systemPrompt?: string | null;
  response?: string | null;
  fullInput?: string | null;
  fullOutput?: string | null;
  usage?: Usage | null;
  costUsd?: number | null;
  models?: string[];
}

export interface StepFields {
  name?: string | null;
  provider?: string | null;
  model?: string | null;
  input?: ChatMessage[] | string | null;
  output?: ChatMessage[] | string | null;
  finishReason?: string | null;
  usage?: Usage | null;
  costUsd?: number | null;
  ttftMs?: number | null;
}

export interface ToolFields {
  name: string;
  toolCallId?: string | null;
  args?: string | null;
  result?: string | null;
}

/**
 * One OpenTelemetry convention (AI SDK, OTel GenAI, OpenInference, ...). The first convention in
 * the registry whose `matches` accepts a span interprets it.
 */
export interface SpanConvention {
  name: string;
  matches(span: OtlpSpan): boolean;
  classify(span: OtlpSpan): SpanRole;
  /** The run id this convention finds on the span, when it carries one. */
  runId?(span: OtlpSpan): string | null;
  /** Metadata carriers on this span, highest priority first. */
  metadata?(span: OtlpSpan): RawMetadata[];
  run?(span: OtlpSpan): RunFields;
  step?(span: OtlpSpan): StepFields;
  tool?(span: OtlpSpan): ToolFields;
  /** Overrides the span's own status (for conventions that mark errors in attributes). */
  status?(span: OtlpSpan): StatusCode | null;
}
