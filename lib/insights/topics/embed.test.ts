// Discovery on embeddings through a fake fetch: the sample embedded first and in batches, the
// other prompts placed by their embeddings, and the fallbacks (a failed or late batch, vectors of
// different lengths) that leave clustering or placement to the words.
import { describe, expect, it } from "vitest";
import { loadIntentCorpus } from "@/tests/fixtures/topics/load";
import { fakeEmbedding } from "@/tests/helpers/fake-embeddings";
import { assignLemmas, compileModel } from "./assign";
import { discoverTopics } from "./discover";
import { discoverWithEmbeddings } from "./embed";
import { adjustedRandIndex } from "./evaluation";
import { DEFAULT_TOPIC_OPTIONS } from "./model";
import { bottomKSample } from "./sample";
import { lemmas } from "./text";

const { prompts } = loadIntentCorpus();
const intentOf = new Map(prompts.map((p) => [p.text, p.intent]));
const SAMPLE = 120;
const options = { sampleCap: SAMPLE };
const sampleTexts = new Set(bottomKSample(prompts, SAMPLE).map((d) => d.text));

/** A fetch that answers /embeddings with the stand-in vectors, failing request `failAt` (1-based) with a 503. */
function fakeFetch(opts: { failAt?: number; shortAt?: number } = {}) {
  const requests: string[][] = [];
  const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
    const body = JSON.parse(String(init!.body)) as { input: string[] };
    requests.push(body.input);
    if (requests.length === opts.failAt) return new Response("overloaded", { status: 503 });
    const data = body.input.map((text, index) => {
      const v = fakeEmbedding(text, intentOf.get(text) ?? null);
      return { index, embedding: requests.length === opts.shortAt ? v.slice(1) : v };
    });
    return Response.json({ data });
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

const config = (fetch: typeof globalThis.fetch) => ({ baseUrl: "http://embed.test/v1", apiKey: null, model: null, embeddingModel: "e", fetch });
let next = 0;
const input = () => ({ docs: prompts, newId: () => `t-${next++}`, options });
const ari = (assignments: Map<string, { topicId: string } | null>) =>
  adjustedRandIndex(
    prompts.map((p) => p.intent),
    prompts.map((p) => assignments.get(p.id)?.topicId ?? `unassigned:${p.id}`),
  );

describe("discoverWithEmbeddings", () => {
  it("embeds the sample first, then places every other prompt by its embedding, in batches", async () => {
    const { fetch, requests } = fakeFetch();
    const r = await discoverWithEmbeddings(config(fetch), input(), { batchSize: 50 });
    expect(r.embeddingError).toBeNull();
    expect(requests.map((b) => b.length)).toEqual([50, 50, 20, 50, 50, 50, 30]);
    expect(
      requests
        .slice(0, 3)
        .flat()
        .every((t) => sampleTexts.has(t)),
    ).toBe(true);
    expect(r.embedded).toBe(prompts.length);
    expect(r.model.topics).toHaveLength(10);
    expect(ari(r.assignments)).toBeGreaterThanOrEqual(0.95);
  });

  it("clusters on words when the sample cannot be embedded (an error, vectors of different lengths, no time)", async () => {
    const lexical = discoverTopics(input()).model;
    for (const [fake, budgetMs, message] of [
      [fakeFetch({ failAt: 2 }), undefined, /^embeddings failed: .*answered 503: overloaded; clustered on words instead$/],
      [fakeFetch({ shortAt: 3 }), undefined, /different lengths .*; clustered on words instead$/],
      [fakeFetch(), -1, /^embedding ran out of time \(0 of 120 prompts embedded\); clustered on words instead$/],
    ] as const) {
      const r = await discoverWithEmbeddings(config(fake.fetch), input(), { batchSize: 50, budgetMs });
      expect(r.embeddingError).toMatch(message);
      expect(r.embedded).toBe(0);
      expect(r.directions).toBeUndefined();
      expect(r.model.topics.map((t) => t.keywords)).toEqual(lexical.topics.map((t) => t.keywords));
    }
  });

  it("places by their words the prompts after a failed batch", async () => {
    const { fetch, requests } = fakeFetch({ failAt: 5 });
    const r = await discoverWithEmbeddings(config(fetch), input(), { batchSize: 50 });
    expect(r.embeddingError).toMatch(/answered 503.*; the prompts not embedded were placed by their words$/);
    expect(r.embedded).toBe(SAMPLE + 50);
    const compiled = compileModel(r.model);
    const embeddedTexts = new Set(requests.slice(0, 4).flat());
    expect(requests).toHaveLength(5);
    for (const p of prompts.filter((x) => !embeddedTexts.has(x.text))) {
      expect(r.assignments.get(p.id)?.topicId ?? null).toBe(assignLemmas(compiled, lemmas(p.text), DEFAULT_TOPIC_OPTIONS.assignThreshold)?.topicId ?? null);
    }
  });
});
