#!/usr/bin/env node
// The server `npm start`, the tests and the benchmarks run: Next.js serves the dashboard, the REST
// API and everything else, and the ingestion endpoints are answered directly, by the same
// handlers (lib/server/ingest/endpoints.ts, bundled by scripts/build.mjs).
//
// Why: a one-run AI SDK trace request (what the TCC SDKs send) cost the server 3.5 ms of CPU
// through a Next.js route handler and 1.8 ms here (`npm run bench`, same machine, same hour); the
// difference is Next.js's request pipeline and the async context it tracks across every await of
// the write. Into PostgreSQL that took those requests from 1,810 to 2,442 spans/s.
//
// Usage: node scripts/serve.mjs --port 3000 [--hostname 0.0.0.0]   (after a build)
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { BUSY_RETRY_AFTER_S, bodyBudget, busyMessage, reserveBody } from "../lib/http/body-budget.mjs";
import { bodyLimitFor, bodySizeError } from "../lib/http/body-limits.mjs";
import { bodyStream } from "../lib/http/body-stream.mjs";
import { CLIENT_ADDRESS_HEADER, clientAddressOf } from "../lib/http/client-address.mjs";
import { STATIC_SECURITY_HEADERS } from "../lib/http/static-headers.mjs";
import { IDLE_GC_QUIET_MS, IDLE_GC_THRESHOLD_BYTES, idleCollector } from "../lib/runtime/idle-gc.mjs";
import { afterLoadTrimmer, mallocTrim } from "../lib/runtime/malloc-trim.mjs";
import { distDir, INGEST_BUNDLE } from "./build-stamp.mjs";

// Idle keep-alive connections outlive the SDK clients' own (undici closes after 4 s); with Node's
// default of 5 s, a request sent just as the server's timer fired was reset.
const KEEP_ALIVE_MS = 75_000;

// Output that goes nowhere must not stop the server: when the reading end of its stdout or
// stderr closes (`npm start | head`, a log shipper that exited), each write fails with EPIPE.
// Unhandled, that error became an uncaughtException, which Next.js logs with console.error, which
// failed again: the process spun at 100% CPU and answered no request. Logs are dropped instead.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});

process.env.NODE_ENV = "production";
const { values } = parseArgs({ options: { port: { type: "string" }, hostname: { type: "string" } } });
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname;
const root = process.cwd();

// Stopping (SIGTERM from `docker stop` or systemd, SIGINT from Ctrl-C), in every phase, start-up
// included: until these handlers existed a signal's default action ended the process wherever it
// was, and once they did, a response that never ended (a streaming export, a client that stopped
// reading) held the process for 10 s and the embedded database was never closed.
//  1. stop accepting connections; close idle keep-alive ones; requests in flight get
//     REQUEST_GRACE_MS to finish, then their connections are cut (an ingestion request's write goes
//     on: it is answered only after it committed, so a cut client retries and the retry is a no-op);
//  2. wait for the ingestion writes in flight; stop the insight engine (it finishes its batch);
//     close the database (embedded: a clean PostgreSQL shutdown, no recovery on the next start);
//  3. exit 0. Past STOP_MS the process exits anyway (1): what was acknowledged is committed and
//     synced, and the write-ahead log makes the rest consistent on the next start. A signal during
//     start-up waits for it (a new database's creation and migrations) within STARTUP_STOP_MS
//     instead: on a busy machine start-up alone took more than STOP_MS, and cutting it off left a
//     half-made database for the next start to recover.
// A second signal exits at once, unless it arrives within DUPLICATE_MS of the first: `npm start`
// passes its signal on to this process, which a terminal's Ctrl-C or systemd's default (signal the
// whole control group) has already signalled once.
const REQUEST_GRACE_MS = 3_000;
const STOP_MS = 10_000;
const STARTUP_STOP_MS = 60_000;
const DUPLICATE_MS = 500;
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 };
let stopping = 0;
let server;
/** Requests being answered (their handlers' promises): a cut connection does not end them. */
const inFlight = new Set();
/** Set once the ingestion bundle is loaded. */
let stopSightline = async () => {};
let booting;
/** Set once start-up is done (read by the signal handlers, so declared before them run). */
let started;

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    if (stopping) {
      if (Date.now() - stopping < DUPLICATE_MS) return;
      console.log(`[sightline] ${sig} again: exiting now`);
      process.exit(EXIT_CODES[sig]);
    }
    stopping = Date.now();
    console.log(`[sightline] ${sig}: stopping (a second ${sig} exits at once)`);
    // Referenced: it also keeps the process alive until stop() is done. Before the server listens
    // nothing else may (the insight engine's pauses are unreferenced timers), and the process
    // ended, status 0, with the database still open.
    const bound = booting && !started ? STARTUP_STOP_MS : STOP_MS;
    setTimeout(() => {
      console.error(`[sightline] not stopped after ${bound / 1000} s: exiting (the database recovers on the next start)`);
      process.exit(1);
    }, bound);
    stop().then(
      () => process.exit(0),
      (err) => {
        console.error(`[sightline] error while stopping: ${err?.message ?? err}`);
        process.exit(1);
      },
    );
  });
}

