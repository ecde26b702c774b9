// Conventions in priority order: the first whose `matches` accepts a span interprets it.
// Adding a framework is one file and one entry here. Spans no convention claims are still
// stored (as generic spans with all attributes) and shown on the run's timeline.
//
// Why this order:
//  1. AI SDK 5/6 first: its step spans also carry `gen_ai.system` / `gen_ai.request.model`,
//     which the generic GenAI mapper would claim with less detail (no `ai.prompt`, no tool calls).
//  2. OpenInference next: `openinference.span.kind` is an unambiguous marker, and some
//     OpenInference instrumentations add `gen_ai.*` attributes as well.
//  3. OpenLLMetry / Traceloop before GenAI: its LLM spans carry `gen_ai.system` and
//     `gen_ai.request.model` too, but the messages are in indexed `gen_ai.prompt.N.*` attributes and
//     the run is a `traceloop.span.kind = workflow` root that GenAI knows nothing about.
//  4. OTel GenAI semantic conventions (incl. AI SDK 7): any remaining `gen_ai.*` span.
//  5. Generic: everything else, kept as plain spans.
import { aiSdkConvention } from "./ai-sdk";
import { genAiConvention } from "./gen-ai";
import { openInferenceConvention } from "./openinference";
import { openLlmetryConvention } from "./openllmetry";
import type { SpanConvention } from "./types";

export const genericConvention: SpanConvention = {
  name: "generic",
  matches: () => true,
  classify: () => "other",
};

export const CONVENTIONS: readonly SpanConvention[] = [aiSdkConvention, openInferenceConvention, openLlmetryConvention, genAiConvention, genericConvention];

export function conventionFor(span: Parameters<SpanConvention["matches"]>[0]): SpanConvention {
  return CONVENTIONS.find((c) => c.matches(span)) ?? genericConvention;
}
