// A per-key rate limit for the MCP endpoint: a token bucket per API key, refilled continuously.
// In memory, per process: Sightline is one process, and a restart forgetting the buckets is harmless.

export interface RateDecision {
  ok: boolean;
  /** Seconds until a request would be allowed again (0 when ok). */
  retryAfterS: number;
}

export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  /** `perMinute` requests a minute on average, bursts of up to `burst` (default: perMinute). */
  constructor(
    readonly perMinute: number,
    readonly burst = perMinute,
  ) {}

  take(key: string, now = Date.now()): RateDecision {
    if (this.perMinute <= 0) return { ok: true, retryAfterS: 0 };
    const rate = this.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * rate);
    b.at = now;
    // Keys are few (one per read key); the map is still bounded in case of many short-lived keys.
    if (!this.buckets.has(key) && this.buckets.size >= 10_000) this.buckets.clear();
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true, retryAfterS: 0 };
    }
    return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000)) };
  }
}
