// Shared by the fuzz tests: a seeded random source, how many cases to run, and what every answer
// must be. Seed and cases can be raised from the environment: FUZZ_SEED=5000 FUZZ_PER_CAPTURE=300.
import { expect } from "vitest";

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

/** Any answer but a 5xx; an error must be `{ error: { code, message } }` with a code and a message that says what to fix. */
export async function expectHandled(res: Response, what: string): Promise<void> {
  const text = await res.text();
  expect(res.status, `${what}: ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) {
    const err = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
    expect(err?.code, what).toMatch(/^[a-z_]+$/);
    expect(err?.message?.length, what).toBeGreaterThan(10);
  }
}
