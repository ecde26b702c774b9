// The prompts' embeddings for a re-clustering, from the optional OpenAI-compatible endpoint:
// batched, bounded in time, and all-or-nothing for the clustered sample.
import { createLlmClient, type LlmConfig } from "../llm/client";
import type { PromptDoc } from "./discover";
import { bottomKSample } from "./sample";

/** Prompts sent to /embeddings per request. */
export const EMBED_BATCH = 100;
/** Time allowed for embedding one re-clustering's prompts; those not embedded by then are placed by their words. */
export const EMBED_BUDGET_MS = 120_000;

/**
 * Embeddings of the window's prompts, the clustered sample first, in batches until the time
 * budget runs out. A sample not fully embedded (an error, the budget) gives no vectors at all:
 * clustering half on embeddings and half on words would mix two measures. Prompts after the
 * sample that miss the budget or a failed batch are placed by their words.
 */
export async function embedPrompts(
  cfg: LlmConfig,
  docs: readonly PromptDoc[],
  sampleCap: number,
  budgetMs = EMBED_BUDGET_MS,
  batchSize = EMBED_BATCH,
): Promise<{ vectors: Map<string, number[]> | null; error: string | null }> {
  const sample = bottomKSample(docs, sampleCap);
  const inSample = new Set(sample.map((d) => d.id));
  const ordered = [...sample, ...docs.filter((d) => !inSample.has(d.id))];
  const client = createLlmClient({ ...cfg, timeoutMs: cfg.timeoutMs ?? 30_000 });
  const deadline = Date.now() + budgetMs;
  const vectors = new Map<string, number[]>();
  let error: string | null = null;
  for (let i = 0; i < ordered.length; i += batchSize) {
    if (Date.now() > deadline) {
      error = `embedding took longer than ${Math.round(budgetMs / 1000)} s (${vectors.size} of ${ordered.length} prompts embedded)`;
      break;
    }
    const batch = ordered.slice(i, i + batchSize);
    try {
      const out = await client.embed(batch.map((d) => d.text));
      const dims = vectors.size ? vectors.values().next().value!.length : out[0]!.length;
      if (out.some((v) => v.length !== dims || dims === 0)) throw new Error(`the endpoint returned embeddings of different lengths (${dims} and others)`);
      batch.forEach((d, k) => vectors.set(d.id, out[k]!));
    } catch (err) {
      error = `embeddings failed: ${err instanceof Error ? err.message : String(err)}`;
      break;
    }
  }
  return { vectors: vectors.size >= sample.length ? vectors : null, error };
}
