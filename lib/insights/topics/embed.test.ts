// Embedding a re-clustering's prompts through a fake fetch: batches, sample first, every vector
// under its prompt, and the fallbacks (a failed or late batch) that leave clustering to words.
import { describe, expect, it } from "vitest";
import { embedPrompts } from "./embed";
import { bottomKSample } from "./sample";

const docs = Array.from({ length: 250 }, (_, i) => ({ id: `run-${i}`, text: `prompt ${i}` }));
const SAMPLE = 120;
const sampleIds = new Set(bottomKSample(docs, SAMPLE).map((d) => d.id));

/** A fetch that answers /embeddings with [number in the text, batch position], failing request `failAt` (1-based) if set. */
function fakeFetch(opts: { failAt?: number; dims?: (request: number) => number } = {}) {
  const requests: string[][] = [];
  const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
    const body = JSON.parse(String(init!.body)) as { input: string[] };
    requests.push(body.input);
    if (requests.length === opts.failAt) return new Response("overloaded", { status: 503 });
    const dims = opts.dims?.(requests.length) ?? 2;
    const data = body.input.map((text, index) => ({ index, embedding: [Number(text.split(" ")[1]), index, 1, 1].slice(0, dims) }));
    return Response.json({ data });
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

const config = (fetch: typeof globalThis.fetch) => ({ baseUrl: "http://embed.test/v1", apiKey: null, model: null, embeddingModel: "e", fetch });

describe("embedPrompts", () => {
  it("embeds every prompt in batches, the clustered sample first, each vector under its prompt", async () => {
    const { fetch, requests } = fakeFetch();
    const r = await embedPrompts(config(fetch), docs, SAMPLE, 60_000, 50);
    expect(r.error).toBeNull();
    expect(requests.map((b) => b.length)).toEqual([50, 50, 50, 50, 50]);
    // The first 120 texts sent are the sample's.
    expect(
      requests
        .flat()
        .slice(0, SAMPLE)
        .every((t) => sampleIds.has(`run-${t.split(" ")[1]}`)),
    ).toBe(true);
    expect(r.vectors!.size).toBe(250);
    for (const d of docs) expect(r.vectors!.get(d.id)![0]).toBe(Number(d.id.split("-")[1]));
  });

  it("keeps the embedded sample when a later batch fails (the rest go by words), and drops everything when the sample is not whole", async () => {
    const late = fakeFetch({ failAt: 4 });
    const kept = await embedPrompts(config(late.fetch), docs, SAMPLE, 60_000, 50);
    expect(kept.vectors!.size).toBe(150);
    expect(kept.error).toMatch(/^embeddings failed: .*answered 503: overloaded/);

    const early = fakeFetch({ failAt: 2 });
    const dropped = await embedPrompts(config(early.fetch), docs, SAMPLE, 60_000, 50);
    expect(dropped.vectors).toBeNull();
    expect(dropped.error).toMatch(/answered 503/);
    expect(early.requests).toHaveLength(2);
  });

  it("refuses vectors of different lengths, and stops when the time is up", async () => {
    const mixed = fakeFetch({ dims: (n) => (n === 2 ? 3 : 2) });
    const r = await embedPrompts(config(mixed.fetch), docs, SAMPLE, 60_000, 50);
    expect(r.vectors).toBeNull();
    expect(r.error).toMatch(/different lengths/);

    const slow = fakeFetch();
    const none = await embedPrompts(config(slow.fetch), docs, SAMPLE, -1, 50);
    expect(none).toEqual({ vectors: null, error: "embedding took longer than 0 s (0 of 250 prompts embedded)" });
    expect(slow.requests).toHaveLength(0);
  });
});
