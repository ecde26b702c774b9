// Lenient timestamp parsing: SDKs pass user-provided strings through unchanged.

/** Years a stored timestamp may have: JavaScript dates reach ±275760, PostgreSQL's text input does not. */
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

/** The date, or null when it is invalid or outside MIN_YEAR..MAX_YEAR (treated as unparseable). */
function storable(d: Date): Date | null {
  const year = d.getUTCFullYear();
  return Number.isNaN(d.getTime()) || year < MIN_YEAR || year > MAX_YEAR ? null : d;
}

/** ISO 8601 (with or without zone; space instead of T), epoch seconds/ms/ns numbers or digit strings. */
export function parseTime(v: unknown): Date | null {
  if (v instanceof Date) return storable(v);
  if (typeof v === "number" && Number.isFinite(v)) return fromEpoch(v);
  if (typeof v !== "string") return null;
  const s = v.trim();
  if (!s) return null;
  if (/^\d+(\.\d+)?$/.test(s)) return fromEpoch(Number(s));
  let iso = s.replace(" ", "T");
  // Python's isoformat without a zone is UTC for these SDKs (they use utcnow()).
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso)) iso += "Z";
  // More than millisecond precision (Python microseconds) is fine for Date.parse only up to 3 digits.
  iso = iso.replace(/(\.\d{3})\d+/, "$1");
  return storable(new Date(Date.parse(iso)));
}

function fromEpoch(n: number): Date | null {
  // Seconds, milliseconds, microseconds or nanoseconds, judged by magnitude.
  let ms = n;
  if (n < 1e11) ms = n * 1000;
  else if (n > 1e17) ms = n / 1e6;
  else if (n > 1e14) ms = n / 1e3;
  return storable(new Date(ms));
}

/** `d` moved by `ms` milliseconds, or null when that leaves MIN_YEAR..MAX_YEAR (a hostile duration). */
export function shiftTime(d: Date, ms: number): Date | null {
  return storable(new Date(d.getTime() + ms));
}
