import "server-only";
// Per-topic figures over a window and the one of the same length before it, for the topics list,
// the topic page and the recaps. Two reads give the same runs, errors, thumbs, frustrated runs and
// previous runs:
// - raw: every run_topics row of both windows (windows of two days or less, and `exact`);
// - days: topic_days (kept by triggers on run_topics, migration 0020_topic_days) for every whole
//   UTC hour of both windows, and run_topics only for the partial hours at the three edges (the
//   previous window's start, where the windows meet, the window's end): the cost follows the
//   number of topic-days, not of runs.
// Distinct sessions and users on the days read are exact for the smallest topics, as long as their
// runs in the window add up to at most EXACT_MAX (so any topic with fewer runs than the bound, when
// asked for alone, as on the topic page); the others are estimated (HyperLogLog, ~2% error) from
// the sketches of the whole UTC days inside the window and, for the partial days at its edges, from
// the slots of their runs inside the window (run_topics: at most two days of a topic's runs). The
// merged sketches of a topic's closed days are kept per process while their rows do not change
// (topic-day-cache.ts).
import type { Queryable } from "@/lib/db/sql";
import { addSlots, emptySketch, endsNow, estimate, mergeRegisters, registersOf } from "./pattern-sketch";
import {
  cachedDay,
  cachedEdge,
  cachedSpan,
  dayKey,
  edgeKey,
  keepDay,
  keepEdge,
  keepSpan,
  spanKey,
  type DayHours,
  type EdgeSlices,
  type SpanSketch,
} from "./topic-day-cache";
import { DAY } from "./stats";

export interface TopicCounts {
  runs: number;
  sessions: number;
  users: number;
  errors: number;
  thumbsUp: number;
  thumbsDown: number;
  frustrated: number;
  previousRuns: number;
}

export interface CountQuery {
  /** The previous window is [previousFrom, from); the window [from, to] (inclusive), or [from, to) with `openEnd`. */
  previousFrom: Date;
  from: Date;
  to: Date;
  openEnd?: boolean;
  /** Undefined: every agent. */
  agentKey?: string;
  /** Distinct sessions and users are counted for this topic only (the topic page). */
  topicId?: string;
  /** Read every run (exact distinct counts at any size). */
  exact?: boolean;
  /** False: sessions and users are not counted (left 0), and windows from 3 hours read the days. */
  distinct?: boolean;
}

/** Runs read (in all, smallest topics first) for exact session and user counts from the days read. */
export const EXACT_MAX = 2_000;

const HOUR = 3_600_000;
const floorDay = (t: number) => Math.floor(t / DAY) * DAY;
const ceilDay = (t: number) => Math.ceil(t / DAY) * DAY;
const floorHour = (t: number) => Math.floor(t / HOUR) * HOUR;
const ceilHour = (t: number) => Math.ceil(t / HOUR) * HOUR;
/** The partial edge days' runs are kept in slices of 5 minutes (edgeSlots). */
const SLICE = 5 * 60_000;
const floorSlice = (t: number) => Math.floor(t / SLICE) * SLICE;
const ceilSlice = (t: number) => Math.ceil(t / SLICE) * SLICE;
const iso = (t: number) => new Date(t).toISOString();

/** The figures of every topic with runs in either window. */
export async function topicCounts(q: Queryable, projectId: string, c: CountQuery): Promise<Map<string, TopicCounts>> {
  // The day sketches cover whole days, so short windows count sessions and users from the runs;
  // the hourly counts serve any window long enough for its edges' partial hours not to meet.
  // A window that ends now takes its running day's sketch whole and reads only its first, partial
  // day's runs (whose whole 5-minute slices are kept: topic-day-cache.ts), so it reads the days from 3
  // hours too.
  const ms = c.to.getTime() - c.from.getTime();
  const days = c.distinct === false || endsNow(c.to.getTime()) ? ms >= 3 * HOUR : ms > 2 * DAY;
  return days && !c.exact ? dayCounts(q, projectId, c) : rawCounts(q, projectId, c);
}

type CountRow = {
  topic_id: string;
  runs: string;
  sessions: string;
  users: string;
  errors: string;
  thumbs_up: string;
  thumbs_down: string;
  frustrated: string;
  previous_runs: string;
};

