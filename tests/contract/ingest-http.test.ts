// The server answers ingestion requests on a direct path (scripts/serve.mjs) beside Next.js:
// the HTTP details a client sees there, over a real connection.
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
