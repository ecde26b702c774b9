// Recap periods: local calendar days and ISO weeks (Monday first) in a configurable IANA time
// zone. Calendar arithmetic is done on dates (DST cannot touch it); only the boundaries are turned
// into instants, each from its own local midnight, so a day across a DST change lasts 23 or 25 hours.
// The period a scheduled job reports on is computed from its scheduled time, never from "now".

export type PeriodKind = "day" | "week";

export interface Period {
  kind: PeriodKind;
  timeZone: string;
  /** Local start date (YYYY-MM-DD). */
  date: string;
  /** "2026-03-28" for a day, "2026-W13" for a week. */
  key: string;
  /** First instant of the period (inclusive). */
  start: Date;
  /** First instant after it (exclusive). */
  end: Date;
}

export class TimeZoneError extends Error {}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      throw new TimeZoneError(`Unknown time zone "${timeZone}": use an IANA name such as UTC, Europe/Paris or America/New_York.`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws TimeZoneError with a message that says what to set when the zone is unknown. */
export function assertTimeZone(timeZone: string): string {
  formatter(timeZone);
  return timeZone;
}

/** The wall-clock fields of an instant in a zone. */
function localFields(instant: number, timeZone: string) {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, Number(p.value)]),
  );
  return { y: parts.year!, m: parts.month!, d: parts.day!, h: parts.hour!, min: parts.minute!, s: parts.second! };
}

/** Local time minus UTC at an instant, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const f = localFields(instant, timeZone);
  return Date.UTC(f.y, f.m - 1, f.d, f.h, f.min, f.s) - Math.floor(instant / 1000) * 1000;
}

/** The instant of local midnight starting a date (days since the epoch in the zone's calendar). */
function localMidnight(day: number, timeZone: string): Date {
  const wall = day * 86_400_000;
  // t + offset(t) = wall. The offset at a first guess may differ from the one at the answer near a
  // DST change, so try the offsets of both guesses; the earliest that fits wins (a repeated hour).
  const t1 = wall - offsetAt(wall, timeZone);
  const t2 = wall - offsetAt(t1, timeZone);
  const fits = [t1, t2].filter((t) => t + offsetAt(t, timeZone) === wall).sort((a, b) => a - b);
  // Neither fits when a DST change skips midnight itself: the day starts at the change, which is
  // the guess made with the earlier (smaller) offset.
  return new Date(fits[0] ?? Math.max(t1, t2));
}

const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** Local calendar day number (days since 1970-01-01) of an instant. */
function localDay(instant: number, timeZone: string): number {
  const f = localFields(instant, timeZone);
  return Date.UTC(f.y, f.m - 1, f.d) / 86_400_000;
}

function isoWeekKey(monday: number): string {
  // ISO week-year: the year of the week's Thursday.
  const thursday = new Date((monday + 3) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((monday + 3 - Date.UTC(year, 0, 1) / 86_400_000) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

function periodFromDay(firstDay: number, kind: PeriodKind, timeZone: string): Period {
  const days = kind === "day" ? 1 : 7;
  return {
    kind,
    timeZone,
    date: iso(firstDay),
    key: kind === "day" ? iso(firstDay) : isoWeekKey(firstDay),
    start: localMidnight(firstDay, timeZone),
    end: localMidnight(firstDay + days, timeZone),
  };
}

/** The period holding an instant. */
export function periodContaining(instant: Date, kind: PeriodKind, timeZone = "UTC"): Period {
  const day = localDay(instant.getTime(), timeZone);
  // 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays.
  const first = kind === "day" ? day : day - ((((day + 3) % 7) + 7) % 7);
  return periodFromDay(first, kind, timeZone);
}

export function previousPeriod(p: Period): Period {
  return periodFromDay(Date.parse(`${p.date}T00:00:00Z`) / 86_400_000 - (p.kind === "day" ? 1 : 7), p.kind, p.timeZone);
}

export function nextPeriod(p: Period): Period {
  return periodFromDay(Date.parse(`${p.date}T00:00:00Z`) / 86_400_000 + (p.kind === "day" ? 1 : 7), p.kind, p.timeZone);
}

/** The last period that had ended by the scheduled time: what a job scheduled at a period's end reports on. */
export function lastCompletedPeriod(scheduledAt: Date, kind: PeriodKind, timeZone = "UTC"): Period {
  return previousPeriod(periodContaining(scheduledAt, kind, timeZone));
}

/**
 * Periods that ended after `after` (the end of the last recap written) and by `now`, oldest first,
 * at most `max` (the newest ones): what the engine must still generate after a pause. With no
 * `after` (nothing written yet), the last `max` periods.
 */
export function periodsToGenerate(after: Date | null, now: Date, kind: PeriodKind, timeZone: string, max: number): Period[] {
  const out: Period[] = [];
  for (let p = lastCompletedPeriod(now, kind, timeZone); out.length < max && (after === null || p.end > after); p = previousPeriod(p)) {
    out.unshift(p);
  }
  return out;
}
