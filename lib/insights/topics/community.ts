// Topics as communities of a nearest-neighbour graph: each prompt is linked to the prompts most
// similar to it, and the Louvain method (Blondel et al., 2008) groups the prompts into the
// communities that maximise modularity (more link weight inside communities than chance would
// give). Unlike a tree cut at one distance, it finds a loosely worded topic (every prompt of which
// is near a few others of it) as well as a tightly worded one, and it decides the number of topics
// itself. Louvain visits the nodes in an order, and the order can change the result; the
// partition kept is the one of highest modularity over a few seeded orders.
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

/** Modularity of a partition: the share of link weight inside communities minus what random links of the same degrees would put there. */
export function modularity(graph: Graph, community: ArrayLike<number>, resolution = 1): number {
  let total = 0;
  let inside = 0;
  const degreeOf = new Map<number, number>();
  graph.forEach((links, i) => {
    for (const [j, w] of links) {
      total += w;
      degreeOf.set(community[i]!, (degreeOf.get(community[i]!) ?? 0) + w);
      if (community[i] === community[j]) inside += w;
    }
  });
  if (total === 0) return 0;
  let expected = 0;
  for (const d of degreeOf.values()) expected += d * d;
  return inside / total - (resolution * expected) / (total * total);
}

/**
 * One run of the Louvain method, visiting nodes in `order`: move each node to the neighbouring
 * community that gains most modularity until none moves, merge each community into one node, and
 * repeat on that smaller graph. Returns a community number per node, numbered from 0.
 */
export function louvain(graph: Graph, resolution = 1, order: readonly number[] = graph.map((_, i) => i)): Int32Array {
  const n = graph.length;
  // The nodes renumbered in visiting order, so every level visits them in that order.
  const position = new Int32Array(n);
  order.forEach((node, p) => (position[node] = p));
  let level: Graph = order.map((node) => new Map([...graph[node]!].map(([j, w]) => [position[j]!, w])));
  let membership = Int32Array.from({ length: n }, (_, p) => p);
  for (;;) {
    const size = level.length;
    const degree = level.map((links) => [...links.values()].reduce((s, w) => s + w, 0));
    const total = degree.reduce((s, d) => s + d, 0);
    if (total === 0) break;
    const community = Int32Array.from({ length: size }, (_, i) => i);
    const communityDegree = Float64Array.from(degree);
    let movedAtAll = false;
    for (let sweep = 0, moved = true; moved && sweep < 100; sweep++) {
      moved = false;
      for (let i = 0; i < size; i++) {
        const own = community[i]!;
        const toCommunity = new Map<number, number>();
        for (const [j, w] of level[i]!) if (j !== i) toCommunity.set(community[j]!, (toCommunity.get(community[j]!) ?? 0) + w);
        communityDegree[own]! -= degree[i]!;
        const gain = (c: number) => (toCommunity.get(c) ?? 0) - (resolution * communityDegree[c]! * degree[i]!) / total;
        let best = own;
        let bestGain = gain(own);
        for (const c of toCommunity.keys()) {
          const g = gain(c);
          if (g > bestGain + 1e-12) {
            best = c;
            bestGain = g;
          }
        }
        communityDegree[best]! += degree[i]!;
        if (best !== own) {
          community[i] = best;
          moved = true;
          movedAtAll = true;
        }
      }
    }
    if (!movedAtAll) break;
    const renumber = new Map<number, number>();
    for (const c of community) if (!renumber.has(c)) renumber.set(c, renumber.size);
    const next: Graph = Array.from({ length: renumber.size }, () => new Map<number, number>());
    level.forEach((links, i) => {
      const a = renumber.get(community[i]!)!;
      for (const [j, w] of links) {
        const b = renumber.get(community[j]!)!;
        next[a]!.set(b, (next[a]!.get(b) ?? 0) + w);
      }
    });
    membership = membership.map((m) => renumber.get(community[m]!)!);
    level = next;
  }
  // Back from visiting positions to nodes, numbered in order of first appearance.
  const out = new Int32Array(n);
  const numbers = new Map<number, number>();
  for (let node = 0; node < n; node++) {
    const c = membership[position[node]!]!;
    if (!numbers.has(c)) numbers.set(c, numbers.size);
    out[node] = numbers.get(c)!;
  }
  return out;
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

/** Louvain over `restarts` node orders (the given order first, then seeded shuffles); the partition of highest modularity. */
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
    const labels = louvain(graph, resolution, order);
    const q = modularity(graph, labels, resolution);
    if (q > bestQ + 1e-12) {
      bestQ = q;
      best = labels;
    }
  }
  return best;
}
