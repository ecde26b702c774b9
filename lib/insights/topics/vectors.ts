// Sparse TF-IDF vectors over lemmas. Prompts are short, so a term rarely repeats: sublinear tf
// (1 + ln tf) keeps a repeated word from dominating, and the smooth idf keeps every weight positive.
// Vectors are L2-normalised, so cosine similarity is a plain dot product.

/** A sparse vector: term indices in ascending order and their weights. */
export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

export interface Vocabulary {
  terms: string[];
  index: Map<string, number>;
  idf: Float64Array;
  /** Weight of a term the vocabulary has never seen (as rare as a term can be). */
  unseenIdf: number;
  docCount: number;
}

export interface VocabularyOptions {
  /** A term must appear in at least this many prompts (drops order numbers, typos seen once). */
  minDf?: number;
  /** Terms in more than this share of prompts say nothing about a topic. */
  maxDfRatio?: number;
}

export function smoothIdf(docCount: number, df: number): number {
  return Math.log((1 + docCount) / (1 + df)) + 1;
}

export function buildVocabulary(docs: readonly string[][], { minDf = 2, maxDfRatio = 0.5 }: VocabularyOptions = {}): Vocabulary {
  const df = new Map<string, number>();
  for (const doc of docs) for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
  const maxDf = Math.max(minDf, Math.floor(docs.length * maxDfRatio));
  const terms = [...df.entries()]
    .filter(([, n]) => n >= minDf && n <= maxDf)
    .map(([t]) => t)
    .sort();
  const idf = Float64Array.from(terms, (t) => smoothIdf(docs.length, df.get(t) ?? 0));
  return { terms, index: new Map(terms.map((t, i) => [t, i])), idf, unseenIdf: smoothIdf(docs.length, 1), docCount: docs.length };
}

/** Term counts of one prompt. */
export function termCounts(doc: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of doc) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/**
 * The prompt's vector over the vocabulary. Terms outside it add to the norm only: a prompt made
 * mostly of unknown words is rightly less similar to every topic.
 */
export function vectorize(doc: readonly string[], vocab: Pick<Vocabulary, "index" | "idf" | "unseenIdf">): SparseVector {
  const entries: [number, number][] = [];
  let norm = 0;
  for (const [term, count] of termCounts(doc)) {
    const i = vocab.index.get(term);
    const w = (1 + Math.log(count)) * (i === undefined ? vocab.unseenIdf : (vocab.idf[i] ?? 0));
    norm += w * w;
    if (i !== undefined) entries.push([i, w]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return { idx: Int32Array.from(entries, (e) => e[0]), val: Float32Array.from(entries, (e) => e[1] * scale) };
}

export function dot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.idx.length && j < b.idx.length) {
    const ai = a.idx[i]!;
    const bj = b.idx[j]!;
    if (ai === bj) sum += a.val[i++]! * b.val[j++]!;
    else if (ai < bj) i++;
    else j++;
  }
  return sum;
}

export function isEmpty(v: SparseVector): boolean {
  return v.idx.length === 0;
}

/** The normalised mean of some vectors, as a term → weight map (terms keep a centroid meaningful across vocabularies). */
export function centroid(vectors: readonly SparseVector[], terms: readonly string[], maxTerms: number): Map<string, number> {
  const sum = new Map<number, number>();
  for (const v of vectors) for (let k = 0; k < v.idx.length; k++) sum.set(v.idx[k]!, (sum.get(v.idx[k]!) ?? 0) + v.val[k]!);
  const top = [...sum.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, maxTerms);
  const norm = Math.sqrt(top.reduce((s, [, w]) => s + w * w, 0)) || 1;
  return new Map(top.map(([i, w]) => [terms[i] ?? "", w / norm]));
}

/** Cosine of two term → weight maps that are both normalised. */
export function mapCosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [t, w] of small) sum += w * (large.get(t) ?? 0);
  return sum;
}
