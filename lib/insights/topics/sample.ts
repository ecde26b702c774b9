// A deterministic sample: the items whose id hashes lowest. Re-clustering an overlapping window
// keeps most of the same prompts, which keeps topics (and their ids) steady.

/** FNV-1a, 32 bits: fast and well spread for short ids; not for security. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function bottomKSample<T extends { id: string }>(items: readonly T[], cap: number): T[] {
  if (items.length <= cap) return [...items];
  return items
    .map((item) => ({ item, h: fnv1a(item.id) }))
    .sort((a, b) => a.h - b.h || (a.item.id < b.item.id ? -1 : 1))
    .slice(0, cap)
    .map((x) => x.item);
}
