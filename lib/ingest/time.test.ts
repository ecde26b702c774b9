import { describe, expect, it } from "vitest";
import { parseTime, shiftTime } from "./time";

describe("parseTime", () => {
  it("reads ISO strings, zone-less Python times and epoch numbers", () => {
    expect(parseTime("2026-11-22T22:22:20.552Z")?.toISOString()).toBe("2026-11-22T22:22:20.552Z");
    expect(parseTime("2026-11-22 22:22:20.552123")?.toISOString()).toBe("2026-11-22T22:22:20.552Z");
    expect(parseTime(1_763_850_140)?.toISOString()).toBe("2025-11-22T22:22:20.000Z");
    expect(parseTime(1_763_850_140_552)?.toISOString()).toBe("2025-11-22T22:22:20.552Z");
  });

  it("treats dates PostgreSQL cannot take as text as unparseable", () => {
    // Valid JavaScript dates; PostgreSQL read "+275760-…" as a time zone and failed the write (a 500).
    expect(parseTime("+275760-09-13T00:00:00.000Z")).toBeNull();
    expect(parseTime("-271821-04-20T00:00:00Z")).toBeNull();
    expect(parseTime(1e25)).toBeNull(); // read as nanoseconds: far beyond the year 9999
    expect(parseTime(-1e308)).toBeNull();
    expect(parseTime("9999-12-31T23:59:59Z")?.getUTCFullYear()).toBe(9999);
  });
});

describe("shiftTime", () => {
  it("moves a date, or gives null when a duration pushes it out of range", () => {
    const end = new Date("2026-11-22T00:00:10Z");
    expect(shiftTime(end, -10_000)?.toISOString()).toBe("2026-11-22T00:00:00.000Z");
    expect(shiftTime(end, -9_007_199_254_740_992)).toBeNull();
  });
});
