import { describe, expect, it } from "vitest";
import { formatCost, formatCount, formatCountOf, formatDateTime, formatDuration, formatRelative, formatTokens, oneLine } from "./format";

describe("format", () => {
  it("formats durations at every scale", () => {
    expect(formatDuration(null)).toBe("–");
    expect(formatDuration(0)).toBe("0ms");
    expect(formatDuration(0.5)).toBe("0.50ms");
    expect(formatDuration(12.4)).toBe("12ms");
    expect(formatDuration(1234)).toBe("1.23s");
    expect(formatDuration(12_345)).toBe("12.3s");
    expect(formatDuration(125_000)).toBe("2m 5s");
    expect(formatDuration(3_725_000)).toBe("1h 2m");
  });

  it("formats counts, tokens and costs", () => {
    expect(formatCount(9999)).toBe("9,999");
    expect(formatCount(12_345)).toBe("12.3K");
    expect(formatTokens(0, 0)).toBe("–");
    expect(formatTokens(150, 45)).toBe("150 → 45");
    expect(formatCost(null)).toBe("–");
    expect(formatCost(0.0042)).toBe("$0.0042");
    expect(formatCost(0.00001)).toBe("<$0.0001");
    expect(formatCost(12.5)).toBe("$12.50");
  });

  it("formats dates in UTC when asked and relative times", () => {
    expect(formatDateTime("2026-11-22T22:22:20.438Z", { utc: true, ms: true })).toBe("2026-11-22 22:22:20.438");
    expect(formatDateTime("not a date")).toBe("–");
    const now = Date.parse("2026-01-10T12:00:00Z");
    expect(formatRelative("2026-01-10T11:59:30Z", now)).toBe("30s ago");
    expect(formatRelative("2026-01-10T09:00:00Z", now)).toBe("3h ago");
    expect(formatRelative("2026-01-07T12:00:00Z", now)).toBe("3d ago");
  });

  it("collapses previews to one bounded line", () => {
    expect(oneLine("a\n  b\tc")).toBe("a b c");
    expect(oneLine("x".repeat(200), 10)).toBe(`${"x".repeat(9)}…`);
    expect(oneLine(null)).toBe("");
  });
});

describe("formatCountOf", () => {
  it("uses the singular for exactly one and the plural otherwise", () => {
    expect(formatCountOf(1, "run")).toBe("1 run");
    expect(formatCountOf(0, "run")).toBe("0 runs");
    expect(formatCountOf(2, "run")).toBe("2 runs");
    expect(formatCountOf(12_345, "session")).toBe("12.3K sessions");
    expect(formatCountOf(1, "match", "matches")).toBe("1 match");
  });
});
