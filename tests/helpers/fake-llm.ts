// A fake OpenAI-compatible endpoint on 127.0.0.1 for tests of the optional model: it answers
// /v1/chat/completions with `answer(messages)` and /v1/embeddings with `embed(inputs)` (or fails
// with `status`) and records each request.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeLlm {
  /** Base URL to configure, e.g. http://127.0.0.1:1234/v1 */
  baseUrl: string;
  requests: Array<{ path: string; messages: { role: string; content: string }[]; model?: string; input?: string[] }>;
  /** Answer with this status (and no completion) while set. */
  status: number | null;
  close(): Promise<void>;
}

export async function startFakeLlm(
  answer: (messages: { role: string; content: string }[]) => string,
  embed: (inputs: string[]) => number[][] = () => {
    throw new Error("this fake endpoint has no embeddings");
  },
): Promise<FakeLlm> {
  const fake: FakeLlm = { baseUrl: "", requests: [], status: null, close: async () => {} };
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw) as { model?: string; messages?: { role: string; content: string }[]; input?: string[] };
      fake.requests.push({ path: req.url ?? "", messages: body.messages ?? [], model: body.model, input: body.input });
      if (fake.status !== null) return void res.writeHead(fake.status).end("upstream failed");
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url?.endsWith("/embeddings")) {
        // Listed in reverse: a client must place each vector by its index, not its position.
        const data = embed(body.input ?? []).map((embedding, index) => ({ object: "embedding", index, embedding }));
        return void res.end(JSON.stringify({ object: "list", data: data.reverse(), model: body.model }));
      }
      res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content: answer(body.messages ?? []) } }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
