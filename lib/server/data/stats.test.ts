import { describe, expect, it } from "vitest";
import { monthMasks, seriesStepMs, MAX_CHART_STEPS, type Span } from "./stats";

const H = 3_600_000;
const D = 24 * H;

/** The hour-at-a-time construction monthMasks had before, as the reference. */
function reference(spans: Span[]): Array<{ month: string; mask: string }> {
  const masks = new Map<number, string[]>();
  for (const s of spans) {
    for (let h = s.from.getTime(); h < s.to.getTime(); h += H) {
      const d = new Date(h);
      const month = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      const bits = masks.get(month) ?? Array<string>(744).fill("0");
      bits[(h - month) / H] = "1";
      masks.set(month, bits);
    }
  }
  return [...masks].map(([month, bits]) => ({ month: new Date(month).toISOString(), mask: bits.join("") }));
}

const span = (from: number, to: number): Span => ({ from: new Date(from), to: new Date(to) });

describe("monthMasks", () => {
  it("marks the same hours of the same months as an hour-by-hour walk", () => {
    const base = Date.parse("2024-01-29T05:00:00Z"); // a leap February follows
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n) + 0;
    const cases: Span[][] = [
      [span(base, base + H)],
      [span(base, base + 45 * D)],
      [span(Date.parse("2026-03-31T23:00:00Z"), Date.parse("2026-04-01T01:00:00Z"))],
      [span(Date.parse("2026-04-01T00:00:00Z"), Date.parse("2026-05-01T00:00:00Z"))],
      [span(base, base + 3 * H), span(base + 50 * H, base + 70 * D)],
      [span(base, base)],
    ];
    for (let i = 0; i < 40; i++) {
      const a = base + rand(2000) * H;
      const b = a + (1 + rand(3000)) * H;
      const c = b + rand(500) * H;
      cases.push([span(a, b), span(c, c + rand(900) * H)]);
    }
    for (const spans of cases) expect(monthMasks(spans), JSON.stringify(spans)).toEqual(reference(spans));
  });

  it("builds a century a month at a time", () => {
    const to = Date.parse("2026-12-05T16:00:00Z");
    const from = Date.parse("1926-12-06T00:00:00Z");
    const masks = monthMasks([span(from, to)]);
    expect(masks).toHaveLength(1201);
    expect(masks[0]!.mask).toBe("0".repeat(5 * 24) + "1".repeat(26 * 24));
    expect(masks[1]!.mask).toBe("1".repeat(31 * 24)); // January 1927
    expect(masks[2]!.mask).toBe("1".repeat(28 * 24) + "0".repeat(744 - 28 * 24));
    expect(masks.at(-1)!.mask).toBe("1".repeat(4 * 24 + 16) + "0".repeat(744 - 4 * 24 - 16));
  });
});

describe("seriesStepMs", () => {
  it("steps by a day up to MAX_CHART_STEPS days, then by as many whole days as keep a chart under it", () => {
    const now = Date.parse("2026-12-05T16:00:00Z");
    expect(seriesStepMs(span(now - 60 * D, now))).toBe(D);
    expect(seriesStepMs(span(now - MAX_CHART_STEPS * D, now))).toBe(D);
    for (const days of [MAX_CHART_STEPS + 1, 1000, 20_800, 36_524]) {
      const step = seriesStepMs(span(now - days * D, now));
      expect(step % D).toBe(0);
      expect(step).toBeGreaterThan(D);
      expect(Math.ceil((days * D) / step)).toBeLessThanOrEqual(MAX_CHART_STEPS);
    }
  });
});
