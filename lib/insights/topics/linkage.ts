// Average-linkage (UPGMA) agglomerative clustering with the nearest-neighbour chain algorithm:
// O(n²) time over a condensed distance matrix. ml-hclust's `agnes` gives the same dendrogram
// (the unit test compares them) but rebuilds the whole matrix after every merge, O(n³): about
// a minute at the 3,000-prompt sample cap instead of well under a second here.

export interface Merge {
  /** The slot that holds the merged cluster afterwards (also one of its original points). */
  a: number;
  /** The slot merged into `a`; it is no longer used. */
  b: number;
  /** Average distance between the two clusters' points. */
  height: number;
}

/** Index of the pair (i, j), i < j, in a condensed n × n matrix. */
export function condensedIndex(n: number, i: number, j: number): number {
  return i * n - (i * (i + 1)) / 2 + (j - i - 1);
}

/** Every pairwise distance, condensed (n(n-1)/2 entries). */
export function distanceMatrix(n: number, distance: (i: number, j: number) => number): Float32Array {
  const out = new Float32Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[k++] = distance(i, j);
  return out;
}

/** The merges of average linkage over a condensed distance matrix, which it overwrites. */
export function averageLinkage(n: number, dist: Float32Array): Merge[] {
  const at = (i: number, j: number) => (i < j ? dist[condensedIndex(n, i, j)]! : dist[condensedIndex(n, j, i)]!);
  const set = (i: number, j: number, d: number) => {
    dist[i < j ? condensedIndex(n, i, j) : condensedIndex(n, j, i)] = d;
  };
  const size = new Int32Array(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  const merges: Merge[] = [];
  const chain: number[] = [];
  let firstActive = 0;
  for (let remaining = n; remaining > 1;) {
    if (chain.length === 0) {
      while (!active[firstActive]) firstActive++;
      chain.push(firstActive);
    }
    const a = chain[chain.length - 1]!;
    const prev = chain.length >= 2 ? chain[chain.length - 2]! : -1;
    // On a tie the previous chain element wins; that is what keeps the chain from cycling.
    let best = prev;
    let bestD = prev >= 0 ? at(a, prev) : Infinity;
    for (let k = 0; k < n; k++) {
      if (k === a || !active[k]) continue;
      const d = at(a, k);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    if (best !== prev) {
      chain.push(best);
      continue;
    }
    chain.length -= 2;
    const keep = Math.min(a, prev);
    const drop = Math.max(a, prev);
    const sk = size[keep]!;
    const sd = size[drop]!;
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === keep || k === drop) continue;
      set(keep, k, (sk * at(keep, k) + sd * at(drop, k)) / (sk + sd));
    }
    size[keep] = sk + sd;
    active[drop] = 0;
    remaining--;
    merges.push({ a: keep, b: drop, height: bestD });
  }
  return merges;
}

/**
 * Flat clusters: points joined by every merge at or under `threshold`. Average linkage never
 * merges below an earlier merge's height, so this is the dendrogram cut at that height.
 * Returns a cluster number per point, numbered from 0 in order of first appearance.
 */
export function cutTree(n: number, merges: readonly Merge[], threshold: number): Int32Array {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (const m of merges) if (m.height <= threshold) parent[find(m.b)] = find(m.a);
  const label = new Int32Array(n);
  const numbers = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    if (!numbers.has(root)) numbers.set(root, numbers.size);
    label[i] = numbers.get(root)!;
  }
  return label;
}
