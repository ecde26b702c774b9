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
// (topic-sketch-cache.ts).
import type { Queryable } from "@/lib/db/sql";
import { addSlots, emptySketch, estimate, mergeRegisters, registersOf } from "./pattern-sketch";
import { cachedSpan, keepSpan, spanKey, type SpanSketch } from "./topic-sketch-cache";
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
  /** True: only the runs of both windows are read from the days (errors, thumbs and frustrated runs left 0). */
  runsOnly?: boolean;
}

/** Runs read (in all, smallest topics first) for exact session and user counts from the days read. */
export const EXACT_MAX = 2_000;

const HOUR = 3_600_000;
const floorDay = (t: number) => Math.floor(t / DAY) * DAY;
const ceilDay = (t: number) => Math.ceil(t / DAY) * DAY;
/** A window ending this close to the present ends "now" (see addDistinct). */
const ENDS_NOW_SLACK_MS = 5 * 60_000;
const floorHour = (t: number) => Math.floor(t / HOUR) * HOUR;
const ceilHour = (t: number) => Math.ceil(t / HOUR) * HOUR;
const iso = (t: number) => new Date(t).toISOString();

/** The figures of every topic with runs in either window. */
export async function topicCounts(q: Queryable, projectId: string, c: CountQuery): Promise<Map<string, TopicCounts>> {
  // The day sketches cover whole days, so short windows count sessions and users from the runs;
  // the hourly counts serve any window long enough for its edges' partial hours not to meet.
  const ms = c.to.getTime() - c.from.getTime();
  const days = c.distinct === false ? ms >= 3 * HOUR : ms > 2 * DAY;
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
    [projectId, c.from.toISOString(), c.to.toISOString(), c.previousFrom.toISOString(), c.agentKey ?? null, c.topicId ?? null],
  );
  return new Map(rows.map((r) => [r.topic_id, toCounts(r)]));
}

const blank = (): TopicCounts => ({ runs: 0, sessions: 0, users: 0, errors: 0, thumbsUp: 0, thumbsDown: 0, frustrated: 0, previousRuns: 0 });

/** The whole UTC days of a window whose sketches are read: [from, closedTo) cached (see topic-sketch-cache.ts), [closedTo, to) read at each call. */
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
  const endsNow = cTo >= now - ENDS_NOW_SLACK_MS;
  const from = ceilDay(c.from.getTime());
  const to = Math.max(from, endsNow ? ceilDay(cTo) : floorDay(cTo));
  // Days before today's, and before the window's last, are closed: today's sketch changes with
  // every run, so it is not kept.
  return { from, to, endsNow, closedTo: Math.max(from, Math.min(to, floorDay(now), floorDay(cTo))) };
}