async function stop() {
  if (server?.listening) {
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    const cut = setTimeout(() => server.closeAllConnections(), REQUEST_GRACE_MS);
    await closed;
    clearTimeout(cut);
  }
  await Promise.allSettled(inFlight);
  // Start-up still under way (migrations): it finishes, then the database is closed.
  await booting?.catch(() => {});
  await stopSightline();
  console.log("[sightline] stopped");
}

const bundle = await import(pathToFileURL(path.join(distDir(root), INGEST_BUNDLE)).href);
const { INGEST_ENDPOINTS, escapeMalformedPath, printBanner, sightline } = bundle;
stopSightline = bundle.stopSightline;
try {
  // Open the database and apply migrations before accepting requests. Before Next.js prepares:
  // its instrumentation hook then gets this same started instance (globalThis.__sightline), and a
  // bad setting is reported once, here, not again with its stack.
  booting = sightline();
  started = await booting;
} catch (err) {
  console.error(`[sightline] could not start: ${err?.message ?? err}`);
  process.exit(1);
}

const { default: next } = await import("next");
const app = next({ dev: false, dir: root, port, hostname: hostname ?? "localhost" });
const handle = app.getRequestHandler();
if (!stopping) await app.prepare();

const SECURITY_HEADERS = Object.fromEntries(STATIC_SECURITY_HEADERS);

const pathOf = (url) => {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
};

/** Answers a POST to an ingestion endpoint with its handler (a Request → Response function). */
async function ingest(endpoint, req, res) {
  try {
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    const request = new Request(new URL(req.url, "http://localhost"), { method: "POST", headers, body: bodyStream(req), duplex: "half" });
    const response = await endpoint(request);
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, { ...SECURITY_HEADERS, ...Object.fromEntries(response.headers), "content-length": String(body.length) });
    res.end(body);
    // Answered before the whole body was read: refused (413, or 503 over the budget in flight)
    // before or part-way through it. The answer goes at once, so a client that reads it while still
    // sending (undici, the TS SDKs' fetch) stops and retries; the rest is read and dropped, so that
    // one that sends all before it reads (Python's) is not left stalled on a paused connection until
    // a server timeout, and the connection stays usable. Past DISCARD_MAX it is cut.
    dropRest(req, (cut) => cut && req.socket.destroy());
  } catch (err) {
    // The handlers answer every error themselves; this is the request plumbing failing.
    console.error("[sightline] ingestion request failed:", err);
    if (res.headersSent) return void res.destroy();
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "internal_error", message: "Sightline could not process this request; the error was logged." } }));
  }
}

// A refused body is read and dropped up to this much, so that the client gets to read the answer
// (many stop at a write error otherwise); beyond it the connection is cut.
const DISCARD_MAX = 64 * 1024 * 1024;

/**
 * Answers a request whose body is over its route's limit (lib/http/body-limits.mjs), or does not
 * fit in the budget of body bytes in flight, before Next.js reads any of it; true when it did.
 * Ingestion endpoints have their own limit and reserve their own budget.
 */
function refusedBody(req, res) {
  let err = bodySizeError(req.headers, bodyLimitFor(pathOf(req.url ?? "")));
  if (!err) {
    // Within its limit: the body's bytes count against the budget in flight until the answer is
    // sent (lib/http/body-budget.mjs; ingestion reserves its own in lib/server/http.ts).
    const declared = Number(req.headers["content-length"]);
    if (!(declared > 0)) return false;
    const budget = reserveBody();
    res.once("close", () => budget.release());
    if (budget.take(declared)) return false;
    err = { status: 503, code: "server_busy", message: busyMessage(), retryAfter: BUSY_RETRY_AFTER_S };
  }
  const body = JSON.stringify({ error: { code: err.code, message: err.message } });
  const headers = { ...SECURITY_HEADERS, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), connection: "close" };
  if (err.retryAfter) headers["retry-after"] = String(err.retryAfter);
  // The body is read first: this answer closes the connection, and a client still writing when
  // it closes sees a write error instead of the answer. Past DISCARD_MAX, answer and hang up.
  dropRest(req, () => res.writeHead(err.status, headers).end(body));
  return true;
}

