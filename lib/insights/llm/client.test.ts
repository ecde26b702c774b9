// The client against a fake OpenAI-compatible server started by the test on 127.0.0.1.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LlmError, createLlmClient, labelTopic, narrateRecap } from "./client";

interface Seen {
  path: string;
  auth: string | undefined;
  body: { model: string; input?: string[]; messages?: { role: string; content: string }[] };
}

const seen: Seen[] = [];
let mode: "ok" | "500" | "garbage" | "slow" = "ok";
let base = "";
const server = http.createServer((req, res) => {
  let raw = "";
  req.on("data", (c) => (raw += c));
  req.on("end", () => {
    const body = JSON.parse(raw);
    seen.push({ path: req.url ?? "", auth: req.headers.authorization, body });
    if (mode === "slow") return void setTimeout(() => res.end("{}"), 2_000);
    if (mode === "500") return void res.writeHead(500).end("upstream exploded");
    if (mode === "garbage") return void res.writeHead(200, { "content-type": "application/json" }).end('{"nope":1}');
    res.writeHead(200, { "content-type": "application/json" });
    if (req.url === "/v1/embeddings") {
      // Out of order on purpose: the client must place vectors by index.
      const data = (body.input as string[]).map((text, index) => ({ index, embedding: [text.length, index] })).reverse();
      return void res.end(JSON.stringify({ data }));
    }
    const last = body.messages.at(-1).content as string;
    const content = body.messages[0].content.includes("label") ? '"Password resets."\nextra line' : `Summary of ${last.length} chars.`;
    res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content } }] }));
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

// A generous deadline for answers (a loaded machine), a short one where the test wants a timeout.
const client = (timeoutMs = 10_000) => createLlmClient({ baseUrl: base, apiKey: "sk-test", model: "small", embeddingModel: "embed-small", timeoutMs });

describe("OpenAI-compatible client", () => {
  it("embeds texts in order with the embedding model and the key", async () => {
    mode = "ok";
    expect(await client().embed(["ab", "abcd", "a"])).toEqual([
      [2, 0],
      [4, 1],
      [1, 2],
    ]);
    expect(seen.at(-1)).toMatchObject({ path: "/v1/embeddings", auth: "Bearer sk-test", body: { model: "embed-small", input: ["ab", "abcd", "a"] } });
    expect(await client().embed([])).toEqual([]);
  });

  it("labels a topic in one short line and narrates a recap", async () => {
    mode = "ok";
    expect(await labelTopic(client(), ["password", "reset"], ["I forgot my password"])).toBe("Password resets");
    expect(seen.at(-1)!.body.messages!.at(-1)!.content).toContain("Top terms: password, reset");
    expect(await narrateRecap(client(), "## Daily recap")).toBe("Summary of 14 chars.");
    expect(seen.at(-1)).toMatchObject({ path: "/v1/chat/completions", body: { model: "small" } });
  });

  it("says what went wrong when the endpoint fails, answers oddly or is too slow", async () => {
    mode = "500";
    await expect(client().complete([{ role: "user", content: "x" }])).rejects.toThrow(/answered 500: upstream exploded/);
    mode = "garbage";
    await expect(client().embed(["x"])).rejects.toThrow(/unexpected shape/);
    mode = "slow";
    await expect(client(300).embed(["x"])).rejects.toThrow(LlmError);
    await expect(createLlmClient({ baseUrl: "http://127.0.0.1:1/v1", apiKey: null, model: "m", embeddingModel: "e" }).embed(["x"])).rejects.toThrow(
      /did not answer/,
    );
    await expect(createLlmClient({ baseUrl: base, apiKey: null, model: "m", embeddingModel: null }).embed(["x"])).rejects.toThrow(
      /SIGHTLINE_LLM_EMBEDDING_MODEL/,
    );
    // Embeddings alone configured: no chat call is made.
    const before = seen.length;
    await expect(createLlmClient({ baseUrl: base, apiKey: null, model: null, embeddingModel: "e" }).complete([{ role: "user", content: "x" }])).rejects.toThrow(
      /SIGHTLINE_LLM_MODEL/,
    );
    expect(seen.length).toBe(before);
  });
});
