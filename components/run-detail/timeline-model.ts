// Pure tree operations on the run timeline skeleton (RunTimeline: parallel arrays, node 0 = run).
// Kept free of React so the critical path and flattening are unit-tested and cheap for 5,000+ nodes.
import type { CompactTimeline, RunTimeline } from "@/lib/server/data/run-timeline";

export function expandTimeline(c: CompactTimeline): RunTimeline {
  const { dict, name, label, ...rest } = c;
  return { ...rest, name: name.map((i) => dict[i] ?? ""), label: label.map((i) => dict[i] ?? "") };
}

export interface TimelineIndex {
  /** Children of each node, ordered by start time. */
  children: number[][];
  depth: number[];
  /** Index of a node by key. */
  byKey: Map<string, number>;
  /** Latest end (or start) of any node, in ms from t0: the width of the waterfall. */
  total: number;
}

export function indexTimeline(tl: RunTimeline): TimelineIndex {
  const n = tl.key.length;
  const children: number[][] = Array.from({ length: n }, () => []);
  for (let i = 1; i < n; i++) children[Math.max(0, tl.parent[i]!)]!.push(i);
  for (const list of children) if (list.length > 1) list.sort((a, b) => tl.start[a]! - tl.start[b]! || a - b);
  const depth = new Array<number>(n).fill(0);
  // Iterative DFS from the run: depth without recursion (deep traces would overflow the stack).
  const stack = [0];
  while (stack.length) {
    const i = stack.pop()!;
    for (const c of children[i]!) {
      depth[c] = depth[i]! + 1;
      stack.push(c);
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) total = Math.max(total, tl.end[i]!, tl.start[i]!);
  return { children, depth, byKey: new Map(tl.key.map((k, i) => [k, i])), total: Math.max(total, 0.001) };
}

/** Visible rows in tree order, skipping the descendants of collapsed nodes. */
export function visibleRows(idx: TimelineIndex, collapsed: ReadonlySet<number>): number[] {
  const out: number[] = [];
  const stack = [0];
  while (stack.length) {
    const i = stack.pop()!;
    out.push(i);
    if (collapsed.has(i)) continue;
    const kids = idx.children[i]!;
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
  return out;
}

const endOf = (tl: RunTimeline, i: number) => (tl.end[i]! >= 0 ? tl.end[i]! : tl.start[i]!);

/**
 * The critical path: the chain of work that decided when the run finished. From a node, the child
 * that finished last (before the current cursor) is on it; the walk then continues with the
 * children that finished before that child started (Jaeger's approach). Parallel work that ended
 * earlier is not on the path.
 */
export function criticalPath(tl: RunTimeline, idx: TimelineIndex): Uint8Array {
  const on = new Uint8Array(tl.key.length);
  const work: Array<[number, number]> = [[0, endOf(tl, 0)]];
  while (work.length) {
    const [node, limit] = work.pop()!;
    on[node] = 1;
    let cursor = Math.min(endOf(tl, node), limit);
    const kids = [...idx.children[node]!].sort((a, b) => endOf(tl, b) - endOf(tl, a));
    for (const c of kids) {
      if (tl.start[c]! >= cursor) continue;
      work.push([c, cursor]);
      cursor = tl.start[c]!;
    }
  }
  return on;
}

/** Tick marks for the time axis: about `count` round steps across [0, total] ms. */
export function axisTicks(total: number, count = 5): number[] {
  if (total <= 0) return [0];
  const raw = total / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = 0; t <= total + 1e-9; t += step) out.push(Math.round(t * 1000) / 1000);
  return out;
}
