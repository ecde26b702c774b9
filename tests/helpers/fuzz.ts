// Shared by the fuzz tests: a seeded random source, and how many cases to run. Both can be
// raised from the environment to hunt further: FUZZ_SEED=5000 FUZZ_PER_CAPTURE=300.
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 1_000);
export const FUZZ_CASES = Number(process.env.FUZZ_PER_CAPTURE ?? 30);

/** A small deterministic PRNG (mulberry32): the same seed gives the same cases every run. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
