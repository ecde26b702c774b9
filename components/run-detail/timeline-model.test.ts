import { describe, expect, it } from "vitest";
import type { RunTimeline } from "@/lib/server/data/run-timeline";
import { axisTicks, criticalPath, indexTimeline, visibleRows } from "./timeline-model";

// run(0..100) → a(0..30), b(10..90) ∥ c(20..60), d(92..100); b → b1(10..50), b2(55..90)
function sample(): RunTimeline {
  const rows: Array<[string, number, number, number]> = [
    ["run", -1, 0, 100],
    ["a", 0, 0, 30],
    ["b", 0, 10, 90],
    ["c", 0, 20, 60],
    ["d", 0, 92, 100],
    ["b1", 2, 10, 50],
    ["b2", 2, 55, 90],
  ];
  return {
    t0: "2026-01-01T00:00:00.000Z",
    key: rows.map((r) => r[0]),
    parent: rows.map((r) => r[1]),
    name: rows.map((r) => r[0]),
    kind: rows.map((_, i) => (i === 0 ? 0 : 3)),
    start: rows.map((r) => r[2]),
    end: rows.map((r) => r[3]),
    error: rows.map(() => 0),
    label: rows.map(() => ""),
  };
}

describe("timeline model", () => {
  it("indexes children by start and computes depth", () => {
    const idx = indexTimeline(sample());
    expect(idx.children[0]).toEqual([1, 2, 3, 4]);
    expect(idx.children[2]).toEqual([5, 6]);
    expect(idx.depth).toEqual([0, 1, 1, 1, 1, 2, 2]);
    expect(idx.total).toBe(100);
  });

  it("flattens in tree order and hides collapsed subtrees", () => {
    const idx = indexTimeline(sample());
    expect(visibleRows(idx, new Set())).toEqual([0, 1, 2, 5, 6, 3, 4]);
    expect(visibleRows(idx, new Set([2]))).toEqual([0, 1, 2, 3, 4]);
  });

  it("puts the chain that decided the end on the critical path, not parallel work", () => {
    const tl = sample();
    const on = criticalPath(tl, indexTimeline(tl));
    const names = tl.key.filter((_, i) => on[i]);
    // d ends the run; before d started, b finished last; within b, b2 then b1; a covered 0..10.
    expect(names).toEqual(["run", "a", "b", "d", "b1", "b2"]);
    // c ran in parallel with b and ended earlier: not on the path.
    expect(on[3]).toBe(0);
  });

  it("handles very deep traces without recursion", () => {
    const n = 20_000;
    const tl: RunTimeline = {
      t0: "2026-01-01T00:00:00.000Z",
      key: Array.from({ length: n }, (_, i) => `s${i}`),
      parent: Array.from({ length: n }, (_, i) => i - 1),
      name: Array.from({ length: n }, () => "x"),
      kind: Array.from({ length: n }, () => 3),
      start: Array.from({ length: n }, (_, i) => i),
      end: Array.from({ length: n }, () => n),
      error: Array.from({ length: n }, () => 0),
      label: Array.from({ length: n }, () => ""),
    };
    const idx = indexTimeline(tl);
    expect(idx.depth[n - 1]).toBe(n - 1);
    expect(visibleRows(idx, new Set()).length).toBe(n);
    expect(criticalPath(tl, idx).reduce((a, b) => a + b, 0)).toBe(n);
  });

  it("chooses round axis ticks", () => {
    expect(axisTicks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(axisTicks(7)).toEqual([0, 2, 4, 6]);
  });
});
