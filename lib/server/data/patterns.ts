import "server-only";
// Patterns over a time window, as GET /v1/patterns, GET /v1/patterns/{id} and the /patterns pages
// show them: per pattern the runs, sessions and users it was found in, the previous window's run
// count, its latest match, a trend and example runs with their evidence. Everything is read from
// run_patterns (the engine's results, which carry each run's start time, agent, session and user),
// on its (project, pattern, start time) index; runs are joined only for filters it does not carry.
// Windows of more than two days with no filter but the agent read pattern_days (runs per pattern,
// agent and UTC day, and per hour of the day, and sketches of their sessions and users, kept by
// triggers on run_patterns) and only the partial hours at the edges from run_patterns: the cost
// follows the number of days, not of matches. Runs, previous runs and trends stay exact. Sessions and users are
// exact for patterns found in at most EXACT_MAX runs of the window; above, they are estimated
// (HyperLogLog, ~2% error) from the sketches of the whole UTC days inside the window and, for the
// partial days at its edges, from the slots of their matches inside the window.
import type { Queryable } from "@/lib/db/sql";
import type { Evidence } from "@/lib/insights/patterns/types";
import type { PatternFilters } from "@/lib/validations/lists";
import { previousWindow } from "@/lib/validations/window";
import { backfillProgress, type BackfillProgress } from "@/lib/server/insights/backfill";
import { findAgent } from "./agents";
import { findPatternRef, listPatternRefs, type PatternRef } from "./insights";
import { runConditions } from "./runs";
import { addSlots, emptySketch, endsNow, estimate, mergeRegisters, registersOf } from "./pattern-sketch";
import { SqlWhere } from "./sql-where";
import { DAY, seriesStepMs, stepStarts } from "./stats";

export interface PatternSummary {
  /** The built-in key, or the user-defined pattern's id (`pat_…`). */
  id: string;
  /** The built-in key; null for a user-defined pattern. */
  key: string | null;
  name: string;
  description: string;
  builtin: boolean;
  scope: "conversational" | "all";
  /** False for a disabled user-defined pattern (its past results are kept, nothing new is found). */
  enabled: boolean;
  /** The agent a user-defined pattern is limited to. */
  agent: { name: string; slug: string } | null;
  /** Runs of the window in which the pattern was found, and their distinct sessions and users. */
  runCount: number;
  sessionCount: number;
  userCount: number;
  /** Runs of the window of the same length just before. */
  previousRunCount: number;
  /** The latest run of the two windows in which the pattern was found. */
  lastSeenAt: string | null;
}

export interface PatternPoint {
  t: string;
  runs: number;
}

export interface PatternExample {
  runId: string;
  startTime: string;
  sessionId: string | null;
  user: { id: string; name: string | null } | null;
  agent: { name: string; slug: string } | null;
  /** The run's prompt, cut to 300 characters. */
  userPrompt: string | null;
  evidence: Evidence[];
  explanation: string | null;
}

export interface PatternOverview extends PatternSummary {
  trend: PatternPoint[];
  /** The latest runs of up to three different sessions. */
  examples: PatternExample[];
}

export interface PatternDetail extends PatternSummary {
  window: { from: string; to: string };
  series: { stepMs: number; points: PatternPoint[] };
  /** The latest runs of up to ten different sessions. */
  examples: PatternExample[];
  /** A user-defined pattern's latest backfill; null for built-in patterns. */
  backfill: BackfillProgress | null;
}

type Span = { from: Date; to: Date };

/** Filters answered by run_patterns' own columns; anything else needs the runs joined. */
const needsRuns = (f: PatternFilters) =>
  f.orgId !== null || f.conversational !== null || f.status !== null || f.feedback !== null || f.model !== null || f.metadata.length > 0;

/**
 * Adds to `w` the conditions selecting the matches of a time span under the filters, and returns the
 * FROM clause (alias `rp`); null when a filter names something that does not exist (no match).
 */