const toCounts = (r: CountRow): TopicCounts => ({
  runs: Number(r.runs),
  sessions: Number(r.sessions),
  users: Number(r.users),
  errors: Number(r.errors),
  thumbsUp: Number(r.thumbs_up),
  thumbsDown: Number(r.thumbs_down),
  frustrated: Number(r.frustrated),
  previousRuns: Number(r.previous_runs),
});

/** The comparison that keeps a time in the window at its end. */
const beforeEnd = (c: CountQuery) => (c.openEnd ? "<" : "<=");

async function rawCounts(q: Queryable, projectId: string, c: CountQuery): Promise<Map<string, TopicCounts>> {
  const distinct = c.distinct !== false;
  const rows = await q.query<CountRow>(
    `SELECT topic_id, count(*) FILTER (WHERE start_time >= $2) AS runs,
       ${distinct ? "count(DISTINCT session_id) FILTER (WHERE start_time >= $2 AND ($6::text IS NULL OR topic_id = $6))" : "0"} AS sessions,
       ${distinct ? "count(DISTINCT user_id) FILTER (WHERE start_time >= $2 AND ($6::text IS NULL OR topic_id = $6))" : "0"} AS users,
       count(*) FILTER (WHERE start_time >= $2 AND errored) AS errors, count(*) FILTER (WHERE start_time >= $2 AND feedback_score = 1) AS thumbs_up,
       count(*) FILTER (WHERE start_time >= $2 AND feedback_score = -1) AS thumbs_down,
       count(*) FILTER (WHERE start_time >= $2 AND frustrated) AS frustrated, count(*) FILTER (WHERE start_time < $2) AS previous_runs
     FROM run_topics WHERE project_id = $1 AND start_time >= $4 AND start_time ${beforeEnd(c)} $3 AND ($5::text IS NULL OR agent_key = $5)
     GROUP BY topic_id`,
    // $6 (the topic) only where the statement names it: PostgreSQL refuses a parameter it does not use.
    [projectId, c.from.toISOString(), c.to.toISOString(), c.previousFrom.toISOString(), c.agentKey ?? null, ...(distinct ? [c.topicId ?? null] : [])],
  );
  return new Map(rows.map((r) => [r.topic_id, toCounts(r)]));
}

const blank = (): TopicCounts => ({ runs: 0, sessions: 0, users: 0, errors: 0, thumbsUp: 0, thumbsDown: 0, frustrated: 0, previousRuns: 0 });

/** The whole UTC days of a window whose sketches are read: [from, closedTo) cached (see topic-day-cache.ts), [closedTo, to) read at each call. */
interface SketchDays {
  from: number;
  closedTo: number;
  to: number;
  endsNow: boolean;
}

function sketchDays(c: CountQuery, now: number): SketchDays {
  // A window that ends now (a "last N" window) takes its last, running day's sketch whole: that
  // day has no runs after the window yet (but for runs dated ahead of the clock), and reading its
  // runs was most of the edges' cost (at 1M runs, the 30-day /topics on the embedded database
  // ~100 ms of ~330).
  const cTo = c.to.getTime();
  const toNow = endsNow(cTo, now);
  const from = ceilDay(c.from.getTime());
  const to = Math.max(from, toNow ? ceilDay(cTo) : floorDay(cTo));
  // Days before today's, and before the window's last, are closed: today's sketch changes with
  // every run, so it is not kept.
  return { from, to, endsNow: toNow, closedTo: Math.max(from, Math.min(to, floorDay(now), floorDay(cTo))) };
}

/**
 * The fingerprints of a topic's day rows (the sum of their transaction ids and their number: any
 * insert, update or delete of a row changes it): over the sketch days kept, and of the window's
 * first and last days, whose whole 5-minute slices are kept (topic-day-cache.ts).
 */
interface Fingerprints {
  fingerprint: string;
  first_fp: string;
  last_fp: string;
}
const NO_ROWS: Fingerprints = { fingerprint: "0:0", first_fp: "0:0", last_fp: "0:0" };

type DayHead = { topic_id: string; agent_key: string; day: Date | string; x: string };
type DayArrays = DayHead & { runs: string; errors: string; thumbs_up: string; thumbs_down: string; frustrated: string };

