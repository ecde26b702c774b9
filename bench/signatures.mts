// What error signatures cost on the ingestion path (lib/insights/failures/signature.ts).
//   npx tsx bench/signatures.mts
// 1. Per message: every message of the labelled table (tests/fixtures/failures/messages.ts),
//    many times over, and the longest message alone, computed afresh; and a message seen recently
//    (failureSignature remembers the last 2,000 messages).
// 2. Against the ingestion work they join: the bench's 50-run AI SDK trace request (ingest.mjs,
//    3 tool calls per run, 10% of runs with a failed tool call, 3% failed runs) is parsed and
//    mapped to an IngestBatch (JSON.parse + spansFromRequest + tracesToBatch, the pure part of
//    ingestion, less than half of the server's CPU per request), then the signatures of its failed
//    items are computed. The share is an upper bound: the server also writes to the database.
//    A second row makes every run fail (the worst case: every run and step carries a message).
import { computeSignature, failureSignature, type FailureInput } from "@/lib/insights/failures/signature";
import { spansFromRequest } from "@/lib/ingest/otlp/decode";
import { tracesToBatch } from "@/lib/ingest/otlp/to-batch";
import type { IngestBatch } from "@/lib/ingest/model";
import { MESSAGE_GROUPS } from "@/tests/fixtures/failures/messages";
// @ts-expect-error plain ESM module without types
import { scenarios } from "./ingest.mjs";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Milliseconds of this process's CPU per call (CPU time, not wall time: the machine is shared). */
function timeEach(fn: () => void, repeat: number, rounds = 7): number {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < repeat; i++) fn();
    const used = process.cpuUsage(t0);
    times.push((used.user + used.system) / 1000 / repeat);
  }
  return median(times);
}

/** The failed items of a batch as the store would sign them. */
function failedItems(b: IngestBatch): FailureInput[] {
  return [
    ...b.runs.filter((r) => r.status === 2).map((r) => ({ kind: "run" as const, message: r.statusMessage })),
    ...b.steps.filter((s) => s.status === 2).map((s) => ({ kind: "step" as const, message: s.statusMessage })),
    ...b.toolCalls.filter((t) => t.status === 2).map((t) => ({ kind: "tool_call" as const, tool: t.name, message: t.error })),
  ];
}

const messages: FailureInput[] = MESSAGE_GROUPS.flatMap((g) => g.variants.map((message) => ({ kind: g.kind, tool: g.tool ?? null, message })));
const longest = messages.reduce((a, b) => ((b.message ?? "").length > (a.message ?? "").length ? b : a));
for (let i = 0; i < 2000; i++) for (const m of messages) computeSignature(m); // warm-up (JIT)
const perMessage = timeEach(() => messages.forEach((m) => computeSignature(m)), 200) / messages.length;
const perLongest = timeEach(() => computeSignature(longest), 20_000);
const perRepeat = timeEach(() => messages.forEach((m) => failureSignature(m)), 200) / messages.length;
console.log(`${messages.length} labelled messages: ${(perMessage * 1000).toFixed(1)} µs of CPU per message (median of 7 rounds)`);
console.log(`a message seen recently (memoised): ${(perRepeat * 1000).toFixed(2)} µs of CPU`);
console.log(`longest (${(longest.message ?? "").length} characters): ${(perLongest * 1000).toFixed(1)} µs of CPU`);

const batchRequest = (scenarios({ durationMs: 0 }) as Array<{ key: string; template: () => string }>).find((s) => s.key === "traces-batch")!.template();
const map = (text: string) => tracesToBatch(spansFromRequest(JSON.parse(text)).spans);
const sample = map(batchRequest);
const everyRunFails = batchRequest.replace(/"status":\{"code":0\}/g, '"status":{"code":2,"message":"Error code: 429 - rate limit reached for requests"}');
for (const [label, text] of [
  ["bench trace batch", batchRequest],
  ["same, every span failed", everyRunFails],
] as const) {
  const batch = map(text);
  const failed = failedItems(batch);
  for (let i = 0; i < 5; i++) map(text);
  const mapMs = timeEach(() => map(text), 10);
  // Without the memo (as if every message were new), and with it (repeats of recent messages).
  const signMs = timeEach(() => failed.forEach((f) => computeSignature(f)), 200);
  const memoMs = timeEach(() => failed.forEach((f) => failureSignature(f)), 200);
  const pct = (ms: number) => `${((100 * ms) / mapMs).toFixed(2)}%`;
  console.log(
    `${label}: ${batch.runs.length} runs, ${failed.length} failed items; parse + map ${mapMs.toFixed(2)} ms of CPU; ` +
      `signatures ${signMs.toFixed(3)} ms new (${pct(signMs)} of parse + map), ${memoMs.toFixed(3)} ms memoised (${pct(memoMs)})`,
  );
}
console.log(`(sample batch: ${sample.runs.length} runs, ${sample.steps.length} steps, ${sample.toolCalls.length} tool calls)`);