async function matchSource(q: Queryable, projectId: string, f: PatternFilters, span: Span, w: SqlWhere): Promise<string | null> {
  w.add(`rp.project_id = ${w.param(projectId)}`);
  w.add(`rp.start_time >= ${w.param(span.from.toISOString())}::timestamptz`);
  w.add(`rp.start_time <= ${w.param(span.to.toISOString())}::timestamptz`);
  if (needsRuns(f)) {
    const ok = await runConditions(q, projectId, { ...f, window: { ...f.window, ...span }, pattern: null }, w);
    return ok ? "run_patterns rp JOIN runs r ON r.project_id = rp.project_id AND r.id = rp.run_id" : null;
  }
  if (f.agent) {
    const agent = await findAgent(q, projectId, f.agent);
    if (!agent) return null;
    w.add(`rp.agent_id = ${w.param(agent.id)}`);
  }
  if (f.userId) w.add(`rp.user_id = ${w.param(f.userId)}`);
  if (f.sessionId) w.add(`rp.session_id = ${w.param(f.sessionId)}`);
  return "run_patterns rp";
}

/** A user-defined pattern limited to another agent has nothing to show for this one. */
async function visibleRefs(q: Queryable, projectId: string, refs: PatternRef[], f: PatternFilters): Promise<PatternRef[]> {
  if (!f.agent) return refs;
  const agent = await findAgent(q, projectId, f.agent);
  return refs.filter((r) => r.agent === null || r.agent.id === agent?.id);
}

type CountRow = { pattern_id: string; runs: string; sessions: string; users: string; previous: string; last_seen: Date | string | null };

/** Patterns found in at most this many runs of the window get exact session and user counts. */
export const EXACT_MAX = 2_000;

interface DayCounts {
  rows: Map<string, CountRow>;
  /** Runs per UTC day of the window (start of day in ms), per pattern. */
  perDay: Map<string, Map<number, number>>;
}

const HOUR = 3_600_000;
const floorDay = (t: number) => Math.floor(t / DAY) * DAY;
const ceilDay = (t: number) => Math.ceil(t / DAY) * DAY;
const floorHour = (t: number) => Math.floor(t / HOUR) * HOUR;
const ceilHour = (t: number) => Math.ceil(t / HOUR) * HOUR;

/** The fast path applies: only the agent filters, and the window holds whole days. */
const fromDays = (f: PatternFilters) => !needsRuns(f) && !f.userId && !f.sessionId && f.window.to.getTime() - f.window.from.getTime() > 2 * DAY;

/**
 * Counts of the window and the one before from pattern_days for whole days, from run_patterns for
 * the partial days at the edges (the start of the previous window, the day the windows meet, the
 * end of the window); null when the agent filter names no agent.
 */
