import "server-only";
// What the topic reads keep per process from topic_days (migration 0020_topic_days), each entry
// checked at every read against what it was read from, so a change is never missed:
// - each day row's hourly counts, while the row's transaction id (xmin) is the one read: a row's
//   five arrays of 24 counts were most of the 30-day /topics read (at 1M runs on the embedded
//   database, ~1,860 rows: 55-87 ms however they were read), and all but the running day's rows
//   change only when runs arrive late or are re-clustered;
// - the merged day sketches (sessions and users) of a topic over a span of closed UTC days, while
//   the fingerprint of the span's rows (the sum of their transaction ids and their number: any
//   insert, update or delete of a row changes it) holds; at 1M runs the 30-day /topics read
//   ~1,800 sketches of 2 KiB as base64 text at each view, 57-216 ms of the embedded database's page;
// - the whole 5-minute slices of a window's partial edge days (below).
import { REGISTERS } from "./pattern-sketch";

/** Hourly counts of a day row: runs, errors, thumbs up, thumbs down and frustrated runs, 24 each. */
export type DayHours = Int32Array;

/** 480 bytes each: ~4 MiB at most, the rows of 60 topics over 4 months. */
const MAX_DAYS = 8_192;
const days = new Map<string, { xmin: number; hours: DayHours }>();

export const dayKey = (projectId: string, topicId: string, agentKey: string, day: number) => `${projectId}\u0000${topicId}\u0000${agentKey}\u0000${day}`;

/** The row's counts, when they were read from the row version with this transaction id. */
export function cachedDay(key: string, xmin: number): DayHours | undefined {
  const e = days.get(key);
  if (!e || e.xmin !== xmin) return undefined;
  days.delete(key);
  days.set(key, e);
  return e.hours;
}

export function keepDay(key: string, xmin: number, hours: DayHours): void {
  days.delete(key);
  days.set(key, { xmin, hours });
  while (days.size > MAX_DAYS) days.delete(days.keys().next().value!);
}

export interface SpanSketch {
  fingerprint: string;
  sessions: Uint8Array;
  users: Uint8Array;
}

/** Two sketches of 2 KiB each: 4 MiB at most, enough for the topics of a few agents' windows. */
const MAX_ENTRIES = 1_024;
const entries = new Map<string, SpanSketch>();

export const spanKey = (projectId: string, agentKey: string | null, topicId: string, from: number, to: number) =>
  `${projectId}\u0000${agentKey ?? "*"}\u0000${topicId}\u0000${from}\u0000${to}`;

/** The span's sketches, when they were read with this fingerprint. */
export function cachedSpan(key: string, fingerprint: string): SpanSketch | undefined {
  const e = entries.get(key);
  if (!e || e.fingerprint !== fingerprint) return undefined;
  // Least recently used goes first: a hit moves to the end.
  entries.delete(key);
  entries.set(key, e);
  return e;
}

export function keepSpan(key: string, span: SpanSketch): void {
  if (span.sessions.length !== REGISTERS || span.users.length !== REGISTERS) return;
  entries.delete(key);
  entries.set(key, span);
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
}

/** Tests: forget everything kept. */
export function clearTopicDayCache(): void {
  days.clear();
  entries.clear();
  edges.clear();
  edgeSlots = 0;
}

/** How many day rows, spans and edge days are kept (tests). */
export function topicDayCacheSize(): { days: number; spans: number; edges: number } {
  return { days: days.size, spans: entries.size, edges: edges.size };
}

// ---------------------------------------------------------------------------------------------
// The partial days at a window's edges
// ---------------------------------------------------------------------------------------------

/**
 * A topic's runs in the whole 5-minute slices [from, to) of one UTC day, as the HyperLogLog slots
 * of their sessions and users per slice. A window's partial first day is read from the runs (a
 * day's sketch would count the whole day); as a "last N" window moves on, its first day's slices
 * are still those read before, so they are kept while that day's topic_days row (which every
 * change to the topic's runs of that day rewrites) keeps its fingerprint, and only the partial
 * slice is read.
 */
export interface EdgeSlices {
  fingerprint: string;
  from: number;
  to: number;
  slices: Map<number, { sessions: Int32Array; users: Int32Array }>;
}

/** Slots kept in all (4 bytes each): 4 MiB. */
const MAX_EDGE_SLOTS = 1_000_000;
const edges = new Map<string, { e: EdgeSlices; slots: number }>();
let edgeSlots = 0;

export const edgeKey = (projectId: string, agentKey: string | null, topicId: string, day: number) =>
  `${projectId}\u0000${agentKey ?? "*"}\u0000${topicId}\u0000${day}`;

/** The slices kept for the topic's day, when they cover [from, to) and were read with this fingerprint. */
export function cachedEdge(key: string, fingerprint: string, from: number, to: number): EdgeSlices | undefined {
  const k = edges.get(key);
  if (!k || k.e.fingerprint !== fingerprint || k.e.from > from || k.e.to < to) return undefined;
  edges.delete(key);
  edges.set(key, k);
  return k.e;
}

export function keepEdge(key: string, e: EdgeSlices): void {
  let slots = 0;
  for (const h of e.slices.values()) slots += h.sessions.length + h.users.length;
  const old = edges.get(key);
  if (old) {
    edges.delete(key);
    edgeSlots -= old.slots;
  }
  if (slots > MAX_EDGE_SLOTS / 4) return;
  edges.set(key, { e, slots });
  edgeSlots += slots;
  for (const [k, v] of edges) {
    if (edgeSlots <= MAX_EDGE_SLOTS) break;
    edges.delete(k);
    edgeSlots -= v.slots;
  }
}
