// The command line that serves the built app, shared by `npm start` and the test/bench servers
// (tests/helpers/server.ts), so tests and benchmarks measure the server users run.
//  - --max-semi-space-size=64 (MB, Node's default is 16): an ingestion request's parsed payload
//    lives across the database write, so every young-generation collection copies the payloads of
//    the requests in flight. 32 MB instead of 16 gave +15% SDK-shaped and +6% batched /v1/traces
//    spans/s into PostgreSQL (3 runs each). 64 MB halves the collections again: with 50-run trace
//    batches, scavenge time per request fell from 5.8–6.6 ms to 3.5–3.8 ms and the server's CPU
//    per request by ~10% (lower in 5 of 6 interleaved pairs); peak memory under that load rose from
//    517 to 561 MB. 128 MB collected no less.
import path from "node:path";
import { fileURLToPath } from "node:url";

//  - --expose-gc: the embedded database's thread collects once after start-up (lib/db/pglite-worker.mjs),
//    and the server once it listens (scripts/serve.mjs): start-up garbage an idle process never
//    collected kept its resident memory up to twice what it needs.
//  - --no-liftoff: V8 compiles WebAssembly (the embedded database) with its optimising compiler
//    only, instead of first with its baseline compiler (Liftoff) for every function and then again
//    for the hot ones. Both kinds of code stayed resident, and compiling everything twice peaked
//    at ~90 MB of malloc that glibc kept: PGlite alone in a process, 260–268 MB idle with Liftoff,
//    209–214 MB without; the embedded server idle 313–315 MB before, 257 MB after (load 2–6). No
//    change in ingestion throughput or CPU per span on the embedded database (docs/benchmarks.md,
//    Memory). No WebAssembly runs on PostgreSQL.
const NODE_FLAGS = ["--max-semi-space-size=64", "--expose-gc", "--no-liftoff"];
const SERVE = path.join(path.dirname(fileURLToPath(import.meta.url)), "serve.mjs");

/**
 * Environment for the server process (docs/benchmarks.md, Memory). Values already in the
 * environment win.
 *  - MALLOC_ARENA_MAX=2: glibc gives each thread that allocates (compiling the embedded database's
 *    WebAssembly, its thread, libuv's pool) an arena of its own and keeps freed memory there; an
 *    idle server on a new embedded database held 451 MB with the default and 377 MB with two arenas.
 *  - MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_ set, so they stay fixed. Left dynamic, glibc
 *    raises the mmap threshold to the size of each freed mmapped block (up to 32 MB): after a 30 MB
 *    request body, buffers of a few MB come from the heap and can stay there. The mmap threshold is
 *    64 KiB, half glibc's initial value, so that the 64 KiB buffers each socket read fills (a 30 MB
 *    body is ~480 of them) are mapped on their own and unmapped when freed: from the heap, those
 *    freed between live ones stayed resident (PostgreSQL, a minute after a minute of 30 MB bodies:
 *    glibc's main heap 76 MB at 128 KiB, 47 MB at 64 KiB; 7–8 MB idle). The threshold only applies
 *    when the heap has no free block that fits: glibc serves larger blocks from free room in the
 *    heap first. What still grows the heap under load is mostly V8's compiler zones (segments of
 *    32 KiB: ~18 of ~28 MB of growth traced through a burst); a threshold at or under 32 KiB maps
 *    those too, which cost ingestion CPU (docs/benchmarks.md, Memory), and one between 32 and
 *    64 KiB leaves them in the heap.
 */
export const SERVER_ENV = { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "65536", MALLOC_TRIM_THRESHOLD_: "131072" };

/** Arguments for `node`: the flags, then scripts/serve.mjs on `port` (and `host`, when given). */
export function serverArgs(port, host) {
  return [...NODE_FLAGS, SERVE, "--port", String(port), ...(host ? ["--hostname", host] : [])];
}