async function dayCounts(q: Queryable, projectId: string, f: PatternFilters, ids: string[]): Promise<DayCounts | null> {
  let agentKey = "*";
  if (f.agent) {
    const agent = await findAgent(q, projectId, f.agent);
    if (!agent) return null;
    agentKey = agent.id;
  }
  const prev = previousWindow(f.window);
  const [pFrom, cFrom, cTo] = [prev.from.getTime(), f.window.from.getTime(), f.window.to.getTime()];
  // Whole days of each window from their day rows; whole hours of the partial days from the day
  // rows' runs per hour; the partial hours at the edges from the matches.
  const prevDays = { from: ceilDay(pFrom), to: floorDay(cFrom) };
  const curDays = { from: ceilDay(cFrom), to: floorDay(cTo) };
  // A window that ends now (a "last N" window) takes its running last day's sketch whole: that day
  // has no matches after the window yet (but for runs dated ahead of the clock), so its matches
  // need not be read for the sessions and users (as the topics do: topic-counts.ts).
  const toNow = endsNow(cTo);
  const sketchTo = toNow ? curDays.to + DAY : curDays.to;
  const inRanges = (t: number, ranges: Array<[number, number]>) => ranges.some(([a, b]) => t >= a && t < b);
  const prevHours: Array<[number, number]> = [
    [ceilHour(pFrom), prevDays.from],
    [prevDays.to, floorHour(cFrom)],
  ];
  const curHours: Array<[number, number]> = [
    [ceilHour(cFrom), curDays.from],
    [curDays.to, floorHour(cTo)],
  ];
  const iso = (t: number) => new Date(t).toISOString();
  const w = new SqlWhere();
  const agentCond = agentKey === "*" ? "" : ` AND rp.agent_id = ${w.param(agentKey)}`;
  const ranges = [
    ...[
      [pFrom, ceilHour(pFrom)],
      [floorHour(cFrom), ceilHour(cFrom)],
    ]
      .filter(([a, b]) => a! < b!)
      .map(([a, b]) => `(rp.start_time >= ${w.param(iso(a!))}::timestamptz AND rp.start_time < ${w.param(iso(b!))}::timestamptz)`),
    `(rp.start_time >= ${w.param(iso(floorHour(cTo)))}::timestamptz AND rp.start_time <= ${w.param(iso(cTo))}::timestamptz)`,
  ];
  const cur = w.param(iso(cFrom));
  // Sessions and users: the sketches of the whole UTC days inside the window; the partial days at
  // its edges are added from their matches inside the window (edgeSlots), for the patterns whose
  // counts are estimated.
  const [days, raw, last] = await Promise.all([
    q.query<{ pattern_id: string; day: Date | string; runs: number; hours: number[] | null; sessions: unknown; users: unknown }>(
      `SELECT pattern_id, day, runs, CASE WHEN day IN ($7::timestamptz, $5::timestamptz, $6::timestamptz) THEN hours END AS hours,
         CASE WHEN day >= $8::timestamptz AND day < $9::timestamptz THEN encode(sessions, 'base64') END AS sessions,
         CASE WHEN day >= $8::timestamptz AND day < $9::timestamptz THEN encode(users, 'base64') END AS users
       FROM pattern_days WHERE project_id = $1 AND pattern_id = ANY($2::text[]) AND agent_key = $3 AND day >= $4::timestamptz AND day <= $6::timestamptz`,
      [projectId, ids, agentKey, iso(floorDay(pFrom)), iso(floorDay(cFrom)), iso(curDays.to), iso(floorDay(pFrom)), iso(curDays.from), iso(sketchTo)],
    ),
    q.query<{ pattern_id: string; day: Date | string; cur: boolean; n: number }>(
      `SELECT rp.pattern_id, date_trunc('day', rp.start_time, 'UTC') AS day, rp.start_time >= ${cur}::timestamptz AS cur, count(*)::int AS n
       FROM run_patterns rp WHERE rp.project_id = ${w.param(projectId)} AND rp.pattern_id = ANY(${w.param(ids)}::text[])${agentCond}
         AND (${ranges.join(" OR ")})
       GROUP BY 1, 2, 3`,
      w.params,
    ),
    q.query<{ pattern_id: string; last_seen: Date | string | null }>(
      `SELECT p.id AS pattern_id, (SELECT rp.start_time FROM run_patterns rp
         WHERE rp.project_id = $1 AND rp.pattern_id = p.id AND rp.start_time >= $2::timestamptz AND rp.start_time <= $3::timestamptz${agentKey === "*" ? "" : " AND rp.agent_id = $4"}
         ORDER BY rp.start_time DESC LIMIT 1) AS last_seen
       FROM unnest(${agentKey === "*" ? "$4" : "$5"}::text[]) AS p(id)`,
      agentKey === "*" ? [projectId, iso(pFrom), iso(cTo), ids] : [projectId, iso(pFrom), iso(cTo), agentKey, ids],
    ),
  ]);
  type Acc = { runs: number; previous: number; sessions: Uint8Array; users: Uint8Array; perDay: Map<number, number> };
  const acc = new Map<string, Acc>();
  const get = (id: string) => {
    let a = acc.get(id);
    if (!a) acc.set(id, (a = { runs: 0, previous: 0, sessions: emptySketch(), users: emptySketch(), perDay: new Map() }));
    return a;
  };
  const addRuns = (a: Acc, day: number, n: number) => {
    a.runs += n;
    a.perDay.set(day, (a.perDay.get(day) ?? 0) + n);
  };
  for (const d of days) {
    const a = get(d.pattern_id);
    const t = new Date(d.day).getTime();
    if (t >= curDays.from && t < sketchTo) {
      mergeRegisters(a.sessions, registersOf(d.sessions));
      mergeRegisters(a.users, registersOf(d.users));
    }
    if (t >= curDays.from && t < curDays.to) addRuns(a, t, d.runs);
    else if (t >= prevDays.from && t < prevDays.to) a.previous += d.runs;
    else
      (d.hours ?? []).forEach((n, h) => {
        const hour = t + h * HOUR;
        if (inRanges(hour, curHours)) addRuns(a, t, n);
        else if (inRanges(hour, prevHours)) a.previous += n;
      });
  }
  for (const r of raw) {
    const a = get(r.pattern_id);
    if (r.cur) addRuns(a, new Date(r.day).getTime(), r.n);
    else a.previous += r.n;
  }
  const lastSeen = new Map(last.map((l) => [l.pattern_id, l.last_seen]));
  // Exact distinct counts where the matches are few enough to read; above, the sketches.
  const small = new Set([...acc].filter(([, a]) => a.runs > 0 && a.runs <= EXACT_MAX).map(([id]) => id));
  const large = [...acc].filter(([, a]) => a.runs > EXACT_MAX).map(([id]) => id);
  const [exact, edges] = await Promise.all([
    small.size ? exactDistinct(q, projectId, f, [...small]) : new Map<string, { sessions: string; users: string }>(),
    large.length ? edgeSlots(q, projectId, agentKey, large, [cFrom, curDays.from], toNow ? null : [curDays.to, cTo]) : [],
  ]);
  for (const e of edges) {
    const a = acc.get(e.pattern_id)!;
    addSlots(a.sessions, e.sessions ?? []);
    addSlots(a.users, e.users ?? []);
  }
  const rows = new Map<string, CountRow>();
  for (const [id, a] of acc) {
    const e = small.has(id) ? (exact.get(id) ?? { sessions: "0", users: "0" }) : null;
    rows.set(id, {
      pattern_id: id,
      runs: String(a.runs),
      sessions: e ? e.sessions : String(estimate(a.sessions)),
      users: e ? e.users : String(estimate(a.users)),
      previous: String(a.previous),
      last_seen: lastSeen.get(id) ?? null,
    });
  }
  return { rows, perDay: new Map([...acc].map(([id, a]) => [id, a.perDay])) };
}