/** `{1,2,3}` (an int[] as text: PGlite's own array parser took most of the read) into `into` from `at`. */
function parseInts(text: string, into: Int32Array, at: number): void {
  const parts = text.slice(1, -1).split(",");
  for (let i = 0; i < 24 && i < parts.length; i++) into[at + i] = Number(parts[i]);
}

/**
 * The hourly counts of the day rows in [from, to): every row's transaction id, then the counts of
 * the rows not kept already at that id (topic-day-cache.ts), read as text.
 */
async function dayRows(
  q: Queryable,
  projectId: string,
  from: number,
  to: number,
  agent: string | null,
): Promise<{ topicId: string; day: number; xmin: number; hours: DayHours }[]> {
  const heads = await q.query<DayHead>(
    `SELECT topic_id, agent_key, day, xmin::text AS x FROM topic_days
     WHERE project_id = $1 AND day >= $2::timestamptz AND day < $3::timestamptz AND ($4::text IS NULL OR agent_key = $4)`,
    [projectId, iso(from), iso(to), agent],
  );
  const rows = heads.map((h) => {
    const day = new Date(h.day).getTime();
    const key = dayKey(projectId, h.topic_id, h.agent_key, day);
    return { topicId: h.topic_id, agentKey: h.agent_key, day, key, xmin: Number(h.x), hours: cachedDay(key, Number(h.x)) };
  });
  const missing = rows.filter((r) => !r.hours);
  if (missing.length) {
    const read = await q.query<DayArrays>(
      `SELECT d.topic_id, d.agent_key, d.day, d.xmin::text AS x, d.runs::text AS runs, d.errors::text AS errors, d.thumbs_up::text AS thumbs_up,
         d.thumbs_down::text AS thumbs_down, d.frustrated::text AS frustrated
       FROM topic_days d JOIN unnest($2::text[], $3::text[], $4::timestamptz[]) AS k(topic_id, agent_key, day) USING (topic_id, agent_key, day)
       WHERE d.project_id = $1 AND d.day >= $5::timestamptz AND d.day <= $6::timestamptz`,
      // The days' range lets the rows of the running day alone (what a later view reads) come
      // from the day index instead of a scan of the table.
      [
        projectId,
        missing.map((r) => r.topicId),
        missing.map((r) => r.agentKey),
        missing.map((r) => iso(r.day)),
        iso(missing.reduce((t, r) => Math.min(t, r.day), Infinity)),
        iso(missing.reduce((t, r) => Math.max(t, r.day), -Infinity)),
      ],
    );
    const byKey = new Map(missing.map((r) => [r.key, r]));
    for (const d of read) {
      const day = new Date(d.day).getTime();
      const r = byKey.get(dayKey(projectId, d.topic_id, d.agent_key, day));
      if (!r) continue;
      const hours = new Int32Array(120);
      [d.runs, d.errors, d.thumbs_up, d.thumbs_down, d.frustrated].forEach((text, i) => parseInts(text, hours, i * 24));
      // The version read now, which may be newer than the one listed.
      r.xmin = Number(d.x);
      r.hours = hours;
      keepDay(r.key, r.xmin, hours);
    }
  }
  // A row deleted between the two reads has no counts.
  return rows.filter((r): r is typeof r & { hours: DayHours } => r.hours !== undefined);
}

