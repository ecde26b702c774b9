import { describe, expect, it } from "vitest";
import { expandTimeline } from "@/components/run-detail/timeline-model";
import { buildTimeline, compactTimeline, type SkeletonSpan } from "./run-timeline";

/** Epoch microseconds of an ISO time, plus extra microseconds. */
const us = (iso: string, extra = 0) => Date.parse(iso) * 1000 + extra;

describe("buildTimeline", () => {
  it("builds the tree from spans, marking steps and tool calls, with ms offsets from the earliest start", () => {
    const spans: SkeletonSpan[] = [
      {
        spanId: "root",
        parentSpanId: "http-not-exported",
        name: "ai.generateText",
        startUs: us("2026-01-01T00:00:00.000Z"),
        endUs: us("2026-01-01T00:00:01.000Z"),
        error: false,
      },
      {
        spanId: "llm",
        parentSpanId: "root",
        name: "ai.generateText.doGenerate",
        startUs: us("2026-01-01T00:00:00.010Z", 500),
        endUs: us("2026-01-01T00:00:00.400Z"),
        error: false,
      },
      {
        spanId: "tool",
        parentSpanId: "root",
        name: "ai.toolCall",
        startUs: us("2026-01-01T00:00:00.400Z"),
        endUs: us("2026-01-01T00:00:00.900Z"),
        error: true,
      },
    ];
    const tl = buildTimeline(
      { startUs: us("2026-01-01T00:00:00.000Z"), endUs: us("2026-01-01T00:00:01.000Z"), name: "weather", error: false },
      spans,
      [{ id: "llm", spanId: "llm", name: "doGenerate", model: "gpt-4o", startUs: us("2026-01-01T00:00:00.010Z"), endUs: null, error: false }],
      [{ id: "tool", spanId: "tool", stepId: "llm", name: "get_weather", startUs: us("2026-01-01T00:00:00.400Z"), endUs: null, error: true }],
    );
    expect(tl.t0).toBe("2026-01-01T00:00:00.000Z");
    expect(tl.key).toEqual(["run", "span:root", "span:llm", "span:tool"]);
    // The root span's parent was never exported: it hangs under the run.
    expect(tl.parent).toEqual([-1, 0, 1, 1]);
    expect(tl.kind).toEqual([0, 3, 1, 2]);
    expect(tl.label).toEqual(["", "", "gpt-4o", "get_weather"]);
    expect(tl.start[2]).toBe(10.5);
    expect(tl.end[3]).toBe(900);
    expect(tl.error).toEqual([0, 0, 0, 1]);
    // The shipped form encodes names once and expands back to the same timeline.
    const compact = compactTimeline(tl);
    expect(compact.dict.length).toBeLessThan(tl.name.length + tl.label.length);
    expect(expandTimeline(compact)).toEqual(tl);
  });

  it("hangs steps and tool calls without spans (custom SDK) under their step or the run", () => {
    const t = (ms: number) => us("2026-01-01T00:00:00.000Z") + ms * 1000;
    const tl = buildTimeline(
      { startUs: t(0), endUs: null, name: "run", error: true },
      [],
      [{ id: "s1", spanId: null, name: null, model: "gpt-4o", startUs: t(100), endUs: t(300), error: false }],
      [
        { id: "t1", spanId: null, stepId: "s1", name: "search", startUs: t(300), endUs: t(500), error: false },
        { id: "t2", spanId: null, stepId: null, name: "lookup", startUs: t(600), endUs: t(2000), error: false },
      ],
    );
    expect(tl.key).toEqual(["run", "step:s1", "tool:t1", "tool:t2"]);
    expect(tl.parent).toEqual([-1, 0, 1, 0]);
    expect(tl.name[1]).toBe("LLM call");
    // The run had no end: it spans its children.
    expect(tl.end[0]).toBe(2000);
    expect(tl.error[0]).toBe(1);
  });

  it("starts the axis at the earliest child when a child starts before the run", () => {
    const base = us("2026-01-01T00:00:01.000Z");
    const tl = buildTimeline(
      { startUs: base, endUs: base + 1000_000, name: "run", error: false },
      [{ spanId: "early", parentSpanId: null, name: "early", startUs: base - 250_000, endUs: base, error: false }],
      [],
      [],
    );
    expect(tl.start).toEqual([250, 0]);
  });

  it("cuts parent cycles at the run instead of looping", () => {
    const t = us("2026-01-01T00:00:00.000Z");
    const tl = buildTimeline(
      { startUs: t, endUs: null, name: "run", error: false },
      [
        { spanId: "a", parentSpanId: "b", name: "a", startUs: t, endUs: null, error: false },
        { spanId: "b", parentSpanId: "a", name: "b", startUs: t + 1, endUs: null, error: false },
      ],
      [],
      [],
    );
    const reachesRun = (i: number) => {
      for (let hops = 0; hops < 10; hops++) {
        if (i === 0) return true;
        i = tl.parent[i]!;
      }
      return false;
    };
    expect(reachesRun(1) && reachesRun(2)).toBe(true);
  });
});