async function counts(q: Queryable, projectId: string, f: PatternFilters, ids: string[]): Promise<Map<string, CountRow>> {
  if (!ids.length) return new Map();
  if (fromDays(f)) return (await dayCounts(q, projectId, f, ids))?.rows ?? new Map();
  return rawCounts(q, projectId, f, ids);
}

/**
 * The sketch slots (sightline_hll_slot) of the sessions and users of the matches in the window's
 * partial first day, [from, whole days), and partial last day, [end of whole days, to]: a day's
 * sketch would count the whole day (up to a day of sessions and users outside the window, a third
 * more for one-off users of a 3-day window). At most two days of the patterns' matches; no last
 * day (null) when the window ends now, since its running day's sketch is then taken whole.
 */
async function edgeSlots(q: Queryable, projectId: string, agentKey: string, ids: string[], first: [number, number], lastDay: [number, number] | null) {
  const iso = (t: number) => new Date(t).toISOString();
  const w = new SqlWhere();
  const ranges = [`(rp.start_time >= ${w.param(iso(first[0]))}::timestamptz AND rp.start_time < ${w.param(iso(first[1]))}::timestamptz)`];
  if (lastDay) ranges.push(`(rp.start_time >= ${w.param(iso(lastDay[0]))}::timestamptz AND rp.start_time <= ${w.param(iso(lastDay[1]))}::timestamptz)`);
  return q.query<{ pattern_id: string; sessions: number[] | null; users: number[] | null }>(
    `SELECT rp.pattern_id, array_agg(DISTINCT sightline_hll_slot(rp.session_id)) FILTER (WHERE rp.session_id IS NOT NULL) AS sessions,
       array_agg(DISTINCT sightline_hll_slot(rp.user_id)) FILTER (WHERE rp.user_id IS NOT NULL) AS users
     FROM run_patterns rp WHERE rp.project_id = ${w.param(projectId)} AND rp.pattern_id = ANY(${w.param(ids)}::text[])${agentKey === "*" ? "" : ` AND rp.agent_id = ${w.param(agentKey)}`}
       AND (${ranges.join(" OR ")})
     GROUP BY rp.pattern_id`,
    w.params,
  );
}

