// Agreement between topics and known intents, for the quality test and docs/topics.md.

/**
 * Adjusted Rand index (Hubert & Arabie): 1 for identical partitions, about 0 for chance.
 * Labels are compared as values; pass a unique value for each unassigned item so it counts as a
 * cluster of its own (it agrees with nothing).
 */
export function adjustedRandIndex(truth: readonly unknown[], predicted: readonly unknown[]): number {
  if (truth.length !== predicted.length) throw new Error("adjustedRandIndex: the two labelings differ in length");
  const n = truth.length;
  const pairs = (k: number) => (k * (k - 1)) / 2;
  const cells = new Map<string, number>();
  const rows = new Map<unknown, number>();
  const cols = new Map<unknown, number>();
  const key = (v: unknown) => JSON.stringify(v);
  for (let i = 0; i < n; i++) {
    const cell = `${key(truth[i])}\u0000${key(predicted[i])}`;
    cells.set(cell, (cells.get(cell) ?? 0) + 1);
    rows.set(key(truth[i]), (rows.get(key(truth[i])) ?? 0) + 1);
    cols.set(key(predicted[i]), (cols.get(key(predicted[i])) ?? 0) + 1);
  }
  const index = [...cells.values()].reduce((s, k) => s + pairs(k), 0);
  const a = [...rows.values()].reduce((s, k) => s + pairs(k), 0);
  const b = [...cols.values()].reduce((s, k) => s + pairs(k), 0);
  const expected = (a * b) / pairs(n);
  const max = (a + b) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
