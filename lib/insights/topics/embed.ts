// Topic discovery on the optional endpoint's embeddings: the clustered sample is embedded first
// (all of it, or clustering falls back to words: half on embeddings and half on words would mix
// two measures), its cosine distances computed with pauses, and then the other prompts read are
// embedded batch by batch and placed by their embeddings, each batch dropped once placed, so
// memory holds the sample's vectors and one batch (not 20,000 vectors of ~1,500 numbers). Prompts
// not embedded in time, or after a failed batch, keep the place their words gave them.
import { createLlmClient, type LlmConfig } from "../llm/client";
import { discoverTopics, embeddedSample, type DiscoverInput, type DiscoverResult, type PromptDoc } from "./discover";
import { DEFAULT_TOPIC_OPTIONS } from "./model";
import { bottomKSample } from "./sample";
import { cosineDistancesWithPauses, nearestDirection, unit, type Embedding } from "./semantic";

/** Prompts sent to /embeddings per request. */
export const EMBED_BATCH = 100;
/** Time allowed for embedding one re-clustering's prompts. */
export const EMBED_BUDGET_MS = 120_000;

export interface EmbeddedDiscovery extends DiscoverResult {
  /** Prompts placed by their embeddings (0: clustered on words). */
  embedded: number;
  /** The first embeddings error, and what became of the prompts (clustered or placed by words). */
  embeddingError: string | null;
}

/**
 * Embeds `docs` in batches until `deadline`, handing each batch's unit vectors (null for an empty
 * one) to `onBatch`. Returns the first error, or null when every batch was embedded.
 */
async function embedBatches(
  cfg: LlmConfig,
  docs: readonly PromptDoc[],
  deadline: number,
  batchSize: number,
  onBatch: (batch: readonly PromptDoc[], vectors: (Embedding | null)[]) => void,
  dims: { n: number | null },
): Promise<string | null> {
  const client = createLlmClient({ ...cfg, timeoutMs: cfg.timeoutMs ?? 30_000 });
  for (let i = 0; i < docs.length; i += batchSize) {
    if (Date.now() > deadline) return `embedding ran out of time (${i} of ${docs.length} prompts embedded)`;
    const batch = docs.slice(i, i + batchSize);
    try {
      const out = await client.embed(batch.map((d) => d.text));
      dims.n ??= out[0]!.length;
      if (out.some((v) => v.length !== dims.n)) throw new Error(`the endpoint returned embeddings of different lengths (${dims.n} and others)`);
      onBatch(
        batch,
        out.map((v) => unit(v)),
      );
    } catch (err) {
      return `embeddings failed: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return null;
}

export async function discoverWithEmbeddings(
  cfg: LlmConfig,
  input: DiscoverInput,
  { budgetMs = EMBED_BUDGET_MS, batchSize = EMBED_BATCH }: { budgetMs?: number; batchSize?: number } = {},
): Promise<EmbeddedDiscovery> {
  const opts = { ...DEFAULT_TOPIC_OPTIONS, ...input.options };
  const deadline = Date.now() + budgetMs;
  const dims = { n: null as number | null };
  const sample = bottomKSample(input.docs, opts.sampleCap);
  const sampleVectors = new Map<string, Embedding>();
  const sampleError = await embedBatches(
    cfg,
    sample,
    deadline,
    batchSize,
    (batch, vs) => batch.forEach((d, k) => vs[k] && sampleVectors.set(d.id, vs[k])),
    dims,
  );
  if (sampleError) return { ...discoverTopics(input), embedded: 0, embeddingError: `${sampleError}; clustered on words instead` };

  const embeddingDistances = await cosineDistancesWithPauses(embeddedSample(input.docs, sampleVectors, opts.sampleCap));
  const result = discoverTopics({ ...input, embeddings: sampleVectors, embeddingDistances });
  let embedded = [...result.assignments.keys()].filter((id) => sampleVectors.has(id)).length;
  const topics = result.model.topics.filter((t) => result.directions?.has(t.id));
  const directions = topics.map((t) => result.directions!.get(t.id)!);
  if (directions.length === 0) return { ...result, embedded, embeddingError: null };
  const inSample = new Set(sample.map((d) => d.id));
  const rest = input.docs.filter((d) => !inSample.has(d.id));
  const restError = await embedBatches(
    cfg,
    rest,
    deadline,
    batchSize,
    (batch, vs) =>
      batch.forEach((d, k) => {
        if (!vs[k]) return;
        const best = nearestDirection(vs[k], directions, opts.embeddingAssignThreshold);
        result.assignments.set(d.id, best ? { topicId: topics[best.index]!.id, similarity: best.similarity } : null);
        embedded++;
      }),
    dims,
  );
  return { ...result, embedded, embeddingError: restError ? `${restError}; the prompts not embedded were placed by their words` : null };
}
