// Gives the free memory inside glibc's heaps back to the system (`malloc_trim(0)`), after a load.
//
// Why: under load the heap grows (V8's compiler zones, socket and protocol buffers of 32–64 KiB),
// and what is freed afterwards lies between blocks still in use. glibc returns only the free room
// at the top of a heap on its own; the rest it returns in `malloc_trim`, which Node never calls.
// On PostgreSQL a minute after a minute of ingestion, glibc's main heap held 26–31 MB (6–8 MB
// idle), most of it free; `malloc_trim(0)` called through gdb took that process from 135 to 118 MB
// (docs/benchmarks.md, Memory). Mapping those blocks on their own instead (a 32 KiB mmap
// threshold) cost ingestion CPU on every request; a trim costs a few milliseconds once the load
// is over.
//
// Node has no binding for it, so it is called through koffi (a maintained FFI library shipping
// prebuilt binaries per platform; an optional dependency). Where koffi or glibc is missing (macOS,
// musl) nothing happens. SIGHTLINE_MALLOC_TRIM=off turns it off. Plain JavaScript: scripts/serve.mjs
// loads it uncompiled.
import { createRequire } from "node:module";

/** @type {((pad: number) => number) | null | undefined} undefined: not loaded yet; null: unavailable. */
let trimFn;

function loadTrim() {
  if (process.platform !== "linux" || process.env.SIGHTLINE_MALLOC_TRIM === "off") return null;
  try {
    const koffi = createRequire(import.meta.url)("koffi");
    return koffi.load("libc.so.6").func("int malloc_trim(size_t pad)");
  } catch {
    return null;
  }
}

/** Whether `mallocTrim` can do anything in this process. */
export function mallocTrimAvailable() {
  if (trimFn === undefined) trimFn = loadTrim();
  return trimFn !== null;
}

/** Calls `malloc_trim(0)`. Returns whether memory was given back (false when unavailable). */
export function mallocTrim() {
  if (!mallocTrimAvailable()) return false;
  return trimFn(0) === 1;
}

/** Trims for this long after the last large request body, on each tick without one. */
export const TRIM_WINDOW_MS = 10 * 60_000;
/** Request bodies, in all, that count as a load worth trimming after. */
export const TRIM_AFTER_BYTES = 1024 * 1024;

/**
 * Decides when to trim: on every `tick(bytes, busy)` (bytes: request body bytes since the last
 * tick; busy: bodies being read right now) that saw no body bytes and none in flight, from when at
 * least `afterBytes` came until `windowMs` after the last of them. Repeatedly, not once: after a
 * load the insight engine catches up on the runs just stored for a minute or more, and its
 * allocation leaves new free blocks between live ones. Never during ingestion, where each trim
 * would only be undone by the next request. Returns whether it trimmed.
 */
export function afterLoadTrimmer({ trim = mallocTrim, now = Date.now, windowMs = TRIM_WINDOW_MS, afterBytes = TRIM_AFTER_BYTES } = {}) {
  /** Body bytes since the last window ended: a load once they reach `afterBytes`. */
  let pending = 0;
  let lastBody = -Infinity;
  return {
    tick(bytes, busy = false) {
      if (bytes > 0) {
        pending += bytes;
        lastBody = now();
        return false;
      }
      if (pending < afterBytes || busy) return false;
      if (now() - lastBody > windowMs) {
        pending = 0;
        return false;
      }
      trim();
      return true;
    },
  };
}
