// The server answers ingestion requests on a direct path (scripts/serve.mjs) beside Next.js:
// the HTTP details a client sees there, over a real connection.
import net from "node:net";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { expectError } from "../helpers/errors";
import { getRun, server } from "./support";

const post = (path: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}, key: string | null = server().ingestKey) =>
  fetch(`${server().url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body,
  });

const run = (id: string) =>
  JSON.stringify({
    type: "run",
    run_id: id,
    start_time: new Date().toISOString(),
    end_time: new Date().toISOString(),
    status_code: 0,
    prompt: { user_prompt: "hi" },
    response: "hello",
  });

describe("ingestion over HTTP", () => {
  it("stores a gzip-compressed request and answers JSON", async () => {
    const res = await post("/v1/custom", new Uint8Array(zlib.gzipSync(run("http-gzip-1"))), { "content-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ ok: true, runs: 1 });
    expect(await getRun("http-gzip-1")).toMatchObject({ id: "http-gzip-1", userPrompt: "hi", response: "hello" });
  });

  it("answers bad requests with the error's status and code", async () => {
    await expectError(await post("/v1/custom", run("x"), {}, null), 401, "missing_api_key");
    await expectError(await post("/v1/custom", run("x"), {}, server().readKey), 403, "read_key_cannot_ingest");
    await expectError(await post("/v1/custom", "{not json"), 400, "invalid_json");
    await expectError(await post("/v1/custom", run("x"), { "content-type": "text/plain" }), 415, "unsupported_content_type");
    await expectError(await post("/v1/traces", new TextEncoder().encode("not gzip"), { "content-encoding": "gzip" }), 400, "invalid_encoding");
  });

  it("leaves other methods and paths to the app", async () => {
    expect((await fetch(`${server().url}/v1/traces`)).status).toBe(405);
    // An address under /v1 that is no endpoint says so, in JSON, whatever the method.
    await expectError(await post("/v1/trace", run("x")), 404, "not_found");
    await expectError(await fetch(`${server().url}/v1/nothing/here`), 404, "not_found");
    // A query string does not change the endpoint.
    expect((await post("/v1/custom?x=1", run("http-query-1"))).status).toBe(200);
  });
});

/** Opens a raw connection to the server and sends `head` (a request line and headers). */
async function rawRequest(head: string): Promise<net.Socket> {
  const url = new URL(server().url);
  const socket = net.connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  socket.write(head);
  return socket;
}

const MB = 1024 * 1024;

describe("refused ingestion bodies", () => {
  it("are answered at once, then read and dropped, so the upload is not stalled and the connection stays usable", async () => {
    // Two uploads that declare 32 MB (the default limit) and send little of it hold the budget of
    // body bytes in flight (32 MB embedded, 64 MB on PostgreSQL).
    const head = (length: number) =>
      `POST /v1/custom HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer ${server().ingestKey}\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`;
    const holders = [await rawRequest(head(32 * MB) + "["), await rawRequest(head(32 * MB) + "[")];
    try {
      await new Promise((r) => setTimeout(r, 300));
      // A 24 MB body does not fit beside them; it is more than the connection's buffers hold, so
      // an upload left unread stalls. Sent whole before reading, as Python's clients do.
      const body = Buffer.alloc(24 * MB, 0x20);
      const socket = await rawRequest(head(body.length));
      let answer = "";
      socket.on("data", (c: Buffer) => (answer += c.toString("latin1")));
      socket.on("error", () => {});
      const written = await new Promise<boolean>((resolve) => {
        const t = setTimeout(() => resolve(false), 15_000);
        socket.write(body, () => (clearTimeout(t), resolve(true)));
      });
      expect(answer).toMatch(/^HTTP\/1\.1 503 /);
      expect(answer).toMatch(/\r\nretry-after: \d+\r\n/i);
      expect(answer).toMatch(/"code":"server_busy"/);
      // Before, the answer came and the upload then stalled on the paused request.
      expect(written).toBe(true);
      // The same connection takes the next request once the budget is free again.
      for (const h of holders) h.destroy();
      await new Promise((r) => setTimeout(r, 300));
      answer = "";
      const next = run("http-after-refusal-1");
      socket.write(head(Buffer.byteLength(next)) + next);
      await expect.poll(() => answer, { timeout: 10_000 }).toMatch(/^HTTP\/1\.1 200 /);
      socket.destroy();
      expect(await getRun("http-after-refusal-1")).toMatchObject({ id: "http-after-refusal-1" });
    } finally {
      for (const h of holders) h.destroy();
    }
  });

  it("answers a chunked body over the limit with the 413 that names it, not a reset connection", async () => {
    // No declared length: the limit is found part-way through the body.
    const piece = new Uint8Array(MB).fill(0x20);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 34) c.enqueue(piece);
        else c.close();
      },
    });
    const res = await fetch(`${server().url}/v1/custom`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${server().ingestKey}` },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const err = await expectError(res, 413, "body_too_large");
    expect(err.message).toMatch(/SIGHTLINE_MAX_BODY_BYTES/);
  });
});
