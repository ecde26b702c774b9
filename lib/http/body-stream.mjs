// A Node request's body as a web ReadableStream, for the ingestion endpoints' Request (scripts/serve.mjs).
// Plain JavaScript: scripts/serve.mjs loads it uncompiled.
import { finished } from "node:stream";

/**
 * The body of `req` (a Node readable: http.IncomingMessage) as a web stream of its chunks as they
 * arrive, without copying them. `Readable.toWeb` copies each chunk into a new Uint8Array ("to
 * detach it from the pool"; the HTTP parser's body chunks are copies of their own, in no pool), so
 * a 30 MB body made ~480 more allocations of up to 64 KiB, which glibc serves from its main heap
 * whenever it has room there (docs/benchmarks.md, Memory). Otherwise as `Readable.toWeb`:
 * backpressure pauses the request, a connection closed mid-body errors the stream. Unlike it,
 * cancelling the stream (a handler refusing the body part-way: too large, or over the budget in
 * flight) does not destroy the request: it stops reading and leaves the rest to the caller, which
 * drops it before answering (scripts/serve.mjs), so that the client gets the 413 or 503 instead of
 * a reset connection.
 */
export function bodyStream(req) {
  let controller;
  let cancelled = false;
  req.pause();
  const done = finished(req, (err) => {
    done();
    // A late error from the request after this must not be unhandled.
    req.on("error", () => {});
    if (cancelled) return;
    try {
      if (err) controller.error(err);
      else controller.close();
    } catch {
      // Already closed or errored.
    }
  });
  const onData = (chunk) => {
    controller.enqueue(typeof chunk === "string" ? new TextEncoder().encode(chunk) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (controller.desiredSize <= 0) req.pause();
  };
  req.on("data", onData);
  return new ReadableStream(
    {
      start: (c) => void (controller = c),
      pull: () => void req.resume(),
      cancel: () => {
        cancelled = true;
        req.removeListener("data", onData);
        req.pause();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: req.readableHighWaterMark ?? 16 * 1024 }),
  );
}
