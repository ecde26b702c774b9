// A Node request's body as a web ReadableStream, for the ingestion endpoints' Request (scripts/serve.mjs).
// Plain JavaScript: scripts/serve.mjs loads it uncompiled.
import { finished } from "node:stream";

/**
 * The body of `req` (a Node readable: http.IncomingMessage) as a web stream of its chunks as they
 * arrive, without copying them. `Readable.toWeb` copies each chunk into a new Uint8Array ("to
 * detach it from the pool"; the HTTP parser's body chunks are copies of their own, in no pool), so
 * a 30 MB body made ~480 more allocations of up to 64 KiB, which glibc serves from its main heap
 * whenever it has room there (docs/benchmarks.md, Memory). Otherwise as `Readable.toWeb`:
 * backpressure pauses the request, a connection closed mid-body errors the stream, cancelling it
 * destroys the request.
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
  req.on("data", (chunk) => {
    controller.enqueue(typeof chunk === "string" ? new TextEncoder().encode(chunk) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (controller.desiredSize <= 0) req.pause();
  });
  return new ReadableStream(
    {
      start: (c) => void (controller = c),
      pull: () => void req.resume(),
      cancel: (reason) => {
        cancelled = true;
        req.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: req.readableHighWaterMark ?? 16 * 1024 }),
  );
}
