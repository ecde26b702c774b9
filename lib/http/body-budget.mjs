// A budget of request body bytes held in memory at once, across every request of the process.
// Each body limit (lib/http/body-limits.mjs, SIGHTLINE_MAX_BODY_BYTES) bounds one request, not
// how many arrive together: 8 concurrent 30 MB ingestion requests took the embedded server to
// 1.8 GB. A request reserves its body's bytes (the declared length before it is read, then what
// it really reads and decompresses) until it has been answered; one that does not fit while others
// hold the budget is answered 503 with Retry-After, which the SDKs retry (TS senders on 429/5xx,
// Python OTLP on 5xx only). A request that arrives when nothing is held is always admitted, so a
// body within its own limit is never refused forever. Plain JavaScript: scripts/serve.mjs loads it
// uncompiled, and it is shared with the bundles through globalThis.

export const DEFAULT_BODY_BYTES_IN_FLIGHT = 64 * 1024 * 1024;
/**
 * On the embedded database: one large body at a time. Its single connection writes one large
 * request at a time anyway, and each body held costs several times its size there (parsed, then
 * structured-cloned to the database's thread, then copied into the WebAssembly memory, which keeps
 * its high-water mark until the database is reopened).
 */
export const DEFAULT_BODY_BYTES_IN_FLIGHT_EMBEDDED = 32 * 1024 * 1024;
export const BUSY_RETRY_AFTER_S = 2;

function state() {
  if (!globalThis.__sightlineBodyBudget) {
    const configured = Number(process.env.SIGHTLINE_MAX_BODY_BYTES_IN_FLIGHT);
    // PostgreSQL when DATABASE_URL is set (lib/db/open.ts), else the embedded database.
    const fallback = process.env.DATABASE_URL?.trim() ? DEFAULT_BODY_BYTES_IN_FLIGHT : DEFAULT_BODY_BYTES_IN_FLIGHT_EMBEDDED;
    const limit = Number.isSafeInteger(configured) && configured > 0 ? configured : fallback;
    globalThis.__sightlineBodyBudget = { limit, used: 0, taken: 0 };
  }
  return globalThis.__sightlineBodyBudget;
}

/** Body bytes reserved right now, the budget, and all bytes ever taken (for lib/runtime/idle-gc.mjs). */
export function bodyBudget() {
  const s = state();
  return { used: s.used, limit: s.limit, taken: s.taken };
}

/** For tests: a different budget (bytes). */
export function setBodyBudgetLimit(limit) {
  state().limit = limit;
}

/**
 * A request's share of the budget. `take(n)` reserves n more bytes and says whether they fit;
 * `release()` returns everything it took (idempotent).
 */
export function reserveBody() {
  const s = state();
  let held = 0;
  let released = false;
  return {
    take(n) {
      if (released || n <= 0) return !released;
      if (s.used - held > 0 && s.used + n > s.limit) return false;
      s.used += n;
      s.taken += n;
      held += n;
      return true;
    },
    release() {
      if (released) return;
      released = true;
      s.used -= held;
      held = 0;
    },
  };
}

export const busyMessage = () =>
  `Sightline is receiving more request data than it holds at once (SIGHTLINE_MAX_BODY_BYTES_IN_FLIGHT, ${state().limit} bytes); nothing of this request was stored. Send it again after the Retry-After delay.`;