async function dayCounts(q: Queryable, projectId: string, c: CountQuery): Promise<Map<string, TopicCounts>> {
  const [pFrom, cFrom, cTo] = [c.previousFrom.getTime(), c.from.getTime(), c.to.getTime()];
  const agent = c.agentKey ?? null;
  const sketch = sketchDays(c, Date.now());
  // Whole hours of each window from the day rows; its last whole hour ends at or before
  // floorHour(cTo) and the runs at or after it (up to its end) are read raw, as are the partial
  // hours at the other edges.
  const prevHours = [ceilHour(pFrom), floorHour(cFrom)] as const;
  const curHours = [ceilHour(cFrom), floorHour(cTo)] as const;
  const [days, raw] = await Promise.all([
    dayRows(q, projectId, floorDay(pFrom), cTo, agent),
    q.query<CountRow & { cur: boolean }>(
      `SELECT topic_id, start_time >= $2::timestamptz AS cur, count(*) AS runs, '0' AS sessions, '0' AS users, count(*) FILTER (WHERE errored) AS errors,
         count(*) FILTER (WHERE feedback_score = 1) AS thumbs_up, count(*) FILTER (WHERE feedback_score = -1) AS thumbs_down,
         count(*) FILTER (WHERE frustrated) AS frustrated, '0' AS previous_runs
       FROM run_topics WHERE project_id = $1 AND ($3::text IS NULL OR agent_key = $3)
         AND ((start_time >= $4::timestamptz AND start_time < $5::timestamptz) OR (start_time >= $6::timestamptz AND start_time < $7::timestamptz)
           OR (start_time >= $8::timestamptz AND start_time ${beforeEnd(c)} $9::timestamptz))
       GROUP BY 1, 2`,
      [projectId, iso(cFrom), agent, iso(pFrom), iso(ceilHour(pFrom)), iso(floorHour(cFrom)), iso(ceilHour(cFrom)), iso(floorHour(cTo)), iso(cTo)],
    ),
  ]);
  const out = new Map<string, TopicCounts>();
  const get = (id: string) => {
    let a = out.get(id);
    if (!a) out.set(id, (a = blank()));
    return a;
  };
  const fingerprints = new Map<string, Fingerprints>();
  const sums = new Map<string, number[]>();
  const [firstDay, lastDay] = [floorDay(cFrom), floorDay(cTo)];
  for (const d of days) {
    const a = get(d.topicId);
    const h24 = d.hours;
    for (let h = 0; h < 24; h++) {
      const start = d.day + h * HOUR;
      const n = h24[h]!;
      if (n === 0) continue;
      if (start >= prevHours[0] && start + HOUR <= prevHours[1]) a.previousRuns += n;
      else if (start >= curHours[0] && start + HOUR <= curHours[1]) {
        a.runs += n;
        a.errors += h24[24 + h]!;
        a.thumbsUp += h24[48 + h]!;
        a.thumbsDown += h24[72 + h]!;
        a.frustrated += h24[96 + h]!;
      }
    }
    const f = sums.get(d.topicId) ?? [0, 0, 0, 0, 0, 0];
    sums.set(d.topicId, f);
    const add = (i: number) => {
      f[i]! += d.xmin;
      f[i + 1]!++;
    };
    if (d.day >= sketch.from && d.day < sketch.closedTo) add(0);
    if (d.day === firstDay) add(2);
    if (d.day === lastDay) add(4);
  }
  for (const [id, f] of sums) fingerprints.set(id, { fingerprint: `${f[0]}:${f[1]}`, first_fp: `${f[2]}:${f[3]}`, last_fp: `${f[4]}:${f[5]}` });
  for (const r of raw) {
    const a = get(r.topic_id);
    if (!r.cur) {
      a.previousRuns += Number(r.runs);
      continue;
    }
    a.runs += Number(r.runs);
    a.errors += Number(r.errors);
    a.thumbsUp += Number(r.thumbs_up);
    a.thumbsDown += Number(r.thumbs_down);
    a.frustrated += Number(r.frustrated);
  }
  for (const [id, a] of out) if (a.runs === 0 && a.previousRuns === 0) out.delete(id);
  if (c.distinct !== false) await addDistinct(q, projectId, c, out, sketch, fingerprints);
  return out;
}

