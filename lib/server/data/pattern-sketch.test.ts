import { describe, expect, it } from "vitest";
import { addSlots, emptySketch, estimate, mergeRegisters, registersOf, REGISTERS } from "./pattern-sketch";

// Slots as sightline_hll_slot makes them from a uniform 64-bit hash: a register from 11 bits, a
// rank from the position of the first 1 in the other 53 (geometric).
// mulberry32: a seeded generator whose low bits are as random as its high ones.
let seed = 7;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function slot(): number {
  let rank = 1;
  while (rank < 54 && rand() < 0.5) rank++;
  return Math.floor(rand() * REGISTERS) * 64 + rank;
}

describe("pattern sketches", () => {
  it("estimates distinct counts within a few percent, small ones almost exactly", () => {
    for (const n of [0, 1, 10, 100, 1_000, 10_000, 100_000]) {
      const s = emptySketch();
      addSlots(
        s,
        Array.from({ length: n }, () => slot()),
      );
      const e = estimate(s);
      if (n <= 100) expect(Math.abs(e - n)).toBeLessThanOrEqual(Math.max(1, n * 0.03));
      else expect(Math.abs(e - n) / n).toBeLessThan(0.06);
    }
  });

  it("merges as a union: the same values twice count once", () => {
    const values = Array.from({ length: 5_000 }, () => slot());
    const a = emptySketch();
    const b = emptySketch();
    addSlots(a, values.slice(0, 3_000));
    addSlots(b, values.slice(2_000));
    mergeRegisters(a, b);
    const all = emptySketch();
    addSlots(all, values);
    expect(a).toEqual(all);
  });

  it("reads bytea as either driver returns it", () => {
    expect(registersOf(Uint8Array.from([1, 2]))).toEqual(Uint8Array.from([1, 2]));
    expect(registersOf("\\x0102")).toEqual(Uint8Array.from([1, 2]));
    // encode('\x0102'::bytea, 'base64') as the reads select it
    expect(registersOf("AQI=")).toEqual(Uint8Array.from([1, 2]));
    expect(registersOf(null)).toEqual(emptySketch());
  });
});
