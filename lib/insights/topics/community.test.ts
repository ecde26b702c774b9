import { describe, expect, it } from "vitest";
import { communities, knnGraph, type Graph } from "./community";
import { distanceMatrix } from "./linkage";

/** A graph from weighted edges. */
function graphOf(n: number, edges: [number, number, number][]): Graph {
  const g: Graph = Array.from({ length: n }, () => new Map<number, number>());
  for (const [a, b, w] of edges) {
    g[a]!.set(b, w);
    g[b]!.set(a, w);
  }
  return g;
}

/** `count` cliques of `size` nodes, each joined to the next by one light edge (a ring). */
function ringOfCliques(count: number, size: number): Graph {
  const edges: [number, number, number][] = [];
  for (let c = 0; c < count; c++) {
    for (let i = 0; i < size; i++) for (let j = i + 1; j < size; j++) edges.push([c * size + i, c * size + j, 1]);
    edges.push([c * size, ((c + 1) % count) * size + 1, 0.1]);
  }
  return graphOf(count * size, edges);
}

/** Partition as a canonical string: groups of node indices, sorted. */
function partition(labels: ArrayLike<number>): string {
  const groups = new Map<number, number[]>();
  Array.from(labels).forEach((c, i) => groups.set(c, [...(groups.get(c) ?? []), i]));
  return JSON.stringify([...groups.values()].sort((a, b) => a[0]! - b[0]!));
}

describe("communities", () => {
  it("finds the cliques of a ring of cliques, the same on every call", () => {
    const g = ringOfCliques(6, 5);
    const expected = partition(Array.from({ length: 30 }, (_, i) => Math.floor(i / 5)));
    const once = communities(g, { restarts: 6 });
    expect(partition(once)).toBe(expected);
    expect(Array.from(communities(g, { restarts: 6 }))).toEqual(Array.from(once));
    // Other seeded orders find them too.
    for (const seed of [2, 3, 4]) expect(partition(communities(g, { restarts: 1, seed }))).toBe(expected);
  });

  it("keeps unlinked nodes apart", () => {
    const g = graphOf(5, [
      [1, 2, 1],
      [3, 4, 1],
    ]);
    expect(partition(communities(g))).toBe(partition([0, 1, 1, 2, 2]));
  });

  it("merges small communities at a low resolution and splits at a high one", () => {
    const g = ringOfCliques(8, 4);
    const count = (labels: Int32Array) => new Set(labels).size;
    expect(count(communities(g, { resolution: 1 }))).toBe(8);
    expect(count(communities(g, { resolution: 0.02 }))).toBeLessThan(8);
  });

  it("weighs links: a heavy link holds two nodes together that light ones would not", () => {
    // Two triangles; node 6 is linked to both, more heavily to the second.
    const g = graphOf(7, [
      [0, 1, 1],
      [1, 2, 1],
      [0, 2, 1],
      [3, 4, 1],
      [4, 5, 1],
      [3, 5, 1],
      [6, 0, 0.2],
      [6, 3, 0.9],
    ]);
    const labels = communities(g);
    expect(labels[6]).toBe(labels[3]);
    expect(labels[6]).not.toBe(labels[0]);
  });
});

describe("knnGraph", () => {
  it("links each point to its k nearest by similarity, symmetrically", () => {
    // Points on a line: similarity falls with distance.
    const xs = [0, 0.1, 0.2, 5, 5.1, 5.2];
    const dist = distanceMatrix(xs.length, (i, j) => Math.min(1, Math.abs(xs[i]! - xs[j]!) / 10));
    const g = knnGraph(xs.length, dist, 2);
    expect([...g[0]!.keys()].sort()).toEqual([1, 2]);
    expect([...g[3]!.keys()].sort()).toEqual([4, 5]);
    expect(g[0]!.get(1)).toBeCloseTo(0.99, 5);
    for (let i = 0; i < xs.length; i++) for (const [j, w] of g[i]!) expect(g[j]!.get(i)).toBe(w);
    // Two groups, nothing between them.
    expect(partition(communities(g))).toBe(partition([0, 0, 0, 1, 1, 1]));
  });

  it("leaves out pairs with no similarity", () => {
    const dist = distanceMatrix(3, (i, j) => (i + j === 1 ? 0.5 : 1));
    const g = knnGraph(3, dist, 2);
    expect([...g[2]!.keys()]).toEqual([]);
    expect(g[0]!.get(1)).toBeCloseTo(0.5, 6);
  });
});
