import { describe, expect, it } from "vitest";
import { parseWindow, WindowError } from "./window";

const now = new Date("2026-12-03T12:00:00Z");
const q = (s: string) => new URLSearchParams(s);

describe("parseWindow", () => {
  it("reads a range ending now, or an explicit from/to", () => {
    expect(parseWindow(q("range=1d"), undefined, now)).toEqual({ from: new Date("2026-12-02T12:00:00Z"), to: now, range: "1d" });
    const w = parseWindow(q("from=2026-12-01T00:00:00Z&to=1796256000000"), undefined, now);
    expect([w.from.toISOString(), w.to.toISOString(), w.range]).toEqual(["2026-12-01T00:00:00.000Z", "2026-12-03T00:00:00.000Z", null]);
  });

  it("says what is wrong with a window it cannot use", () => {
    expect(() => parseWindow(q(""), undefined, now)).toThrow(/time window is required/);
    expect(() => parseWindow(q("range=3d"), undefined, now)).toThrow(/range must be one of/);
    expect(() => parseWindow(q("from=yesterday"), undefined, now)).toThrow(/ISO 8601/);
    expect(() => parseWindow(q("from=2026-12-03&to=2026-12-01"), undefined, now)).toThrow(/from must be before to/);
    // A range with a from ignored the from; a range with a to ends there.
    expect(() => parseWindow(q("range=1d&from=2026-01-01"), undefined, now)).toThrow(/either range .* or from\/to/);
    expect(parseWindow(q("range=1d&to=2026-12-01T00:00:00Z"), undefined, now).from.toISOString()).toBe("2026-11-30T00:00:00.000Z");
  });

  it("refuses dates PostgreSQL cannot take instead of failing the query", () => {
    // Valid JavaScript dates: PostgreSQL read "+275760-…" as a time zone, a 500.
    expect(() => parseWindow(q("range=1d&to=%2B275760-09-13T00:00:00Z"), undefined, now)).toThrow(WindowError);
    expect(() => parseWindow(q("from=0001-01-01T00:00:00Z"), undefined, now)).toThrow(/between the years 1 and 9999/);
    expect(parseWindow(q("from=0"), undefined, now).from.toISOString()).toBe("1970-01-01T00:00:00.000Z");
  });

  it("refuses a window longer than a century, which read hour by hour ran the server out of memory", () => {
    expect(() => parseWindow(q("from=0001-03-01&to=9999-12-31"), undefined, now)).toThrow(/at most 100 years/);
    expect(() => parseWindow(q("from=1900-01-01&to=2026-12-03"), undefined, now)).toThrow(WindowError);
    expect(parseWindow(q("from=1926-12-04&to=2026-12-03"), undefined, now).from.toISOString()).toBe("1926-12-04T00:00:00.000Z");
  });
});