/** Exact sessions and users of the window (not the previous one, whose runs alone are shown). */
async function exactDistinct(q: Queryable, projectId: string, f: PatternFilters, ids: string[]): Promise<Map<string, { sessions: string; users: string }>> {
  const w = new SqlWhere();
  const src = await matchSource(q, projectId, f, f.window, w);
  if (!src) return new Map();
  const rows = await q.query<{ pattern_id: string; sessions: string; users: string }>(
    `SELECT rp.pattern_id, count(DISTINCT rp.session_id)::text AS sessions, count(DISTINCT rp.user_id)::text AS users
     FROM ${src} WHERE ${w.sql()} AND rp.pattern_id = ANY(${w.param(ids)}::text[]) GROUP BY rp.pattern_id`,
    w.params,
  );
  return new Map(rows.map((r) => [r.pattern_id, r]));
}

/** The counts read from every match of the two windows. */
async function rawCounts(q: Queryable, projectId: string, f: PatternFilters, ids: string[]): Promise<Map<string, CountRow>> {
  const prev = previousWindow(f.window);
  const w = new SqlWhere();
  const src = await matchSource(q, projectId, f, { from: prev.from, to: f.window.to }, w);
  if (!src || !ids.length) return new Map();
  const cur = `rp.start_time >= ${w.param(f.window.from.toISOString())}::timestamptz`;
  const rows = await q.query<CountRow>(
    `SELECT rp.pattern_id,
       count(*) FILTER (WHERE ${cur})::text AS runs,
       count(DISTINCT rp.session_id) FILTER (WHERE ${cur})::text AS sessions,
       count(DISTINCT rp.user_id) FILTER (WHERE ${cur})::text AS users,
       count(*) FILTER (WHERE NOT (${cur}))::text AS previous,
       max(rp.start_time) AS last_seen
     FROM ${src} WHERE ${w.sql()} AND rp.pattern_id = ANY(${w.param(ids)}::text[]) GROUP BY rp.pattern_id`,
    w.params,
  );
  return new Map(rows.map((r) => [r.pattern_id, r]));
}

function toSummary(ref: PatternRef, c: CountRow | undefined): PatternSummary {
  return {
    id: ref.id,
    key: ref.key,
    name: ref.name,
    description: ref.description,
    builtin: ref.builtin,
    scope: ref.scope,
    enabled: ref.enabled,
    agent: ref.agent ? { name: ref.agent.name, slug: ref.agent.slug } : null,
    runCount: Number(c?.runs ?? 0),
    sessionCount: Number(c?.sessions ?? 0),
    userCount: Number(c?.users ?? 0),
    previousRunCount: Number(c?.previous ?? 0),
    lastSeenAt: c?.last_seen ? new Date(c.last_seen).toISOString() : null,
  };
}

/** Most runs first; ties in catalog order (built-in patterns, then user-defined ones by creation). */
const byRuns = (list: PatternSummary[]) =>
  list
    .map((s, i) => ({ s, i }))
    .sort((a, b) => b.s.runCount - a.s.runCount || a.i - b.i)
    .map((x) => x.s);

