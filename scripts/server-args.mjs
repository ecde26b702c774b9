// The command line that serves the built app, shared by `npm start` and the test/bench servers
// (tests/helpers/server.ts), so tests and benchmarks measure the server users run.
//  - --max-semi-space-size=32 (MB, Node's default is 16): an ingestion request's parsed payload
//    lives across the database write; with a larger young generation less of it is promoted to
//    the old generation and collected there. Measured on 2 CPUs, 3 runs each: +15% SDK-shaped
//    and +6% batched /v1/traces spans/s into PostgreSQL.
//  - --keepAliveTimeout 75000: idle keep-alive connections outlive the SDK clients' own (undici
//    closes after 4 s); with Node's default of 5 s, a request sent just as the server's timer
//    fired was reset, and a long embedded-database statement could delay the timer past it.
const NODE_FLAGS = ["--max-semi-space-size=32"];
const KEEP_ALIVE_MS = "75000";

/** Arguments for `node`: the flags, then `next start` on `port` (and `host`, when given). */
export function nextStartArgs(nextBin, port, host) {
  return [...NODE_FLAGS, nextBin, "start", "-p", String(port), ...(host ? ["-H", host] : []), "--keepAliveTimeout", KEEP_ALIVE_MS];
}