/** Sessions and users of the window: exact for the smaller topics, from the day sketches for the larger. */
async function addDistinct(
  q: Queryable,
  projectId: string,
  c: CountQuery,
  out: Map<string, TopicCounts>,
  days: SketchDays,
  fingerprints: Map<string, Fingerprints>,
): Promise<void> {
  const wanted = [...out].filter(([id, a]) => a.runs > 0 && (c.topicId === undefined || id === c.topicId)).sort(([, a], [, b]) => a.runs - b.runs);
  // Smallest first, while the rows read stay within EXACT_MAX in all: many topics just under the
  // bound (a week of a large agent) would otherwise read tens of thousands of rows.
  const small: string[] = [];
  const large: string[] = [];
  let read = 0;
  for (const [id, a] of wanted) {
    if (read + a.runs <= EXACT_MAX) {
      small.push(id);
      read += a.runs;
    } else large.push(id);
  }
  const agent = c.agentKey ?? null;
  const fp = (id: string) => fingerprints.get(id) ?? NO_ROWS;
  // The day sketches of the whole UTC days inside the window (sketchDays); the partial days at
  // its edges from their runs inside the window (a day's sketch would count the whole day: up to a
  // day of sessions and users outside the window, a third more for one-off users of a 3-day window).
  const keyOf = (id: string) => spanKey(projectId, agent, id, days.from, days.closedTo);
  const kept = new Map<string, SpanSketch>();
  for (const id of large) {
    const span = cachedSpan(keyOf(id), fp(id).fingerprint);
    if (span) kept.set(id, span);
  }
  const unkept = large.filter((id) => !kept.has(id));
  const [exact, sketches, edges] = await Promise.all([
    small.length
      ? q.query<{ topic_id: string; sessions: string; users: string }>(
          `SELECT topic_id, count(DISTINCT session_id) AS sessions, count(DISTINCT user_id) AS users FROM run_topics
           WHERE project_id = $1 AND topic_id = ANY($2::text[]) AND start_time >= $3::timestamptz AND start_time ${beforeEnd(c)} $4::timestamptz
             AND ($5::text IS NULL OR agent_key = $5)
           GROUP BY topic_id`,
          [projectId, small, c.from.toISOString(), c.to.toISOString(), agent],
        )
      : Promise.resolve([]),
    large.length
      ? q.query<{ topic_id: string; closed: boolean; sessions: unknown; users: unknown }>(
          // base64 text: PGlite's bytea parser takes ~5 times as long (see registersOf).
          `SELECT topic_id, day < $4::timestamptz AS closed, encode(sessions, 'base64') AS sessions, encode(users, 'base64') AS users FROM topic_days
           WHERE project_id = $1 AND topic_id = ANY($2::text[]) AND ($6::text IS NULL OR agent_key = $6)
             AND ((day >= $3::timestamptz AND day < $4::timestamptz AND topic_id = ANY($7::text[])) OR (day >= $4::timestamptz AND day < $5::timestamptz))`,
          [projectId, large, iso(days.from), iso(days.closedTo), iso(days.to), agent, unkept],
        )
      : Promise.resolve([]),
    large.length ? edgeSlots(q, projectId, c, days, large, fp) : Promise.resolve([]),
  ]);
  for (const e of exact) {
    const a = out.get(e.topic_id)!;
    a.sessions = Number(e.sessions);
    a.users = Number(e.users);
  }
  // The closed days of the topics not kept, merged and kept; then each large topic's kept or
  // merged closed days, its other whole days and its edges.
  const closed = new Map(unkept.map((id) => [id, { fingerprint: fp(id).fingerprint, sessions: emptySketch(), users: emptySketch() }]));
  for (const s of sketches) {
    if (!s.closed) continue;
    const m = closed.get(s.topic_id)!;
    mergeRegisters(m.sessions, registersOf(s.sessions));
    mergeRegisters(m.users, registersOf(s.users));
  }
  for (const [id, span] of closed) {
    if (days.closedTo > days.from) keepSpan(keyOf(id), span);
    kept.set(id, span);
  }
  const merged = new Map(large.map((id) => [id, { sessions: Uint8Array.from(kept.get(id)!.sessions), users: Uint8Array.from(kept.get(id)!.users) }]));
  for (const s of sketches) {
    if (s.closed) continue;
    const m = merged.get(s.topic_id)!;
    mergeRegisters(m.sessions, registersOf(s.sessions));
    mergeRegisters(m.users, registersOf(s.users));
  }
  for (const e of edges) {
    const m = merged.get(e.topicId)!;
    addSlots(m.sessions, e.sessions);
    addSlots(m.users, e.users);
  }
  for (const [id, m] of merged) {
    const a = out.get(id)!;
    a.sessions = estimate(m.sessions);
    a.users = estimate(m.users);
  }
}

/** A partial day at a window's edge: its runs in [from, to) (or [from, to] with `inclusive`), all on the UTC day `day`. */
interface Edge {
  day: number;
  from: number;
  to: number;
  inclusive: boolean;
  first: boolean;
}

/**
 * The sessions' and users' slots of the large topics' runs in the window's partial days: the
 * whole 5-minute slices of each from the slices kept (topic-day-cache.ts) or read by slice and
 * kept, the partial slices at their ends (at most 5 minutes of runs each) from the runs.
 */