/** Every pattern of the project with its counts over the window (`GET /v1/patterns`). */
export async function listPatterns(q: Queryable, projectId: string, f: PatternFilters): Promise<PatternSummary[]> {
  return (await summaries(q, projectId, f)).list;
}

/** The summaries, and the runs per day when they were read from pattern_days (else null). */
async function summaries(q: Queryable, projectId: string, f: PatternFilters): Promise<{ list: PatternSummary[]; perDay: DayCounts["perDay"] | null }> {
  const refs = await visibleRefs(q, projectId, await listPatternRefs(q, projectId), f);
  const ids = refs.map((r) => r.id);
  const days = ids.length && fromDays(f) ? ((await dayCounts(q, projectId, f, ids)) ?? { rows: new Map(), perDay: new Map() }) : null;
  const c = days ? days.rows : await counts(q, projectId, f, ids);
  return { list: byRuns(refs.map((r) => toSummary(r, c.get(r.id)))), perDay: days?.perDay ?? null };
}

/** A pattern's runs in a period, with what a recap reports of it. */
export interface PatternRuns {
  id: string;
  name: string;
  enabled: boolean;
  runCount: number;
}

/**
 * Every pattern visible to the scope with its runs in [from, to) (a recap's period), counted from
 * the same rows as listPatterns, for that window alone and without its distinct sessions and users,
 * in one statement: whole UTC days from pattern_days, the whole hours of partial days from their
 * runs per hour, the partial hours at the edges from run_patterns.
 */
export async function patternRuns(q: Queryable, projectId: string, agent: { id: string } | null, from: Date, to: Date): Promise<PatternRuns[]> {
  // A user-defined pattern limited to another agent has nothing to show for this one.
  const refs = (await listPatternRefs(q, projectId)).filter((r) => !agent || r.agent === null || r.agent.id === agent.id);
  const [f, t] = [from.getTime(), to.getTime()];
  const [hFrom, hTo] = [ceilHour(f), floorHour(t)];
  const iso = (x: number) => new Date(x).toISOString();
  // Hours [hFrom, hTo) from the day rows (none when the window is inside one hour), the rest raw.
  const hours = hFrom < hTo ? [hFrom, hTo] : [t, t];
  const raw = hFrom < hTo ? [f, hFrom, hTo, t] : [f, t, t, t];
  const rows = await q.query<{ pattern_id: string; runs: number }>(
    `SELECT pattern_id, sum(n)::float8 AS runs FROM (
       SELECT d.pattern_id, CASE WHEN d.day >= $4::timestamptz AND d.day + interval '1 day' <= $5::timestamptz THEN d.runs
         ELSE (SELECT COALESCE(sum(x.n), 0) FROM unnest(d.hours) WITH ORDINALITY AS x(n, h)
               WHERE d.day + (x.h - 1) * interval '1 hour' >= $4::timestamptz AND d.day + (x.h - 1) * interval '1 hour' < $5::timestamptz) END AS n
       FROM pattern_days d
       WHERE d.project_id = $1 AND d.pattern_id = ANY($2::text[]) AND d.agent_key = $3 AND d.day >= date_trunc('day', $4::timestamptz, 'UTC') AND d.day < $5::timestamptz
       UNION ALL
       SELECT rp.pattern_id, count(*) FROM run_patterns rp
       WHERE rp.project_id = $1 AND rp.pattern_id = ANY($2::text[]) AND ($10::text IS NULL OR rp.agent_id = $10)
         AND ((rp.start_time >= $6::timestamptz AND rp.start_time < $7::timestamptz) OR (rp.start_time >= $8::timestamptz AND rp.start_time < $9::timestamptz))
       GROUP BY rp.pattern_id
     ) x GROUP BY pattern_id`,
    [projectId, refs.map((r) => r.id), agent?.id ?? "*", iso(hours[0]!), iso(hours[1]!), ...raw.map(iso), agent?.id ?? null],
  );
  const runs = new Map(rows.map((r) => [r.pattern_id, r.runs]));
  return refs.map((r) => ({ id: r.id, name: r.name, enabled: r.enabled, runCount: runs.get(r.id) ?? 0 }));
}

