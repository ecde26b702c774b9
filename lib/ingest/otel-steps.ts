// `POST /v1/otel-steps` (and the legacy `/otel-steps`): the Python LiteLLM callback
// (`contextcompany.litellm.TCCCallback`) sends one `litellm_request` span per completion, in
// standard OTel batches that may mix runs. Each span becomes a step of the run its
// `metadata.tcc.runId` attribute names. That run normally comes from `/v1/custom` before or after
// the steps; until it does, the store keeps a placeholder run that the real record fills in.
//
// A span without a run id is a LiteLLM call the user did not tag: it becomes a one-step run of
// its own, keyed by its trace id (each LiteLLM span is its own trace root), so the call is still
// visible with its prompt, response, tokens and cost. Spans that are not `litellm_request` spans
// (another exporter pointed here) are read as ordinary OTLP traces, so nothing is dropped.
import { resolveMetadata } from "./metadata";
import { lastUserText, normalizeMessages, readPrompt, systemText, tryParseJson, type ChatMessage } from "./messages";
import { emptyBatch, mergeBatches, type IngestBatch, type StepInput } from "./model";
import { attrFirst, attrNumber, attrString, errorMessage, usageOf } from "./otlp/attrs";
import { assistantText } from "./otlp/values";
import { nsToDate, type OtlpSpan } from "./otlp/decode";
import { spanToInput, tracesToBatch } from "./otlp/to-batch";

const RUN_ID_KEYS = ["metadata.tcc.runId", "metadata.tcc.run_id", "tcc.runId", "tcc.run_id"];
const SOURCE = "otel-steps";

export function isLiteLlmSpan(span: OtlpSpan): boolean {
  return span.name === "litellm_request" || RUN_ID_KEYS.slice(0, 2).some((k) => k in span.attributes);
}

function messages(v: unknown): ChatMessage[] | string | null {
  if (v === null || v === undefined || v === "") return null;
  const parsed = typeof v === "string" ? tryParseJson(v) : v;
  return normalizeMessages(parsed) ?? readPrompt(v);
}

/** LiteLLM model names may lead with their provider: "anthropic/claude-3-5-sonnet" → both parts. */
function splitModel(span: OtlpSpan): { provider: string | null; model: string | null } {
  const a = span.attributes;
  const model = attrString(a, "gen_ai.response.model") ?? attrString(a, "gen_ai.request.model");
  const slash = model?.indexOf("/") ?? -1;
  const explicit = attrString(a, "gen_ai.system", "gen_ai.provider.name");
  if (!model || slash <= 0) return { provider: explicit, model };
  return { provider: explicit ?? model.slice(0, slash), model: model.slice(slash + 1) };
}

function toStep(span: OtlpSpan, runId: string): StepInput {
  const a = span.attributes;
  const { provider, model } = splitModel(span);
  const failed = span.status.code === 2;
  return {
    id: span.spanId,
    runId,
    spanId: span.spanId,
    name: span.name || "litellm_request",
    provider,
    model,
    startTime: nsToDate(span.startNs),
    endTime: span.endNs ? nsToDate(span.endNs) : null,
    status: span.status.code,
    statusMessage: failed ? errorMessage(span) : span.status.message,
    input: messages(a["gen_ai.input.messages"]),
    output: messages(a["gen_ai.output.messages"]),
    // Sent as the JSON text of a list (`'["stop"]'`), not as an OTLP array.
    finishReason: attrFirst(a, "gen_ai.response.finish_reasons"),
    usage: usageOf(
      attrNumber(a, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"),
      attrNumber(a, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"),
      attrNumber(a, "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens"),
    ),
    costUsd: null,
    ttftMs: null,
    attributes: {},
  };
}

/** Decoded spans of an otel-steps request → steps (plus runs for untagged calls). */
export function otelStepsToBatch(spans: OtlpSpan[]): IngestBatch {
  const out = emptyBatch();
  const others: OtlpSpan[] = [];
  for (const span of spans) {
    if (!isLiteLlmSpan(span)) {
      others.push(span);
      continue;
    }
    const tagged = attrString(span.attributes, ...RUN_ID_KEYS)?.trim() || null;
    const runId = tagged ?? span.traceId;
    const step = toStep(span, runId);
    out.steps.push(step);
    out.spans.push(spanToInput(span, runId));
    if (tagged) continue;
    const input = Array.isArray(step.input) ? step.input : null;
    out.runs.push({
      id: runId,
      traceId: span.traceId,
      source: SOURCE,
      meta: resolveMetadata(),
      status: step.status,
      statusMessage: step.statusMessage,
      startTime: step.startTime,
      endTime: step.endTime,
      userPrompt: input ? lastUserText(input) : typeof step.input === "string" ? step.input : null,
      systemPrompt: input ? systemText(input) : null,
      response: assistantText(step.output),
      fullInput: attrString(span.attributes, "gen_ai.input.messages"),
      fullOutput: attrString(span.attributes, "gen_ai.output.messages"),
      usage: null,
      costUsd: null,
      models: step.model ? [step.model] : [],
      attributes: { resource: span.resource, rootSpan: span.name },
      placeholder: false,
    });
  }
  return others.length ? mergeBatches(out, tracesToBatch(others, { source: SOURCE })) : out;
}