async function edgeSlots(
  q: Queryable,
  projectId: string,
  c: CountQuery,
  days: SketchDays,
  large: string[],
  fp: (id: string) => Fingerprints,
): Promise<{ topicId: string; sessions: ArrayLike<number>; users: ArrayLike<number> }[]> {
  const [cFrom, cTo] = [c.from.getTime(), c.to.getTime()];
  const inclusive = !c.openEnd;
  // The first partial day, [from, its end), unless the window starts at midnight; the last, [its
  // start, to], unless the window ends now (its running day's sketch is taken whole).
  const edges: Edge[] = [];
  if (days.from >= cTo) edges.push({ day: floorDay(cFrom), from: cFrom, to: cTo, inclusive, first: true });
  else {
    if (cFrom < days.from) edges.push({ day: floorDay(cFrom), from: cFrom, to: days.from, inclusive: false, first: true });
    if (!days.endsNow && days.to <= cTo) edges.push({ day: days.to, from: days.to, to: cTo, inclusive, first: false });
  }
  // A window from midnight to now has no partial day: its whole days' sketches are all of it.
  if (!edges.length) return [];
  const agent = c.agentKey ?? null;
  const params: unknown[] = [projectId, large, agent];
  const p = (v: unknown) => (params.push(v), `$${params.length}`);
  const range = (a: number, b: number, le = false) => `start_time >= ${p(iso(a))}::timestamptz AND start_time ${le ? "<=" : "<"} ${p(iso(b))}::timestamptz`;
  const raw: string[] = [];
  const sliced: string[] = [];
  const out: { topicId: string; sessions: ArrayLike<number>; users: ArrayLike<number> }[] = [];
  const toKeep: { edge: Edge; h0: number; h1: number; ids: Map<string, EdgeSlices> }[] = [];
  for (const e of edges) {
    const [h0, h1] = [ceilSlice(e.from), floorSlice(e.to)];
    if (h0 >= h1) {
      raw.push(`(${range(e.from, e.to, e.inclusive)})`);
      continue;
    }
    raw.push(`(${range(e.from, h0)})`, `(${range(h1, e.to, e.inclusive)})`);
    const ids = new Map<string, EdgeSlices>();
    for (const id of large) {
      const f = e.first ? fp(id).first_fp : fp(id).last_fp;
      const hit = cachedEdge(edgeKey(projectId, agent, id, e.day), f, h0, h1);
      if (hit) {
        for (const [slice, s] of hit.slices) if (slice >= h0 && slice < h1) out.push({ topicId: id, ...s });
      } else ids.set(id, { fingerprint: f, from: h0, to: h1, slices: new Map() });
    }
    if (!ids.size) continue;
    const whole = range(h0, h1);
    sliced.push(`(${whole})`);
    raw.push(`(${whole} AND topic_id = ANY(${p([...ids.keys()])}::text[]))`);
    toKeep.push({ edge: e, h0, h1, ids });
  }
  const rows = await q.query<{ topic_id: string; slice: Date | string | null; sessions: number[] | null; users: number[] | null }>(
    `SELECT topic_id, ${sliced.length ? `CASE WHEN ${sliced.join(" OR ")} THEN to_timestamp(floor(extract(epoch FROM start_time) / ${SLICE / 1000}) * ${SLICE / 1000}) END` : "NULL::timestamptz"} AS slice,
       array_agg(DISTINCT sightline_hll_slot(session_id)) FILTER (WHERE session_id IS NOT NULL) AS sessions,
       array_agg(DISTINCT sightline_hll_slot(user_id)) FILTER (WHERE user_id IS NOT NULL) AS users
     FROM run_topics WHERE project_id = $1 AND topic_id = ANY($2::text[]) AND ($3::text IS NULL OR agent_key = $3) AND (${raw.join(" OR ")})
     GROUP BY 1, 2`,
    params,
  );
  for (const r of rows) {
    const slots = { sessions: Int32Array.from(r.sessions ?? []), users: Int32Array.from(r.users ?? []) };
    out.push({ topicId: r.topic_id, ...slots });
    if (r.slice === null) continue;
    const slice = new Date(r.slice).getTime();
    const k = toKeep.find((t) => slice >= t.h0 && slice < t.h1);
    k?.ids.get(r.topic_id)?.slices.set(slice, slots);
  }
  for (const k of toKeep) for (const [id, e] of k.ids) keepEdge(edgeKey(projectId, agent, id, k.edge.day), e);
  return out;
}