/** A trend from runs per day (steps of whole days: a long window's steps hold several days). */
function dayTrend(f: PatternFilters, perDay: Map<number, number> | undefined, stepMs: number): PatternPoint[] {
  const perStep = new Map<number, number>();
  for (const [day, n] of perDay ?? []) {
    const t = Math.floor(day / stepMs) * stepMs;
    perStep.set(t, (perStep.get(t) ?? 0) + n);
  }
  return stepStarts(f.window, stepMs).map((t) => ({ t: new Date(t).toISOString(), runs: perStep.get(t) ?? 0 }));
}

/** Runs per chart step of the window, per pattern, zero-filled. */
async function trends(q: Queryable, projectId: string, f: PatternFilters, ids: string[], stepMs: number): Promise<Map<string, PatternPoint[]>> {
  const w = new SqlWhere();
  const src = await matchSource(q, projectId, f, f.window, w);
  const byPattern = new Map<string, Map<number, number>>();
  if (src && ids.length) {
    const rows = await q.query<{ pattern_id: string; t: Date | string; n: string }>(
      `SELECT rp.pattern_id, date_bin(${w.param(`${stepMs / 1000} seconds`)}::interval, rp.start_time, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS t, count(*)::text AS n
       FROM ${src} WHERE ${w.sql()} AND rp.pattern_id = ANY(${w.param(ids)}::text[]) GROUP BY 1, 2`,
      w.params,
    );
    for (const r of rows) {
      const m = byPattern.get(r.pattern_id) ?? new Map<number, number>();
      m.set(new Date(r.t).getTime(), Number(r.n));
      byPattern.set(r.pattern_id, m);
    }
  }
  const starts = stepStarts(f.window, stepMs);
  return new Map(ids.map((id) => [id, starts.map((t) => ({ t: new Date(t).toISOString(), runs: byPattern.get(id)?.get(t) ?? 0 }))]));
}

type MatchRow = {
  pattern_id: string;
  run_id: string;
  start_time: Date | string;
  session_id: string | null;
  evidence: unknown;
  explanation: string | null;
};

/**
 * The latest matches of each pattern in the window, one run per session (a run without a session
 * stands alone), at most `perPattern`: picked in SQL from the newest 50 matches on the time index,
 * so that only the picked rows' evidence is read and sent.
 */
