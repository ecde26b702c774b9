// Time windows, as TCC's REST API takes them: `range=5m|1h|1d|2w|1M|2M`, or `from`/`to`
// (ISO 8601 or epoch milliseconds). Every list query is bounded by one.
export const RANGES = ["5m", "1h", "1d", "2w", "1M", "2M"] as const;
export type Range = (typeof RANGES)[number];

const RANGE_MS: Record<Range, number> = {
  "5m": 5 * 60_000,
  "1h": 3_600_000,
  "1d": 86_400_000,
  "2w": 14 * 86_400_000,
  "1M": 30 * 86_400_000,
  "2M": 60 * 86_400_000,
};

export interface TimeWindow {
  from: Date;
  to: Date;
  /** The range keyword when the window came from one (kept in URLs so "last day" stays relative). */
  range: Range | null;
}

export class WindowError extends Error {}

// PostgreSQL's timestamps start at year 1 and its text input ends at 9999 (a JavaScript date of
// year +275760 was a 500); a window's start may be its end minus two months.
const EARLIEST = Date.parse("0001-03-01T00:00:00Z");
const LATEST = Date.parse("9999-12-31T23:59:59.999Z");
// The longest window: every page and the metrics series read a window hour by hour or step by
// step, and `from=0001-03-01&to=9999-12-31` (~88 million hours) ran the server out of memory.
// A century keeps `from=0` ("since 1970") working.
export const MAX_WINDOW_YEARS = 100;
const MAX_WINDOW_MS = MAX_WINDOW_YEARS * 365.25 * 86_400_000;

function parseInstant(v: string, name: string): Date {
  const t = v.trim();
  const d = /^\d+$/.test(t) ? new Date(Number(t)) : new Date(t);
  if (Number.isNaN(d.getTime())) throw new WindowError(`${name} must be an ISO 8601 date or epoch milliseconds (got "${v.slice(0, 40)}").`);
  if (d.getTime() < EARLIEST || d.getTime() > LATEST) throw new WindowError(`${name} must be a date between the years 1 and 9999 (got "${v.slice(0, 40)}").`);
  return d;
}

export function rangeMs(r: Range): number {
  return RANGE_MS[r];
}

/**
 * Reads the window from query parameters. With `fallback`, a missing window uses that range
 * (the dashboard's default); without it a missing window is an error, as in the REST API.
 */
export function parseWindow(params: URLSearchParams, fallback?: Range, now = new Date()): TimeWindow {
  const range = params.get("range");
  const from = params.get("from");
  const to = params.get("to");
  if (range) {
    if (!(RANGES as readonly string[]).includes(range)) {
      throw new WindowError(`range must be one of ${RANGES.join(", ")} (got "${range.slice(0, 20)}").`);
    }
    // A start beside a range was dropped without a word: `range=1d&from=2026-01-01` read the last day.
    if (from) throw new WindowError("Give either range (with an optional to) or from/to, not both range and from.");
    const end = to ? parseInstant(to, "to") : now;
    return { from: new Date(end.getTime() - RANGE_MS[range as Range]), to: end, range: range as Range };
  }
  if (from) {
    const f = parseInstant(from, "from");
    const t = to ? parseInstant(to, "to") : now;
    if (f > t) throw new WindowError("from must be before to.");
    if (t.getTime() - f.getTime() > MAX_WINDOW_MS) {
      throw new WindowError(`A window may span at most ${MAX_WINDOW_YEARS} years: choose a later from or an earlier to.`);
    }
    return { from: f, to: t, range: null };
  }
  if (fallback) return { from: new Date(now.getTime() - RANGE_MS[fallback]), to: now, range: fallback };
  throw new WindowError(`A time window is required: range=${RANGES.join("|")} or from/to (ISO 8601 or epoch ms).`);
}

/** The window of the same length just before this one (for "change vs previous period"). */
export function previousWindow(w: TimeWindow): TimeWindow {
  const len = w.to.getTime() - w.from.getTime();
  return { from: new Date(w.from.getTime() - len), to: new Date(w.from.getTime()), range: w.range };
}
