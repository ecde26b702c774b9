import { describe, expect, it } from "vitest";
import { TimeZoneError, assertTimeZone, lastCompletedPeriod, nextPeriod, periodContaining, periodsToGenerate, previousPeriod } from "./period";

const at = (s: string) => new Date(s);
const hours = (p: { start: Date; end: Date }) => (p.end.getTime() - p.start.getTime()) / 3_600_000;

describe("recap periods", () => {
  it("defaults to UTC days and ISO weeks starting on Monday", () => {
    const day = periodContaining(at("2026-03-28T17:00:00Z"), "day");
    expect(day).toMatchObject({ key: "2026-03-28", start: at("2026-03-28T00:00:00Z"), end: at("2026-03-29T00:00:00Z"), timeZone: "UTC" });
    const week = periodContaining(at("2026-03-28T17:00:00Z"), "week");
    expect(week).toMatchObject({ key: "2026-W13", date: "2026-03-23", start: at("2026-03-23T00:00:00Z"), end: at("2026-03-30T00:00:00Z") });
    // A Monday starts its own week; a Sunday belongs to the week before.
    expect(periodContaining(at("2026-03-23T00:00:00Z"), "week").key).toBe("2026-W13");
    expect(periodContaining(at("2026-03-22T23:59:59Z"), "week").key).toBe("2026-W12");
  });

  it("numbers ISO weeks across a year end", () => {
    expect(periodContaining(at("2026-12-31T12:00:00Z"), "week").key).toBe("2026-W53");
    expect(periodContaining(at("2027-01-03T12:00:00Z"), "week").key).toBe("2026-W53");
    expect(periodContaining(at("2027-01-04T12:00:00Z"), "week").key).toBe("2027-W01");
    expect(periodContaining(at("2025-12-29T12:00:00Z"), "week").key).toBe("2026-W01");
  });

  it("reports on the period that ended by the scheduled time, not the one running", () => {
    expect(lastCompletedPeriod(at("2026-03-29T00:00:00Z"), "day").key).toBe("2026-03-28");
    expect(lastCompletedPeriod(at("2026-03-29T00:05:00Z"), "day").key).toBe("2026-03-28");
    expect(lastCompletedPeriod(at("2026-03-30T00:01:00Z"), "week").key).toBe("2026-W13");
  });

  it("uses local midnights in a time zone", () => {
    const paris = periodContaining(at("2026-01-15T23:30:00Z"), "day", "Europe/Paris");
    expect(paris).toMatchObject({ key: "2026-01-16", start: at("2026-01-15T23:00:00Z"), end: at("2026-01-16T23:00:00Z") });
    const tokyo = periodContaining(at("2026-01-15T16:00:00Z"), "day", "Asia/Tokyo");
    expect(tokyo).toMatchObject({ key: "2026-01-16", start: at("2026-01-15T15:00:00Z") });
  });

  it("makes DST days 23 and 25 hours long, and weeks across them 167 and 169", () => {
    const spring = periodContaining(at("2026-03-29T12:00:00Z"), "day", "Europe/London");
    expect(spring).toMatchObject({ start: at("2026-03-29T00:00:00Z"), end: at("2026-03-29T23:00:00Z") });
    expect(hours(spring)).toBe(23);
    const autumn = periodContaining(at("2026-11-01T12:00:00Z"), "day", "America/New_York");
    expect(autumn).toMatchObject({ start: at("2026-11-01T04:00:00Z"), end: at("2026-11-02T05:00:00Z") });
    expect(hours(autumn)).toBe(25);
    expect(hours(periodContaining(at("2026-03-25T12:00:00Z"), "week", "Europe/London"))).toBe(167);
    expect(hours(periodContaining(at("2026-10-22T12:00:00Z"), "week", "Europe/Berlin"))).toBe(169);
    // Lord Howe Island moves its clocks by 30 minutes.
    expect(hours(periodContaining(at("2026-04-05T06:00:00Z"), "day", "Australia/Lord_Howe"))).toBe(24.5);
  });

  it("starts a day at the first instant that exists when DST skips midnight", () => {
    // Chile moves from 00:00 to 01:00 on the first Sunday of September.
    const day = periodContaining(at("2026-09-06T12:00:00Z"), "day", "America/Santiago");
    expect(day.key).toBe("2026-09-06");
    expect(day.start).toEqual(at("2026-09-06T04:00:00Z"));
    expect(hours(day)).toBe(23);
    expect(previousPeriod(day).end).toEqual(day.start);
  });

  it("chains periods without gaps or overlaps", () => {
    let p = periodContaining(at("2026-03-20T12:00:00Z"), "day", "Europe/London");
    for (let i = 0; i < 20; i++) {
      const next = nextPeriod(p);
      expect(next.start).toEqual(p.end);
      expect(previousPeriod(next)).toEqual(p);
      p = next;
    }
  });

  it("lists the periods still to generate after a pause, oldest first and capped", () => {
    const now = at("2026-03-29T00:10:00Z");
    expect(periodsToGenerate(null, now, "day", "UTC", 3).map((p) => p.key)).toEqual(["2026-03-26", "2026-03-27", "2026-03-28"]);
    expect(periodsToGenerate(at("2026-03-26T00:00:00Z"), now, "day", "UTC", 10).map((p) => p.key)).toEqual(["2026-03-26", "2026-03-27", "2026-03-28"]);
    expect(periodsToGenerate(at("2026-03-29T00:00:00Z"), now, "day", "UTC", 10)).toEqual([]);
    expect(periodsToGenerate(at("2026-01-01T00:00:00Z"), now, "day", "UTC", 2).map((p) => p.key)).toEqual(["2026-03-27", "2026-03-28"]);
  });

  it("rejects an unknown time zone with a message that says what to set", () => {
    expect(() => assertTimeZone("Mars/Olympus")).toThrow(TimeZoneError);
    expect(() => periodContaining(new Date(), "day", "Nowhere")).toThrow(/IANA name/);
    expect(assertTimeZone("America/New_York")).toBe("America/New_York");
  });
});