async function examples(q: Queryable, projectId: string, f: PatternFilters, ids: string[], perPattern: number): Promise<Map<string, PatternExample[]>> {
  const out = new Map<string, PatternExample[]>();
  const w = new SqlWhere();
  const src = await matchSource(q, projectId, f, f.window, w);
  if (!src || !ids.length) return out;
  const picked = await q.query<MatchRow>(
    `SELECT x.pattern_id, x.run_id, x.start_time, x.session_id, m.evidence, m.explanation
     FROM unnest(${w.param(ids)}::text[]) AS p(id) CROSS JOIN LATERAL (
       SELECT * FROM (
         SELECT DISTINCT ON (COALESCE(y.session_id, 'run:' || y.run_id)) y.* FROM (
           SELECT rp.pattern_id, rp.run_id, rp.start_time, rp.session_id FROM ${src}
           WHERE ${w.sql()} AND rp.pattern_id = p.id ORDER BY rp.start_time DESC, rp.run_id DESC LIMIT 50
         ) y ORDER BY COALESCE(y.session_id, 'run:' || y.run_id), y.start_time DESC, y.run_id DESC
       ) z ORDER BY z.start_time DESC, z.run_id DESC LIMIT ${w.param(perPattern)}
     ) x
     JOIN run_patterns m ON m.project_id = ${w.param(projectId)} AND m.pattern_id = x.pattern_id AND m.run_id = x.run_id
     ORDER BY x.pattern_id, x.start_time DESC, x.run_id DESC`,
    w.params,
  );
  if (!picked.length) return out;
  const runs = await q.query<{
    id: string;
    user_id: string | null;
    user_name: string | null;
    user_prompt: string | null;
    agent_name: string | null;
    agent_slug: string | null;
  }>(
    `SELECT r.id, r.user_id, r.user_name, left(r.user_prompt, 301) AS user_prompt, a.name AS agent_name, a.slug AS agent_slug
     FROM runs r LEFT JOIN agents a ON a.id = r.agent_id WHERE r.project_id = $1 AND r.id = ANY($2::text[])`,
    [projectId, [...new Set(picked.map((p) => p.run_id))]],
  );
  const byId = new Map(runs.map((r) => [r.id, r]));
  for (const p of picked) {
    const run = byId.get(p.run_id);
    if (!run) continue;
    const prompt = run.user_prompt;
    const list = out.get(p.pattern_id) ?? [];
    list.push({
      runId: p.run_id,
      startTime: new Date(p.start_time).toISOString(),
      sessionId: p.session_id,
      user: run.user_id ? { id: run.user_id, name: run.user_name } : null,
      agent: run.agent_name ? { name: run.agent_name, slug: run.agent_slug ?? "" } : null,
      userPrompt: prompt && prompt.length > 300 ? `${prompt.slice(0, 300)}…` : prompt,
      evidence: (typeof p.evidence === "string" ? JSON.parse(p.evidence) : p.evidence) as Evidence[],
      explanation: p.explanation,
    });
    out.set(p.pattern_id, list);
  }
  return out;
}

/** The /patterns page: every pattern with its counts, trend and three example sessions. */
export async function patternsOverview(q: Queryable, projectId: string, f: PatternFilters): Promise<{ stepMs: number; patterns: PatternOverview[] }> {
  const { list, perDay } = await summaries(q, projectId, f);
  const ids = list.map((p) => p.id);
  const stepMs = seriesStepMs(f.window);
  const [t, ex] = await Promise.all([
    perDay && stepMs % DAY === 0 ? new Map(ids.map((id) => [id, dayTrend(f, perDay.get(id), stepMs)])) : trends(q, projectId, f, ids, stepMs),
    examples(
      q,
      projectId,
      f,
      list.filter((p) => p.runCount > 0).map((p) => p.id),
      3,
    ),
  ]);
  return { stepMs, patterns: list.map((p) => ({ ...p, trend: t.get(p.id) ?? [], examples: ex.get(p.id) ?? [] })) };
}

/** One pattern by built-in key or id (`GET /v1/patterns/{id}`, `/patterns/[id]`); null when unknown. */
export async function getPattern(q: Queryable, projectId: string, keyOrId: string, f: PatternFilters): Promise<PatternDetail | null> {
  const ref = await findPatternRef(q, projectId, keyOrId);
  if (!ref) return null;
  const stepMs = seriesStepMs(f.window);
  const days = fromDays(f) ? await dayCounts(q, projectId, f, [ref.id]) : null;
  const [c, t, ex, backfill] = await Promise.all([
    days ? days.rows : counts(q, projectId, f, [ref.id]),
    days && stepMs % DAY === 0 ? new Map([[ref.id, dayTrend(f, days.perDay.get(ref.id), stepMs)]]) : trends(q, projectId, f, [ref.id], stepMs),
    examples(q, projectId, f, [ref.id], 10),
    ref.builtin ? null : backfillProgress(q, projectId, ref.id),
  ]);
  return {
    ...toSummary(ref, c.get(ref.id)),
    window: { from: f.window.from.toISOString(), to: f.window.to.toISOString() },
    series: { stepMs, points: t.get(ref.id) ?? [] },
    examples: ex.get(ref.id) ?? [],
    backfill,
  };
}
