// Clustering on dense embeddings (from the optional OpenAI-compatible /embeddings endpoint):
// the same average-linkage tree, size filter and nearest-centroid refinement as the lexical path,
// on cosine distances between unit vectors. Paraphrases that share no word ("end my plan",
// "cancel my subscription") are near each other here, which no lexical measure sees.
import { averageLinkage, cutTree, distanceMatrix } from "./linkage";

/** A unit-length dense vector. */
export type Embedding = Float32Array;

export interface SemanticOptions {
  /** Cut the tree at this cosine distance (average linkage: mean similarity inside a topic above 1 − this). */
  embeddingDistanceThreshold: number;
  /** Least cosine similarity to a topic's mean direction for a prompt to belong to it. */
  embeddingAssignThreshold: number;
  minClusterSize: number;
  minClusterShare: number;
  refineRounds: number;
}

/** The vector scaled to unit length, or null when it has none (all zeros, or not finite). */
export function unit(v: ArrayLike<number>): Embedding | null {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
  if (!(norm > 0) || !Number.isFinite(norm)) return null;
  const scale = 1 / Math.sqrt(norm);
  return Float32Array.from(v, (x: number) => x * scale);
}

export function cosine(a: Embedding, b: Embedding): number {
  const n = Math.min(a.length, b.length);
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}

/** The unit mean direction of some vectors. */
export function meanDirection(vectors: readonly Embedding[]): Embedding {
  const sum = new Float64Array(vectors[0]?.length ?? 0);
  for (const v of vectors) for (let i = 0; i < sum.length; i++) sum[i]! += v[i]!;
  return unit(Array.from(sum)) ?? new Float32Array(sum.length);
}

/** The nearest centre at or above `threshold`, or null. */
export function nearestDirection(v: Embedding, centers: readonly Embedding[], threshold: number): { index: number; similarity: number } | null {
  let index = -1;
  let similarity = -Infinity;
  centers.forEach((c, k) => {
    const sim = cosine(v, c);
    if (sim > similarity) {
      similarity = sim;
      index = k;
    }
  });
  return index >= 0 && similarity >= threshold ? { index, similarity } : null;
}

/** Every pairwise cosine distance, condensed (as `distanceMatrix`). */
export function cosineDistances(vectors: readonly Embedding[]): Float32Array {
  return distanceMatrix(vectors.length, (i, j) => 1 - cosine(vectors[i]!, vectors[j]!));
}

/**
 * The same distances with a pause for the event loop every few rows: at 3,000 prompts of 1,536
 * dimensions they are ~7 billion multiplications, seconds of CPU the web server in the same
 * process must not wait behind.
 */
export async function cosineDistancesWithPauses(vectors: readonly Embedding[], rowsPerPause = 5): Promise<Float32Array> {
  const n = vectors.length;
  const out = new Float32Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) out[k++] = 1 - cosine(vectors[i]!, vectors[j]!);
    if (i % rowsPerPause === rowsPerPause - 1) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
}

/** Groups of indices into `vectors`, each a topic, largest first. `dist` (their condensed cosine distances) is computed when not given. */
export function semanticClusters(vectors: readonly Embedding[], opts: SemanticOptions, dist?: Float32Array): number[][] {
  const n = vectors.length;
  if (n === 0) return [];
  if (dist && dist.length !== (n * (n - 1)) / 2) throw new Error(`semanticClusters: ${dist.length} distances for ${n} vectors`);
  const labels = cutTree(n, averageLinkage(n, dist ?? cosineDistances(vectors)), opts.embeddingDistanceThreshold);
  const groups = new Map<number, number[]>();
  labels.forEach((c, i) => groups.set(c, [...(groups.get(c) ?? []), i]));
  const minSize = Math.max(opts.minClusterSize, Math.ceil(opts.minClusterShare * n));
  let members = [...groups.values()].filter((m) => m.length >= minSize);
  // As on the lexical path: a few rounds of nearest-centre reassignment correct what the cut left.
  for (let round = 0; round < opts.refineRounds && members.length > 0; round++) {
    const centers = members.map((m) => meanDirection(m.map((i) => vectors[i]!)));
    const next = centers.map((): number[] => []);
    vectors.forEach((v, i) => {
      const best = nearestDirection(v, centers, opts.embeddingAssignThreshold);
      if (best) next[best.index]!.push(i);
    });
    members = next.filter((m) => m.length >= minSize);
  }
  return members.sort((a, b) => b.length - a.length || a[0]! - b[0]!);
}
