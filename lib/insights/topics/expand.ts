// Short prompts often share no word with a paraphrase ("forgot pw" / "reset my password"), so
// plain TF-IDF leaves them unrelated. Second-order similarity: two terms are related when they
// appear in the same prompts of the window (a column cosine of the prompt × term matrix), and each
// prompt vector is expanded with the terms related to its own, at a lower weight.
import type { SparseVector } from "./vectors";

/** For each term, its most related terms and their similarity. */
export function termNeighbours(
  vectors: readonly SparseVector[],
  termCount: number,
  maxNeighbours: number,
  minSimilarity: number,
): Map<number, [number, number][]> {
  const norm = new Float64Array(termCount);
  const pair = new Map<number, number>();
  for (const v of vectors) {
    for (let a = 0; a < v.idx.length; a++) {
      norm[v.idx[a]!]! += v.val[a]! * v.val[a]!;
      for (let b = a + 1; b < v.idx.length; b++) {
        const key = v.idx[a]! * termCount + v.idx[b]!;
        pair.set(key, (pair.get(key) ?? 0) + v.val[a]! * v.val[b]!);
      }
    }
  }
  const lists = new Map<number, [number, number][]>();
  for (const [key, sum] of pair) {
    const a = Math.floor(key / termCount);
    const b = key % termCount;
    const sim = sum / Math.sqrt(norm[a]! * norm[b]!);
    if (sim < minSimilarity) continue;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const list = lists.get(x) ?? [];
      list.push([y, sim]);
      lists.set(x, list);
    }
  }
  for (const [t, list] of lists) lists.set(t, list.sort((p, q) => q[1] - p[1] || p[0] - q[0]).slice(0, maxNeighbours));
  return lists;
}

/** v + weight · Σ sim(t, u) · v[t] over each term t of v and its neighbours u, normalised. */
export function expand(v: SparseVector, neighbours: Map<number, [number, number][]>, weight: number): SparseVector {
  const out = new Map<number, number>();
  for (let k = 0; k < v.idx.length; k++) out.set(v.idx[k]!, (out.get(v.idx[k]!) ?? 0) + v.val[k]!);
  for (let k = 0; k < v.idx.length; k++) for (const [u, sim] of neighbours.get(v.idx[k]!) ?? []) out.set(u, (out.get(u) ?? 0) + weight * sim * v.val[k]!);
  const entries = [...out.entries()].sort((a, b) => a[0] - b[0]);
  const norm = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0)) || 1;
  return { idx: Int32Array.from(entries, (e) => e[0]), val: Float32Array.from(entries, (e) => e[1] / norm) };
}
