// Delivers a new recap to SIGHTLINE_RECAP_WEBHOOK_URL as Slack-compatible JSON. A failed delivery
// is retried a few times with a growing pause, then reported to the caller (the engine records it);
// it never blocks or fails the recap itself, which is already stored.
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
}

export async function deliverWebhook(url: string, message: SlackMessage, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const { attempts = 3, timeoutMs = 10_000, backoffMs = (n) => 1000 * 2 ** (n - 1), fetch: doFetch = fetch } = options;
  let last: DeliveryResult = { ok: false, attempts: 0, status: null, error: null };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await doFetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer();
      last = { ok: res.ok, attempts: attempt, status: res.status, error: res.ok ? null : `webhook answered ${res.status}` };
      // A 4xx other than 429 will not get better by retrying (wrong URL, revoked hook).
      if (res.ok || (res.status >= 400 && res.status < 500 && res.status !== 429)) return last;
    } catch (err) {
      last = { ok: false, attempts: attempt, status: null, error: `webhook did not answer: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (attempt < attempts) await new Promise((r) => setTimeout(r, backoffMs(attempt)));
  }
  return last;
}
