import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { reserveBody } from "@/lib/http/body-budget.mjs";
import { readLimited } from "./http";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const tick = () => new Promise((r) => setTimeout(r, 0));

/** A POST whose body arrives as `chunks`, with a content-length header unless `length` is null. */
function post(chunks: Uint8Array[], length: number | null = chunks.reduce((n, c) => n + c.byteLength, 0)) {
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      const next = chunks.shift();
      if (next) c.enqueue(next);
      else c.close();
    },
  });
  const headers = length === null ? {} : { "content-length": String(length) };
  return new Request("http://localhost/v1/custom", { method: "POST", headers, body, duplex: "half" } as RequestInit);
}
const bytes = (n: number, byte: number) => new Uint8Array(n).fill(byte);

describe("reading an ingestion body", () => {
  it("returns the bytes sent, with or without a declared length", async () => {
    const want = Buffer.concat([bytes(70_000, 1), bytes(5, 2), bytes(40_000, 3)]);
    for (const length of [want.length, null]) {
      const got = await readLimited(post([bytes(70_000, 1), bytes(5, 2), bytes(40_000, 3)], length), 1 << 20, reserveBody());
      expect(got.equals(want)).toBe(true);
    }
  });

  it("returns what came when the body is shorter or longer than declared", async () => {
    expect((await readLimited(post([bytes(10, 1)], 100), 1 << 20, reserveBody())).equals(Buffer.from(bytes(10, 1)))).toBe(true);
    const long = await readLimited(post([bytes(60, 1), bytes(60, 2)], 100), 1 << 20, reserveBody());
    expect(long.equals(Buffer.concat([bytes(60, 1), bytes(60, 2)]))).toBe(true);
  });

  it("lets go of each chunk once it is read", async () => {
    // (The last chunk read can stay reachable from the suspended reading function until the next
    // arrives; the first of three must not.) A 30 MB body arrives as ~480 chunks of up to 64 KiB; kept until the end, they held memory
    // from glibc's main heap that it then could not give back (docs/benchmarks.md, Memory).
    let first: WeakRef<ArrayBuffer> | undefined;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let n = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(c) {
        n++;
        if (n === 1) {
          const chunk = bytes(64 * 1024, 1);
          first = new WeakRef(chunk.buffer);
          c.enqueue(chunk);
        } else if (n === 2) c.enqueue(bytes(64 * 1024, 2));
        else if (n === 3) {
          await held;
          c.enqueue(bytes(64 * 1024, 3));
        } else c.close();
      },
    });
    const req = new Request("http://localhost/v1/custom", {
      method: "POST",
      headers: { "content-length": String(192 * 1024) },
      body,
      duplex: "half",
    } as RequestInit);
    const reading = readLimited(req, 1 << 20, reserveBody());
    for (let i = 0; i < 5; i++) await tick();
    gc();
    await tick();
    gc();
    const kept = first!.deref() !== undefined;
    release();
    expect((await reading).length).toBe(192 * 1024);
    expect(kept).toBe(false);
  });
});