async function dayCounts(q: Queryable, projectId: string, c: CountQuery): Promise<Map<string, TopicCounts>> {
  const [pFrom, cFrom, cTo] = [c.previousFrom.getTime(), c.from.getTime(), c.to.getTime()];
  const agent = c.agentKey ?? null;
  const sketch = sketchDays(c, Date.now());
  // Whole hours of each window from the day rows, summed in the database (parsing each row's five
  // arrays was most of the read: PGlite, 1M runs, a week and the one before, 819 rows, ~310 ms with
  // the five arrays against ~100 ms with the runs alone, at load 6-7). An hour counts when it
  // starts at or after its window's first whole hour and ends at or before its last whole hour
  // ends; the window's last whole hour ends at or before floorHour(cTo) and the runs at or after
  // it (up to its end) are read raw, as are the partial hours at the other edges.
  const cur = "y.hour >= $6::timestamptz AND y.hour <= $7::timestamptz";
  const sum = (col: string) => (c.runsOnly ? "0" : `sum(y.${col}) FILTER (WHERE ${cur})`);
  const [days, raw] = await Promise.all([
    q.query<CountRow & { fingerprint: string }>(
      `SELECT d.topic_id, coalesce(sum(h.runs), 0) AS runs, '0' AS sessions, '0' AS users, coalesce(sum(h.errors), 0) AS errors,
         coalesce(sum(h.thumbs_up), 0) AS thumbs_up, coalesce(sum(h.thumbs_down), 0) AS thumbs_down, coalesce(sum(h.frustrated), 0) AS frustrated,
         coalesce(sum(h.previous_runs), 0) AS previous_runs,
         coalesce(sum(d.xmin::text::bigint) FILTER (WHERE d.day >= $9::timestamptz AND d.day < $10::timestamptz), 0) || ':'
           || count(*) FILTER (WHERE d.day >= $9::timestamptz AND d.day < $10::timestamptz) AS fingerprint
       FROM topic_days d CROSS JOIN LATERAL (
         SELECT sum(y.n) FILTER (WHERE ${cur}) AS runs, ${sum("e")} AS errors, ${sum("up")} AS thumbs_up, ${sum("down")} AS thumbs_down,
           ${sum("fr")} AS frustrated, sum(y.n) FILTER (WHERE y.hour >= $4::timestamptz AND y.hour <= $5::timestamptz) AS previous_runs
         FROM (SELECT d.day + (x.h - 1) * interval '1 hour' AS hour, x.n, x.e, x.up, x.down, x.fr
               FROM unnest(d.runs, ${c.runsOnly ? "NULL::int[], NULL::int[], NULL::int[], NULL::int[]" : "d.errors, d.thumbs_up, d.thumbs_down, d.frustrated"})
                 WITH ORDINALITY AS x(n, e, up, down, fr, h)
               WHERE x.n <> 0) y) h
       WHERE d.project_id = $1 AND d.day >= $2::timestamptz AND d.day < $3::timestamptz AND ($8::text IS NULL OR d.agent_key = $8)
       GROUP BY d.topic_id`,
      [
        projectId,
        iso(floorDay(pFrom)),
        iso(cTo),
        iso(ceilHour(pFrom)),
        iso(floorHour(cFrom) - HOUR),
        iso(ceilHour(cFrom)),
        iso(floorHour(cTo) - HOUR),
        agent,
        iso(sketch.from),
        iso(sketch.closedTo),
      ],
    ),
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
  for (const d of days) out.set(d.topic_id, toCounts(d));
  const fingerprints = new Map(days.map((d) => [d.topic_id, d.fingerprint]));
  for (const r of raw) {
    let a = out.get(r.topic_id);
    if (!a) out.set(r.topic_id, (a = blank()));
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
  fingerprints: Map<string, string>,
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
  // The day sketches of the whole UTC days inside the window (sketchDays); the partial days at
  // its edges from their runs inside the window (a day's sketch would count the whole day: up to a
  // day of sessions and users outside the window, a third more for one-off users of a 3-day window).
  const keyOf = (id: string) => spanKey(projectId, agent, id, days.from, days.closedTo);
  const kept = new Map<string, SpanSketch>();
  for (const id of large) {
    const span = cachedSpan(keyOf(id), fingerprints.get(id) ?? "0:0");
    if (span) kept.set(id, span);
  }
  const unkept = large.filter((id) => !kept.has(id));
  const edgeTo = days.endsNow ? c.to.toISOString() : iso(days.to);
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
    large.length
      ? q.query<{ topic_id: string; sessions: number[] | null; users: number[] | null }>(
          `SELECT topic_id, array_agg(DISTINCT sightline_hll_slot(session_id)) FILTER (WHERE session_id IS NOT NULL) AS sessions,
             array_agg(DISTINCT sightline_hll_slot(user_id)) FILTER (WHERE user_id IS NOT NULL) AS users
           FROM run_topics WHERE project_id = $1 AND topic_id = ANY($2::text[]) AND ($5::text IS NULL OR agent_key = $5)
             AND ((start_time >= $3::timestamptz AND start_time < $4::timestamptz) OR (start_time >= $6::timestamptz AND start_time ${beforeEnd(c)} $7::timestamptz))
           GROUP BY topic_id`,
          [projectId, large, c.from.toISOString(), iso(days.from), agent, edgeTo, c.to.toISOString()],
        )
      : Promise.resolve([]),
  ]);
  for (const e of exact) {
    const a = out.get(e.topic_id)!;
    a.sessions = Number(e.sessions);
    a.users = Number(e.users);
  }
  // The closed days of the topics not kept, merged and kept; then each large topic's kept or
  // merged closed days, its other whole days and its edges.
  const closed = new Map(unkept.map((id) => [id, { fingerprint: fingerprints.get(id) ?? "0:0", sessions: emptySketch(), users: emptySketch() }]));
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
    const m = merged.get(e.topic_id)!;
    addSlots(m.sessions, e.sessions ?? []);
    addSlots(m.users, e.users ?? []);
  }
  for (const [id, m] of merged) {
    const a = out.get(id)!;
    a.sessions = estimate(m.sessions);
    a.users = estimate(m.users);
  }
}
