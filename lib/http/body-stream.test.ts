import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { bodyStream } from "./body-stream.mjs";

/** Chunks of their own memory, as the HTTP parser hands a request's body over. */
const chunk = (n: number, byte: number) => Buffer.allocUnsafeSlow(n).fill(byte);

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const reader = stream.getReader();
  const out: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(value);
  }
}

describe("a request body as a web stream", () => {
  it("yields the request's own chunks, not copies of them, then ends", async () => {
    // Readable.toWeb copies every chunk: ~480 more allocations of up to 64 KiB per 30 MB body.
    const req = new PassThrough();
    const sent = [chunk(65_000, 1), chunk(40_000, 2), chunk(10, 3)];
    const stream = bodyStream(req);
    for (const c of sent) req.write(c);
    req.end();
    const got = await readAll(stream);
    expect(got.map((c) => c.byteLength)).toEqual([65_000, 40_000, 10]);
    got.forEach((c, i) => {
      expect(c.buffer).toBe(sent[i]!.buffer);
      expect(c.byteOffset).toBe(sent[i]!.byteOffset);
    });
  });

  it("pauses the request while nobody reads", async () => {
    const req = new PassThrough({ highWaterMark: 16 * 1024 });
    const stream = bodyStream(req);
    for (let i = 0; i < 20; i++) req.write(chunk(16 * 1024, i));
    await new Promise((r) => setTimeout(r, 20));
    expect(req.isPaused()).toBe(true);
    req.end();
    expect((await readAll(stream)).reduce((n, c) => n + c.byteLength, 0)).toBe(20 * 16 * 1024);
  });

  it("errors when the connection closes mid-body", async () => {
    const req = new PassThrough();
    const reader = bodyStream(req).getReader();
    req.write(chunk(100, 1));
    expect((await reader.read()).value?.byteLength).toBe(100);
    req.destroy();
    await expect(reader.read()).rejects.toThrow();
  });

  it("stops reading when the stream is cancelled, and leaves the request and the rest of its body to the caller", async () => {
    const req = new PassThrough();
    const stream = bodyStream(req);
    req.write(chunk(100, 1));
    await stream.cancel();
    expect(req.destroyed).toBe(false);
    expect(req.isPaused()).toBe(true);
    expect(req.listenerCount("data")).toBe(0);
    // The caller reads what is left (scripts/serve.mjs drops it before answering).
    const rest: number[] = [];
    req.on("data", (c: Buffer) => rest.push(c.byteLength));
    req.resume();
    req.end(chunk(50, 2));
    await new Promise((r) => req.once("end", r));
    expect(rest.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(50);
  });
});
