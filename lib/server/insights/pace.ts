// Ingestion and the insight engine share the process's CPUs (and, on the embedded database, its one
// database thread). While runs are being written the engine works at most half the time: after a
// batch it rests as long as the batch took. Under sustained ingestion the engine falls behind and
// catches up once the writes stop; measured in docs/benchmarks.md ("Insight engine and ingestion").

/** Ingestion counts as active this long after its last committed write. */
export const ACTIVE_WINDOW_MS = 1_000;
/** Longest rest after one batch, so a slow batch does not stall the engine for long. */
export const MAX_REST_MS = 2_000;

// On globalThis: Next.js and the ingestion bundle may each load this module.
const state = globalThis as { __sightlineLastIngestWrite?: number };

/** Called by the store after each committed ingestion write. */
export function noteIngestWrite(now = Date.now()): void {
  state.__sightlineLastIngestWrite = now;
}

/** How long the engine rests after a batch that took `batchMs`: as long, while ingestion is active. */
export function restAfterBatch(batchMs: number, now = Date.now(), lastWrite = state.__sightlineLastIngestWrite): number {
  if (lastWrite === undefined || now - lastWrite >= ACTIVE_WINDOW_MS) return 0;
  return Math.min(Math.max(0, batchMs), MAX_REST_MS);
}

/** Ingestion counts as stopped (a load is over) this long after its last committed write. */
export const SETTLE_AFTER_WRITES_MS = 5_000;
/** At most one pause for memory (below) this often. */
export const SETTLE_EVERY_MS = 30_000;

/**
 * Whether the engine should pause once for V8 to give back the young generation
 * (lib/runtime/idle-gc.mjs, shrinkYoungGeneration): it is large, ingestion has stopped and the
 * last such pause is SETTLE_EVERY_MS old. After a load the engine catches up for minutes, and its
 * allocation alone kept the young generation at its maximum (128 MB) all that time; one 6 s pause
 * gives it back, at most ~20% of the engine's time while it stays large.
 */
export function settleDue(youngLarge: boolean, lastSettle: number, now = Date.now(), lastWrite = state.__sightlineLastIngestWrite): boolean {
  return youngLarge && now - lastSettle >= SETTLE_EVERY_MS && !ingestionActive(now, lastWrite);
}

/** Whether runs were written in the last SETTLE_AFTER_WRITES_MS (a load is going on). */
export function ingestionActive(now = Date.now(), lastWrite = state.__sightlineLastIngestWrite): boolean {
  return lastWrite !== undefined && now - lastWrite < SETTLE_AFTER_WRITES_MS;
}
