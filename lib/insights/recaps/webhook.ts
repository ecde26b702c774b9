// Delivers a new recap to SIGHTLINE_RECAP_WEBHOOK_URL as Slack-compatible JSON. One delivery round
// tries a few times with a growing pause and reports the outcome; the engine keeps the round's
// outcome with the recap and schedules the next round (retryDelayMs) until it is delivered or the
// rounds run out. A failed delivery never blocks or fails the recap itself, which is already stored.
import type { SlackMessage } from "./render";

export interface DeliveryResult {
  ok: boolean;
  attempts: number;
  status: number | null;
  error: string | null;
}

export interface DeliveryOptions {
  attempts?: number;
  timeoutMs?: number;
  /** Pause before retry n (1-based), in ms. */
  backoffMs?: (attempt: number) => number;
  fetch?: typeof fetch;
  /** Sent as the Idempotency-Key header (the recap's id): a receiver can drop a repeat. */
  idempotencyKey?: string;
}

/** Delivery rounds before the engine gives up on a recap. */
export const DELIVERY_ROUNDS = 8;

/** Pause after failed round n (1-based) before the next: 1 minute, doubling, at most 6 hours (8 rounds span about 4 hours). */
export function retryDelayMs(round: number): number {
  return Math.min(60_000 * 2 ** (round - 1), 6 * 3_600_000);
}

/** A 4xx other than 408 and 429 will not get better by retrying (wrong URL, revoked hook, refused body). */
export function isPermanentFailure(r: Pick<DeliveryResult, "ok" | "status">): boolean {
  return !r.ok && r.status !== null && r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429;
}

export async function deliverWebhook(url: string, message: SlackMessage, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const { attempts = 3, timeoutMs = 10_000, backoffMs = (n) => 1000 * 2 ** (n - 1), fetch: doFetch = fetch, idempotencyKey } = options;
  let last: DeliveryResult = { ok: false, attempts: 0, status: null, error: null };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await doFetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}) },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer();
      last = { ok: res.ok, attempts: attempt, status: res.status, error: res.ok ? null : `webhook answered ${res.status}` };
      if (res.ok || isPermanentFailure(last)) return last;
    } catch (err) {
      last = { ok: false, attempts: attempt, status: null, error: `webhook did not answer: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (attempt < attempts) await new Promise((r) => setTimeout(r, backoffMs(attempt)));
  }
  return last;
}
