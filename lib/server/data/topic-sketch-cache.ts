import "server-only";
// The merged day sketches (sessions and users) of a topic over a span of closed UTC days, kept
// per process. A closed day's sketch only changes when its runs do (runs arriving late, a
// re-clustering that moves runs between topics), and the topics list reads the span's rows with
// its counts anyway, so it takes their fingerprint there (the sum of the rows' transaction ids and
// their number: any insert, update or delete of a row changes it) and reads the sketches again
// only for the topics whose fingerprint moved. At 1M runs the 30-day /topics read ~1,800 sketches
// of 2 KiB as base64 text at each view, 57-216 ms of the embedded database's page.
import { REGISTERS } from "./pattern-sketch";

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

/** Tests: forget every span. */
export function clearSpans(): void {
  entries.clear();
}

/** How many spans are kept (tests). */
export function spansKept(): number {
  return entries.size;
}
