import { agnes } from "ml-hclust";
import { describe, expect, it } from "vitest";
import { averageLinkage, condensedIndex, cutTree, distanceMatrix } from "./linkage";

/** A seeded generator, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

function points(n: number, seed: number): number[][] {
  const r = random(seed);
  // A few blobs, so the tree has real structure to agree on.
  return Array.from({ length: n }, (_, i) => [(i % 4) * 3 + r(), (Math.floor(i / 7) % 3) + r() * 2, r()]);
}

const euclid = (a: number[], b: number[]) => Math.hypot(...a.map((x, k) => x - b[k]!));

/** Merge heights of an ml-hclust tree, ascending. */
function heights(node: ReturnType<typeof agnes>): number[] {
  const out: number[] = [];
  node.traverse((c) => {
    if (!c.isLeaf) out.push(c.height);
  });
  return out.sort((a, b) => a - b);
}

/** Partition as a canonical string: groups of point indices, sorted. */
function partition(labels: ArrayLike<number>): string {
  const groups = new Map<number, number[]>();
  Array.from(labels).forEach((c, i) => groups.set(c, [...(groups.get(c) ?? []), i]));
  return JSON.stringify([...groups.values()].map((g) => g.join(",")).sort());
}

describe("average linkage (nearest-neighbour chain)", () => {
  it("indexes the condensed matrix row by row", () => {
    const n = 5;
    const seen: number[] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) seen.push(condensedIndex(n, i, j));
    expect(seen).toEqual(Array.from({ length: 10 }, (_, k) => k));
  });

  for (const seed of [1, 2, 3]) {
    it(`builds the same tree as ml-hclust's agnes (seed ${seed})`, () => {
      const data = points(40, seed);
      const matrix = data.map((a) => data.map((b) => euclid(a, b)));
      const reference = agnes(matrix, { method: "average", isDistanceMatrix: true });
      const merges = averageLinkage(
        data.length,
        distanceMatrix(data.length, (i, j) => euclid(data[i]!, data[j]!)),
      );
      const ours = merges.map((m) => m.height).sort((a, b) => a - b);
      expect(ours).toHaveLength(data.length - 1);
      ours.forEach((h, k) => expect(h).toBeCloseTo(heights(reference)[k]!, 4));
      // Same flat clusters at several cuts.
      for (const t of [0.8, 1.5, 3, 5]) {
        const refLabels = new Int32Array(data.length);
        reference.cut(t).forEach((cluster, c) => cluster.indices().forEach((i) => (refLabels[i] = c)));
        expect(partition(cutTree(data.length, merges, t))).toBe(partition(refLabels));
      }
    });
  }

  it("keeps isolated points apart below the cut", () => {
    const d = distanceMatrix(4, (i, j) => (Math.floor(i / 2) === Math.floor(j / 2) ? 0.1 : 0.9));
    expect(Array.from(cutTree(4, averageLinkage(4, d), 0.5))).toEqual([0, 0, 1, 1]);
    expect(
      Array.from(
        cutTree(
          4,
          averageLinkage(
            4,
            distanceMatrix(4, () => 0.9),
          ),
          0.5,
        ),
      ),
    ).toEqual([0, 1, 2, 3]);
  });
});
