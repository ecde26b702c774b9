// HyperLogLog over the registers of pattern_days (migration 0013_patterns_perf): 2^11 one-byte
// registers, a value's slot = register * 64 + rank, computed by sightline_hll_slot in the database.
// Pure: merges registers and slots, and estimates the number of distinct values (standard error
// about 2.3%; small counts use linear counting, which is close to exact).

export const REGISTERS = 2048;

/**
 * Whether a window ending at `to` ends "now" (within 5 minutes of `now`): its running last day
 * has no runs after it yet (but for runs dated ahead of the clock), so the readers of day sketches
 * (patterns, topics) take that day's sketch whole instead of reading its runs.
 */
export const endsNow = (to: number, now = Date.now()) => to >= now - 5 * 60_000;

export function emptySketch(): Uint8Array {
  return new Uint8Array(REGISTERS);
}

/** Raises `into` to `regs` register by register (the union of the two sets). */
export function mergeRegisters(into: Uint8Array, regs: Uint8Array): void {
  const n = Math.min(into.length, regs.length);
  for (let i = 0; i < n; i++) if (regs[i]! > into[i]!) into[i] = regs[i]!;
}

/** Adds values given by their slots (sightline_hll_slot). */
export function addSlots(into: Uint8Array, slots: ArrayLike<number>): void {
  for (let k = 0; k < slots.length; k++) {
    const s = slots[k]!;
    const i = s >> 6;
    const rank = s & 63;
    if (i < into.length && rank > into[i]!) into[i] = rank;
  }
}

const ALPHA = 0.7213 / (1 + 1.079 / REGISTERS);

/** The estimated number of distinct values in the sketch. */
export function estimate(regs: Uint8Array): number {
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < REGISTERS; i++) {
    const r = regs[i] ?? 0;
    sum += 2 ** -r;
    if (r === 0) zeros++;
  }
  if (zeros === REGISTERS) return 0;
  const raw = (ALPHA * REGISTERS * REGISTERS) / sum;
  // Linear counting while it is the better estimate (small sets).
  if (raw <= 2.5 * REGISTERS && zeros > 0) return Math.round(REGISTERS * Math.log(REGISTERS / zeros));
  return Math.round(raw);
}

/**
 * Registers as read: a bytea column as the drivers return it (node-postgres: Buffer, PGlite:
 * Uint8Array), its hex text, or `encode(…, 'base64')` text, which the reads use: PGlite's own
 * bytea parser took ~5 times as long as the base64 decoding for the same sketches.
 */
export function registersOf(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === "string" && v.startsWith("\\x")) return Uint8Array.from(Buffer.from(v.slice(2), "hex"));
  if (typeof v === "string") return new Uint8Array(Buffer.from(v, "base64"));
  return emptySketch();
}
