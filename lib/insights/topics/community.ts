// Topics as communities of a nearest-neighbour graph: each prompt is linked to the prompts most
// similar to it, and the Louvain method (Blondel et al., 2008; graphology-communities-louvain)
// groups the prompts into the communities that maximise modularity (more link weight inside
// communities than chance would give). Unlike a tree cut at one distance, it finds a loosely
// worded topic (every prompt of which is near a few others of it) as well as a tightly worded
// one, and it decides the number of topics itself. Louvain visits the nodes in an order, and the
// order can change the result; the partition kept is the one of highest modularity over a few
// seeded orders.
import { UndirectedGraph } from "graphology";
import louvain from "graphology-communities-louvain";
import { condensedIndex } from "./linkage";

/** Undirected weighted graph: for each node, its neighbours and the weight of each link. */
export type Graph = Map<number, number>[];

/**
 * Each node linked to its `k` nearest nodes under condensed distances (`distanceMatrix`), and
 * links made symmetric (a link either node chose). The weight is the similarity, 1 − distance;
 * pairs with no similarity are not linked. Ties go to the lower index.
 */
export function knnGraph(n: number, dist: Float32Array, k: number): Graph {
  const graph: Graph = Array.from({ length: n }, () => new Map<number, number>());
  const nearest = new Int32Array(k);
  const nearestSim = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const sim = 1 - dist[i < j ? condensedIndex(n, i, j) : condensedIndex(n, j, i)]!;
      if (!(sim > 0) || (count === k && sim <= nearestSim[k - 1]!)) continue;
      // Insertion into the short sorted list of the best so far.
      let at = Math.min(count, k - 1);
      while (at > 0 && nearestSim[at - 1]! < sim) {
        nearest[at] = nearest[at - 1]!;
        nearestSim[at] = nearestSim[at - 1]!;
        at--;
      }
      nearest[at] = j;
      nearestSim[at] = sim;
      if (count < k) count++;
    }
    for (let r = 0; r < count; r++) {
      graph[i]!.set(nearest[r]!, nearestSim[r]!);
      graph[nearest[r]!]!.set(i, nearestSim[r]!);
    }
  }
  return graph;
}

/** A seeded pseudo-random generator (mulberry32): the same orders on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Louvain over `restarts` node orders (the given order first, then seeded shuffles); the partition
 * of highest modularity, as a community number per node (numbered from 0).
 */
export function communities(
  graph: Graph,
  { restarts = 8, resolution = 1, seed = 1 }: { restarts?: number; resolution?: number; seed?: number } = {},
): Int32Array {
  const n = graph.length;
  const random = mulberry32(seed);
  let best: Int32Array = Int32Array.from({ length: n }, (_, i) => i);
  let bestQ = -Infinity;
  for (let r = 0; r < Math.max(1, restarts); r++) {
    const order = Array.from({ length: n }, (_, i) => i);
    if (r > 0)
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
    // The library visits nodes in the order they were added (randomWalk off): the order is ours.
    const g = new UndirectedGraph<Record<string, never>, { weight: number }>();
    for (const i of order) g.addNode(i);
    for (const i of order) for (const [j, w] of graph[i]!) if (i < j) g.addEdge(i, j, { weight: w });
    const run = louvain.detailed(g, { resolution, randomWalk: false });
    if (run.modularity > bestQ + 1e-12) {
      bestQ = run.modularity;
      best = Int32Array.from({ length: n }, (_, i) => run.communities[i]!);
    }
  }
  return best;
}
