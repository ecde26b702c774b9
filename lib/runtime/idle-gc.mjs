// One full garbage collection once a spell of heavy work is over. After 8 concurrent 30 MB
// ingestion requests, V8 ran no major collection in the idle minute that followed: the load had
// raised the old generation's limit, so nothing triggered one, and the server's JavaScript heap
// stayed at 277 MB used of 407 MB committed (50 MB before), with the bodies' 30 MB buffers still
// mapped (docs/benchmarks.md, Memory). A collection then returns that memory and resets the limit
// to the live size. Plain JavaScript: scripts/serve.mjs and the embedded database's thread
// (lib/db/pglite-worker.mjs) load it uncompiled. Needs --expose-gc (scripts/server-args.mjs);
// without it, nothing happens.
import v8 from "node:v8";

/** Whether this thread's young generation is back to a small size (V8 gives it back in a collection; see below). */
export function youngGenerationSmall(maxBytes = 8 * 1024 * 1024) {
  const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
  return !space || space.space_size <= maxBytes;
}

/**
 * Counts work (`note(bytes)`) and, once at least `threshold` bytes of it were done and nothing
 * more came for `quietMs`, collects on the next `tick()` (unless `busy`); then again on later
 * ticks, at least `quietMs` apart, until `settled()` says the memory is back (at most `retries`
 * times). Returns whether it collected.
 *
 * Why again: V8 gives the young generation back (after a load it stays at its maximum, 2 × 64 MB
 * with --max-semi-space-size=64) only in a collection that finds the allocation since the one
 * before it slow (under ~1 MB/s). The first collection follows the load and keeps it, and after
 * ingestion the insight engine and the embedded database's maintenance go on allocating for tens
 * of seconds (~25 MB/s on the server thread after 8 × 30 MB bodies). A collection once they are
 * done shrinks it to 1 MB and returns the old generation's free pages (in a standalone trial, RSS
 * 275 MB after the load and after the first collection, 56 MB after one 10 s later).
 */
export function idleCollector({ threshold, quietMs, gc = globalThis.gc, now = Date.now, settled = youngGenerationSmall, retries = 12 }) {
  let work = 0;
  let last = 0;
  let lastGc = 0;
  /** Collections left before giving up on `settled()` after a spell. */
  let left = 0;
  return {
    note(bytes) {
      if (!(bytes > 0)) return;
      work += bytes;
      last = now();
    },
    tick(busy = false) {
      if (!gc || busy || now() - last < quietMs) return false;
      if (work >= threshold) {
        work = 0;
        left = retries + 1;
      }
      if (left === 0 || now() - lastGc < quietMs) return false;
      // The first collection of a spell always runs; later ones only while memory is not back.
      if (left <= retries && settled()) {
        left = 0;
        return false;
      }
      left--;
      lastGc = now();
      gc();
      return true;
    },
  };
}

/**
 * Calls smaller than this are not counted as work by the embedded database's thread: the insight
 * engine's and the dashboard's queries go on after a load, and must not keep the spell from ending.
 */
export const IDLE_GC_LARGE_CALL_BYTES = 1024 * 1024;
/** Work at least this large ends in a collection: a few large requests, not every page view. */
export const IDLE_GC_THRESHOLD_BYTES = 16 * 1024 * 1024;
/** How long without such work counts as the end of the spell (also how often it is checked). */
export const IDLE_GC_QUIET_MS = 5_000;

/** About how many bytes a database call carries: its SQL and string parameters (arrays of them too). */
export function callBytes(msg) {
  let n = typeof msg.sql === "string" ? msg.sql.length : 0;
  for (const p of Array.isArray(msg.params) ? msg.params : []) {
    if (typeof p === "string") n += p.length;
    else if (Array.isArray(p)) for (const x of p) n += typeof x === "string" ? x.length : 8;
    else n += 8;
  }
  return n;
}
