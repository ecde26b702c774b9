import { describe, expect, it } from "vitest";
import { adjustedRandIndex } from "./evaluation";
import { DEFAULT_TREND_OPTIONS, isEmerging, topicTrend } from "./emerging";

describe("adjustedRandIndex", () => {
  it("is 1 for the same partition under other names", () => {
    expect(adjustedRandIndex(["a", "a", "b", "b", "c"], [2, 2, 0, 0, 1])).toBe(1);
  });
  it("matches scikit-learn's adjusted_rand_score on known cases", () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.571428, 5);
    expect(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(0.571428, 5);
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 5);
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBeCloseTo(0, 5);
  });
  it("refuses labelings of different lengths", () => {
    expect(() => adjustedRandIndex([1], [1, 2])).toThrow(/length/);
  });
});

describe("topicTrend", () => {
  const base = { totalRuns: 1000, previousTotalRuns: 1000 };
  it("calls a topic new when it had no runs before and has enough now", () => {
    expect(topicTrend({ ...base, runCount: 12, previousRunCount: 0 })).toBe("new");
    expect(topicTrend({ ...base, runCount: 2, previousRunCount: 0 })).toBe("steady");
  });
  it("compares shares, not counts", () => {
    // Twice the runs in a window with twice the traffic: the same share.
    expect(topicTrend({ runCount: 40, previousRunCount: 20, totalRuns: 2000, previousTotalRuns: 1000 })).toBe("steady");
    expect(topicTrend({ ...base, runCount: 40, previousRunCount: 20 })).toBe("rising");
    expect(topicTrend({ ...base, runCount: 10, previousRunCount: 20 })).toBe("falling");
  });
  it("ignores ratios on too few runs", () => {
    expect(topicTrend({ ...base, runCount: 3, previousRunCount: 1 }, DEFAULT_TREND_OPTIONS)).toBe("steady");
  });
  it("counts new and rising as emerging", () => {
    expect(["new", "rising", "steady", "falling"].map((t) => isEmerging(t as never))).toEqual([true, true, false, false]);
  });
});