/**
 * Reads and drops what is left of a refused request's body (nothing is kept), then calls
 * `done(false)`; past DISCARD_MAX, pauses the request and calls `done(true)` instead.
 */
function dropRest(req, done) {
  if (req.readableEnded) return void done(false);
  let finished = false;
  const finish = (cut) => {
    if (finished) return;
    finished = true;
    done(cut);
  };
  // Nothing else reads it now (the handler's stream of it, lib/http/body-stream.mjs, if any).
  req.removeAllListeners("data");
  let dropped = 0;
  req.on("data", (chunk) => {
    dropped += chunk.length;
    if (dropped > DISCARD_MAX) {
      req.pause();
      finish(true);
    }
  });
  req.on("end", () => finish(false));
  req.on("error", () => {});
  req.resume();
}

const TRUST_PROXY = /^(1|true|yes)$/i.test(process.env.SIGHTLINE_TRUST_PROXY ?? "");

function track(promise) {
  const p = Promise.resolve(promise).catch(() => {});
  inFlight.add(p);
  void p.finally(() => inFlight.delete(p));
}

server = http.createServer((req, res) => {
  // A path segment that is not valid percent-encoded UTF-8 (`/v1/runs/%FF`) made Next.js answer a
  // plain-text 500 before any route ran; escaped, it is an id that matches nothing: a 404 in the
  // API's JSON shape or the dashboard's 404 page (lib/urls/malformed-path.ts).
  const fixed = escapeMalformedPath(req.url ?? "/");
  if (fixed !== null) req.url = fixed;
  const endpoint = req.method === "POST" ? INGEST_ENDPOINTS[pathOf(req.url ?? "")] : undefined;
  if (endpoint) return void track(ingest(endpoint, req, res));
  if (refusedBody(req, res)) return;
  // Sign-in throttling counts by this address (lib/server/sign-in-throttle.ts); whatever a client
  // sent in the header is replaced.
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(req, TRUST_PROXY);
  track(handle(req, res));
});
server.keepAliveTimeout = KEEP_ALIVE_MS;
server.on("error", (err) => {
  console.error(`[sightline] cannot listen on ${hostname ?? "*"}:${port}: ${err.message}`);
  process.exit(1);
});
// A signal during start-up: stop() closes the database and exits; nothing listens.
if (!stopping)
  server.listen(port, hostname, () => {
    console.log(`[sightline] listening on ${hostname ?? "*"}:${port}`);
    printBanner(started);
    // Start-up garbage (Next.js preparing, migrations) that an idle server would keep for hours;
    // a second collection once start-up's allocation has stopped lets V8 also shrink its young
    // generation and return free pages (see lib/runtime/idle-gc.mjs for why it takes two).
    // After the second, glibc's free heap memory goes back too (lib/runtime/malloc-trim.mjs).
    setTimeout(() => globalThis.gc?.(), 1000).unref();
    setTimeout(() => (globalThis.gc?.(), mallocTrim()), 11_000).unref();
  });

// After a spell of large request bodies, one collection once none has come for a few seconds
// (lib/runtime/idle-gc.mjs): V8 itself ran none in the minute after the load. Then, on each quiet
// tick for a while, glibc's free heap memory is given back (lib/runtime/malloc-trim.mjs), after
// the collection so that the buffers it freed are returned too.
const collector = idleCollector({ threshold: IDLE_GC_THRESHOLD_BYTES, quietMs: IDLE_GC_QUIET_MS });
const trimmer = afterLoadTrimmer();
let bodyBytesSeen = 0;
setInterval(() => {
  const { used, taken } = bodyBudget();
  const bytes = taken - bodyBytesSeen;
  bodyBytesSeen = taken;
  collector.note(bytes);
  collector.tick(used > 0);
  trimmer.tick(bytes, used > 0);
}, IDLE_GC_QUIET_MS).unref();
