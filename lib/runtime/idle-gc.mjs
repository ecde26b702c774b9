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
 * Whether this thread's event loop was busy less than 5% of the time since the last call (the
 * first call: since the thread started). A thread that idle allocates little.
 */
export function threadQuiet() {
  let prev = performance.eventLoopUtilization();
  return () => {
    const cur = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(cur, prev);
    prev = cur;
    return utilization < 0.05;
  };
}

/**
 * Counts work (`note(bytes)`) and, once at least `threshold` bytes of it were done and nothing
 * more came for `quietMs`, collects on the next `tick()` (unless `busy`). Then, while `settled()`
 * says the memory is not back, once more on each later tick after which `quiet()` says the thread
 * has been idle (at most `retries` more collections, and not beyond `giveUpMs`). Returns whether
 * it collected.
 *
 * Why more: V8 gives the young generation back (after a load it stays at its maximum, 2 × 64 MB
 * with --max-semi-space-size=64) only in a collection that finds the allocation since the one
 * before it slow (under ~1 MB/s). The first collection follows the load and keeps it; after
 * ingestion the insight engine and maintenance go on allocating (~25 MB/s on the server thread
 * for tens of seconds after 8 × 30 MB bodies, longer after a minute of them), and a collection
 * only helps once they are done. It then shrinks the young generation to 1 MB and returns the old
 * generation's free pages (in a standalone trial, RSS 275 MB after the load and after the first
 * collection, 56 MB after one 10 s later).
 */
export function idleCollector({
  threshold,
  quietMs,
  gc = globalThis.gc,
  now = Date.now,
  settled = youngGenerationSmall,
  quiet = threadQuiet(),
  retries = 4,
  giveUpMs = 10 * 60_000,
}) {
  let work = 0;
  let last = 0;
  let lastGc = 0;
  /** Collections left after a spell's first; 0 once memory is back or we gave up. */
  let left = 0;
  return {
    note(bytes) {
      if (!(bytes > 0)) return;
      work += bytes;
      last = now();
    },
    tick(busy = false) {
      // Called every tick so that each quiet() covers the time since the previous tick.
      const wasQuiet = quiet();
      if (!gc || busy || now() - last < quietMs) return false;
      if (work >= threshold) {
        work = 0;
        left = retries;
        lastGc = now();
        gc();
        return true;
      }
      if (left === 0) return false;
      if (now() - last > giveUpMs || settled()) {
        left = 0;
        return false;
      }
      if (!wasQuiet || now() - lastGc < quietMs) return false;
      left--;
      lastGc = now();
      gc();
      return true;
    },
  };
}

/**
 * How long a thread must allocate (almost) nothing between two collections for V8 to give back its
 * young generation in the second: V8 judges the allocation rate over the last 5 s of collections.
 */
export const YOUNG_SHRINK_QUIET_MS = 6_000;

/**
 * Gives this thread's young generation back while work is still going on: collects, waits
 * `quietMs` (the caller does no work meanwhile) and collects again. V8 shrinks it only in a
 * collection that finds the allocation since the ones before it slow, so after a load that left it
 * at its maximum (2 × 64 MB), a thread that keeps working (the insight engine catching up) keeps
 * it. In a standalone trial: 128 MB after a load; 1 MB after this; 32 MB after a minute more of
 * engine-like work (short-lived batches), where without the pause it stayed at 128 MB. Returns
 * false, at once, without a gc function.
 */
export async function shrinkYoungGeneration({
  gc = globalThis.gc,
  quietMs = YOUNG_SHRINK_QUIET_MS,
  wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
} = {}) {
  if (!gc) return false;
  gc();
  await wait(quietMs);
  gc();
  return true;
}

/** V8's own growth factor of the young generation (its flag --semi-space-growth-factor). */
const YOUNG_GROWTH_FACTOR = 2;
let youngHeld = false;

/**
 * Keeps the young generation from growing (`true`), or lets it grow again as V8 does (`false`).
 * Once given back, the insight engine's catch-up grew it again to its maximum within 10-20 s (each
 * batch of runs survives several collections); held, it stays at a few MB. V8 reads the factor
 * each time it grows the space, and the flag applies to every thread of the process. Returns
 * whether anything changed.
 */
export function holdYoungGeneration(hold, setFlags = v8.setFlagsFromString) {
  if (hold === youngHeld) return false;
  youngHeld = hold;
  setFlags(`--semi-space-growth-factor=${hold ? 1 : YOUNG_GROWTH_FACTOR}`);
  return true;
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

/** Garbage the insight engine may leave in the old generation while it catches up after a load. */
export const ENGINE_OLD_GROWTH_BYTES = 8 * 1024 * 1024;

/**
 * Bounds the garbage a thread's steady work leaves in its old generation. With the young
 * generation held small after a load (holdYoungGeneration), each batch of the insight engine's
 * work survives a scavenge or two and is promoted, and V8 then lets the old generation grow to a
 * limit set from the live size before a full collection: on PostgreSQL, while the engine caught up
 * on a round's runs, 4-31 MB of garbage above the live data at any instant, with a full
 * collection every ~3.5 s.
 *  - `check()`, after each unit of work: collects once the heap has grown by more than
 *    `maxGrowth` over the least seen since the last collection (V8's own collections lower that
 *    floor too);
 *  - `idle()`, when the work is done: collects once if work was checked since the last
 *    collection and the heap is more than `idleGrowth` over the floor, so that what the last
 *    units left does not stay until V8 collects again;
 *  - `reset()` forgets the floor and the work (for example while the heap holds request bodies).
 * Each returns whether it collected. `gc` and `used` are for tests.
 */
export function oldGenerationBound({
  maxGrowth = ENGINE_OLD_GROWTH_BYTES,
  idleGrowth = 1024 * 1024,
  gc = globalThis.gc,
  used = () => v8.getHeapStatistics().used_heap_size,
} = {}) {
  let floor = Infinity;
  let pending = false;
  const collect = () => {
    gc();
    floor = used();
    pending = false;
    return true;
  };
  return {
    check() {
      if (!gc) return false;
      const now = used();
      if (now < floor) floor = now;
      if (now - floor > maxGrowth) return collect();
      pending = true;
      return false;
    },
    idle() {
      if (!gc || !pending) return false;
      pending = false;
      return used() - floor > idleGrowth ? collect() : false;
    },
    reset() {
      floor = Infinity;
      pending = false;
    },
  };
}
