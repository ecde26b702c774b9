import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows a burst, then refuses with the wait until the next token", () => {
    const rl = new RateLimiter(60, 3); // one a second, bursts of 3
    const t = 1_000_000;
    expect([rl.take("k", t), rl.take("k", t), rl.take("k", t)].every((d) => d.ok)).toBe(true);
    const refused = rl.take("k", t);
    expect(refused).toEqual({ ok: false, retryAfterS: 1 });
    expect(rl.take("k", t + 1000).ok).toBe(true);
    expect(rl.take("k", t + 1000).ok).toBe(false);
  });

  it("keeps one bucket per key", () => {
    const rl = new RateLimiter(1);
    expect(rl.take("a", 0).ok).toBe(true);
    expect(rl.take("a", 0).ok).toBe(false);
    expect(rl.take("b", 0).ok).toBe(true);
    expect(rl.take("a", 0).retryAfterS).toBe(60);
  });

  it("is off at zero", () => {
    const rl = new RateLimiter(0);
    for (let i = 0; i < 100; i++) expect(rl.take("k").ok).toBe(true);
  });
});
