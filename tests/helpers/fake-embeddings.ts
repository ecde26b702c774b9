// Deterministic stand-in embeddings for tests of the embeddings path: each text's vector is its
// hidden intent's direction plus noise of the same length, both seeded (by intent, by text), so
// paraphrases of an intent have a cosine near 0.5 and different intents near 0. Clustering that
// recovers the intents from these proves the vectors were used: the words alone do not.
import { fnv1a } from "@/lib/insights/topics/sample";

export const FAKE_EMBEDDING_DIMS = 64;

function gaussians(seed: number, n: number): number[] {
  // mulberry32 with Box–Muller: small, seedable, good enough for test noise.
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next()));
}

const scaled = (v: number[], length: number) => {
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => (x * length) / norm);
};

/** The fake embedding of `text`, whose intent is `intent` (null: noise only, an off-topic prompt). */
export function fakeEmbedding(text: string, intent: string | null, noise = 1): number[] {
  const direction = intent === null ? new Array<number>(FAKE_EMBEDDING_DIMS).fill(0) : scaled(gaussians(fnv1a(`intent:${intent}`), FAKE_EMBEDDING_DIMS), 1);
  const jitter = scaled(gaussians(fnv1a(`text:${text}`), FAKE_EMBEDDING_DIMS), noise);
  return direction.map((x, i) => x + jitter[i]!);
}
