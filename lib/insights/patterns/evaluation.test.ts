// Quality of the built-in detectors on the labelled evaluation set (tests/fixtures/insights). The
// bars are the ones the project promises; docs/insights.md reports the figures.
import { describe, expect, test } from "vitest";
import { loadEvaluationSet, type LabelledRun } from "@/tests/fixtures/insights/load";
import { scoreDetectors, type PatternScore } from "@/tests/fixtures/insights/score";
import type { BuiltinPatternKey } from "./types";

const BARS: Record<BuiltinPatternKey, { precision: number; recall: number }> = {
  frustration: { precision: 0.85, recall: 0.7 },
  confusion: { precision: 0.85, recall: 0.7 },
  task_failure: { precision: 0.85, recall: 0.8 },
  tool_error_loop: { precision: 1, recall: 1 },
  repeated_calls: { precision: 1, recall: 1 },
};

const table = (part: string, scores: PatternScore[]) =>
  scores.map((s) => `${part} ${s.key}: P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)} (tp ${s.tp}, fp ${s.fp}, fn ${s.fn}, ${s.runs} runs)`).join("\n");

// The bars hold on the whole set and on the part the detectors were tuned on; the held-out part
// alone is smaller (13 positives each for frustration and confusion), so its figures are printed
// and reported in docs/insights.md but a single miss there is not a test failure.
// `fresh` was written after the cues had been fitted to dev and heldout (see the fixtures' README):
// the only part no cue was written from. Printed and reported like heldout, not asserted alone.
const parts: Record<"dev" | "heldout" | "fresh" | "all", () => LabelledRun[]> = {
  dev: () => loadEvaluationSet("dev"),
  heldout: () => loadEvaluationSet("heldout"),
  fresh: () => loadEvaluationSet("fresh"),
  all: () => [...loadEvaluationSet("dev"), ...loadEvaluationSet("heldout"), ...loadEvaluationSet("fresh")],
};

for (const part of ["dev", "heldout", "fresh", "all"] as const) {
  const { scores, mistakes } = scoreDetectors(parts[part]());
  if (process.env.INSIGHTS_EVAL_VERBOSE) {
    console.log(table(part, scores));
    if (part !== "all") for (const m of mistakes) console.log(`${m.kind.padEnd(14)} ${m.key.padEnd(15)} ${m.run.padEnd(12)} ${m.prompt.slice(0, 110)}`);
  }
  if (part === "heldout" || part === "fresh") continue;
  describe(`built-in detectors on the ${part === "all" ? "whole evaluation set" : "dev part"}`, () => {
    test.each(scores.map((s) => [s.key, s] as const))("%s meets its precision and recall bars", (key, s) => {
      expect(s.positives, `${part} has positive examples of ${key}`).toBeGreaterThan(0);
      expect(s.precision, `${key} precision`).toBeGreaterThanOrEqual(BARS[key].precision);
      expect(s.recall, `${key} recall`).toBeGreaterThanOrEqual(BARS[key].recall);
    });
  });
}

test("the held-out part has positives of every pattern and the tool patterns are exact on it", () => {
  const { scores } = scoreDetectors(parts.heldout());
  for (const s of scores) expect(s.positives, s.key).toBeGreaterThan(0);
  for (const s of scores.filter((x) => x.key === "tool_error_loop" || x.key === "repeated_calls")) expect([s.precision, s.recall]).toEqual([1, 1]);
});

test("the evaluation set holds at least 300 labelled user turns", () => {
  const turns = parts.all().filter((r) => r.context.run.conversational);
  expect(turns.length).toBeGreaterThanOrEqual(300);
});
