import "server-only";
// Recaps: the figures a daily or weekly digest is built from (gathered for one agent or all, one
// period and the one before it), and the stored snapshots. A snapshot is written once per
// (project, agent, kind, period, time zone) — `ON CONFLICT DO NOTHING` keeps the first — and
// never changed afterwards except for its delivery columns (a durable queue of webhook deliveries:
// due time, attempts, outcome).
import crypto from "node:crypto";
import type { Queryable } from "@/lib/db/sql";
import { totalsOfStats } from "@/lib/insights/recaps/build";
import type {
  FailureFigure,
  FeedbackComment,
  PatternFigure,
  PeriodTotals,
  RecapBasis,
  RecapContent,
  RecapInput,
  RecapStats,
  ToolFigure,
} from "@/lib/insights/recaps/model";
import type { Period, PeriodKind } from "@/lib/insights/recaps/period";
import { FilterError } from "@/lib/validations/list-params";
import { findAgent } from "./agents";
import { failureCounts } from "./failures";
import { kpisOf } from "./overview";
import { patternRuns } from "./patterns";
import { decodeCursor, encodeCursor, isCursorInstant, SqlWhere } from "./sql-where";
import { splitWindow } from "./stats";
import { toolSums } from "./tools";
import { listTopics } from "./topics";

/** A recap of all agents is stored under this agent key; an agent's under its id. */
export const ALL_AGENTS = "";

/**
 * The recaps of an `agent=` parameter (slug or name): all agents' without one; an unknown agent's
 * are none, and its period so far is empty (its id matches no run), as every list answers for it.
 */
export async function recapAgentScope(q: Queryable, projectId: string, agent: string | null): Promise<{ key: string; agent: RecapScope["agent"] }> {
  if (!agent) return { key: ALL_AGENTS, agent: null };
  const found = await findAgent(q, projectId, agent);
  // Agent ids are generated ("agt_…"); this one matches no run and no recap.
  return found ? { key: found.id, agent: found } : { key: NO_SUCH_AGENT, agent: { id: NO_SUCH_AGENT, name: agent, slug: agent } };
}
const NO_SUCH_AGENT = "no such agent";

export interface RecapScope {
  projectId: string;
  /** null: all agents. */
  agent: { id: string; name: string; slug: string } | null;
}

const COMMENTS = 20;
/** Failure groups read per period, largest first: the recap reports the new and rising among them. */
const FAILURE_GROUPS = 100;
const PATTERN_EXAMPLES = 3;

/** Sessions, users and orgs with a run in a period; users and orgs are null where the bitmaps count them. */
interface PeopleCounts {
  sessions: number;
  users: number | null;
  orgs: number | null;
}

/**
 * Rows of `table` (sessions, end_users, orgs; `kind` in people_last_hours) with a run in [$2, $3),
 * from their last run: those whose last run falls in the period, and of those whose last run is
 * after it, those whose first run is in it, or before it with a run in it (looked up in the runs
 * through `run`, a condition on `r` and `x`: one with runs before and after the period may have
 * none in it). For "so far" the second part is (nearly) empty. The first part is the sum of the
 * whole hours [$4, $5) in people_last_hours (one row per hour and kind) and, for the partial hours
 * at the edges ([$2, $4) and [$5, $3)), the rows themselves on the last-run index: one index entry
 * per row active in the period was the largest part of a weekly "so far" (143,000 sessions at 1M
 * runs). Separate counts: in one, the runs lookup made PostgreSQL's cost estimate of the whole
 * scan high enough to compile it (JIT), which took longer than the scan.
 */
const withRunIn = (table: string, kind: string, first: string, last: string, run: string) =>
  `((SELECT COALESCE(sum(h.n), 0) FROM people_last_hours h WHERE h.project_id = $1 AND h.kind = '${kind}' AND h.hour >= $4 AND h.hour < $5)
    + (SELECT count(*) FROM ${table} x WHERE x.project_id = $1 AND x.${last} >= $2 AND x.${last} < $4)
    + (SELECT count(*) FROM ${table} x WHERE x.project_id = $1 AND x.${last} >= $5 AND x.${last} < $3)
    + (SELECT count(*) FROM ${table} x
       WHERE x.project_id = $1 AND x.${last} >= $3 AND x.${first} < $3
         AND (x.${first} >= $2 OR EXISTS (SELECT 1 FROM runs r WHERE r.project_id = x.project_id AND ${run} AND r.start_time >= $2 AND r.start_time < $3))))::int`;

/**
 * The whole UTC hours of [from, to) as the rollup readers split a window (splitWindow), as
 * [start, end); empty (both `from`) when it holds none or is short enough to be read from the rows.
 */
export function wholeHours(from: Date, to: Date): [Date, Date] {
  const [hours] = splitWindow({ from, to, openEnd: true }, "hour").hours;
  return hours ? [hours.from, hours.to] : [from, from];
}

/**
 * Sessions of the scope with a run in [$2, $3) (placeholders too, as the period's run count counts
 * them), grouped by a hash over the period's runs: its cost follows the period's runs, however long
 * the sessions are (counting sessions on their own table had to look up, in the runs, every session
 * active before and after the period: at 1M runs, 136,000 index probes and 3 s for a closed week of
 * the bench, whose sessions span weeks). A hash aggregate, not count(DISTINCT …), which sorts.
 */
const sessionsInRuns = (agent: string) =>
  `(SELECT count(*) FROM (SELECT session_id FROM runs WHERE project_id = $1 AND start_time >= $2 AND start_time < $3${agent} AND session_id IS NOT NULL
     GROUP BY session_id) s)::int`;

/**
 * Sessions, users and orgs with a run in [from, to); users and orgs null where the activity
 * bitmaps count them (kpisOf). For all agents and a period running now ("so far"), all three from
 * their own tables on the last-run (last-seen) index (see withRunIn), in one statement: nearly every
 * row active in the period is counted from the index alone, where the bitmaps read every id active
 * in any month the period touches. For a closed period, those counts would need a runs lookup for
 * each row active both before and after it (at 1M runs, 20,000 users: 1 s of index probes for a
 * closed week on PostgreSQL), so users and orgs come from the bitmaps and sessions from the
 * period's runs (sessionsInRuns). For one agent, the same (a session's row names one agent, while
 * its runs may be of several; people rows name no agent).
 */
async function peopleCounts(q: Queryable, scope: RecapScope, from: Date, to: Date, running: boolean): Promise<PeopleCounts> {
  const params = [scope.projectId, from.toISOString(), to.toISOString()];
  if (scope.agent || !running) {
    const [row] = await q.query<{ n: number }>(`SELECT ${sessionsInRuns(scope.agent ? " AND agent_id = $4" : "")} AS n`, [
      ...params,
      ...(scope.agent ? [scope.agent.id] : []),
    ]);
    return { sessions: row?.n ?? 0, users: null, orgs: null };
  }
  const [row] = await q.query<{ sessions: number; users: number; orgs: number }>(
    `SELECT ${withRunIn("sessions", "s", "first_run_at", "last_run_at", "r.session_id = x.id")} AS sessions,
       ${withRunIn("end_users", "u", "first_seen", "last_seen", "r.user_id = x.id")} AS users,
       ${withRunIn("orgs", "o", "first_seen", "last_seen", "r.org_id = x.id")} AS orgs`,
    [...params, ...wholeHours(from, to).map((d) => d.toISOString())],
  );
  return { sessions: row?.sessions ?? 0, users: row?.users ?? 0, orgs: row?.orgs ?? 0 };
}

/** `running`: the period runs now and `to` is the present ("so far"), not its end. */
async function totals(q: Queryable, scope: RecapScope, from: Date, to: Date, running: boolean): Promise<PeriodTotals> {
  const kpiScope = { projectId: scope.projectId, agentId: scope.agent?.id ?? null };
  const bitmaps = scope.agent !== null || !running;
  const [k, people] = await Promise.all([
    // Otherwise the active users and orgs of all agents come with the sessions.
    kpisOf(q, kpiScope, [{ from, to, openEnd: true }], { active: bitmaps }).then(([x]) => x!),
    peopleCounts(q, scope, from, to, running),
  ]);
  return {
    runs: k.runs,
    errors: k.errors,
    sessions: people.sessions,
    users: people.users ?? k.activeUsers,
    orgs: people.orgs ?? k.activeOrgs,
    costUsd: k.costUsd,
    inputTokens: k.inputTokens,
    outputTokens: k.outputTokens,
    p50Ms: k.p50Ms,
    p95Ms: k.p95Ms,
    thumbsUp: k.thumbsUp,
    thumbsDown: k.thumbsDown,
  };
}

/** What the next period's "so far" takes from a stored recap: its totals and, when kept, its basis. */
interface StoredFigures {
  totals: PeriodTotals;
  basis: RecapBasis | null;
}

/**
 * A period's figures as its stored recap has them, or null when it has none (the period was
 * empty, the engine was off, or another time zone). A recap is a snapshot: runs that arrived after
 * it was written are not in it, as they are not in the recaps list that shows it.
 */
async function storedFigures(q: Queryable, scope: RecapScope, period: Period): Promise<StoredFigures | null> {
  const [row] = await q.query<{ stats: RecapStats | string; basis: RecapBasis | string | null }>(
    `SELECT content->'stats' AS stats, content->'basis' AS basis FROM recaps
     WHERE project_id = $1 AND agent_key = $2 AND kind = $3 AND period_key = $4 AND time_zone = $5`,
    [scope.projectId, scope.agent?.id ?? ALL_AGENTS, period.kind, period.key, period.timeZone],
  );
  if (!row) return null;
  const json = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);
  return { totals: totalsOfStats(json(row.stats)), basis: row.basis === null ? null : json(row.basis) };
}

/** How long "so far" keeps an ended period's totals read without a stored recap (per process). */
export const PREVIOUS_TOTALS_TTL_MS = 5 * 60_000;
const PREVIOUS_TOTALS_KEPT = 500;
const previousTotalsKept = new Map<string, { until: number; totals: Promise<PeriodTotals> }>();

/**
 * The totals of the period before a running one that has no stored recap yet (a fresh install, or
 * the minutes after a period ends while its recap waits for the data to settle), read once and
 * kept for PREVIOUS_TOTALS_TTL_MS: reading an ended period's sessions, users and orgs is most of a
 * "so far" without a stored recap (at 1M runs, a week on the embedded database: ~0.9 s rendered),
 * and every view of /recaps in those minutes would read it again. Runs of that period that arrive
 * meanwhile show after the TTL, as they would in a recap written at that moment.
 */
function previousTotals(q: Queryable, scope: RecapScope, previous: Period): Promise<PeriodTotals> {
  const key = [scope.projectId, scope.agent?.id ?? ALL_AGENTS, previous.kind, previous.key, previous.timeZone].join("\u0000");
  const now = Date.now();
  const kept = previousTotalsKept.get(key);
  if (kept && kept.until > now) return kept.totals;
  for (const [k, v] of previousTotalsKept) if (v.until <= now) previousTotalsKept.delete(k);
  if (previousTotalsKept.size >= PREVIOUS_TOTALS_KEPT) previousTotalsKept.delete(previousTotalsKept.keys().next().value!);
  const read = totals(q, scope, previous.start, previous.end, false);
  previousTotalsKept.set(key, { until: now + PREVIOUS_TOTALS_TTL_MS, totals: read });
  read.catch(() => previousTotalsKept.delete(key));
  return read;
}

/**
 * Calls and errors per tool in the period and the one before, from the tool rollups (as /tools
 * counts them); the previous period's from its stored recap when given.
 */
async function tools(q: Queryable, scope: RecapScope, previousStart: Date, start: Date, end: Date, stored?: RecapBasis["tools"]): Promise<ToolFigure[]> {
  const toolScope = { projectId: scope.projectId, agentId: scope.agent?.id ?? null };
  const [current, before] = await Promise.all([
    toolSums(q, toolScope, { from: start, to: end, openEnd: true }),
    stored
      ? stored.map((t) => ({ tool: t.name, calls: t.calls, errors: t.errors }))
      : toolSums(q, toolScope, { from: previousStart, to: start, openEnd: true }),
  ]);
  const out = new Map<string, ToolFigure>();
  const get = (name: string) => {
    let t = out.get(name);
    if (!t) out.set(name, (t = { name, calls: 0, errors: 0, previousCalls: 0, previousErrors: 0 }));
    return t;
  };
  for (const r of current) Object.assign(get(r.tool), { calls: r.calls, errors: r.errors });
  for (const r of before) Object.assign(get(r.tool), { previousCalls: r.calls, previousErrors: r.errors });
  return [...out.values()];
}

/**
 * Pattern counts of the period and the one before, from the rows /patterns reads them from
 * (patternRuns), the previous period's from its stored recap when given, and up to
 * PATTERN_EXAMPLES recent sessions of each pattern found in the period.
 */
async function patterns(
  q: Queryable,
  scope: RecapScope,
  previousStart: Date,
  start: Date,
  end: Date,
  stored?: RecapBasis["patterns"],
): Promise<PatternFigure[]> {
  const [current, before] = await Promise.all([
    patternRuns(q, scope.projectId, scope.agent, start, end),
    stored ? stored.map((p) => ({ id: p.ref, runCount: p.runCount })) : patternRuns(q, scope.projectId, scope.agent, previousStart, start),
  ]);
  const previous = new Map(before.map((p) => [p.id, p.runCount]));
  // A disabled user-defined pattern is not reported (as on the run page); a deleted one is not listed.
  const found = current.filter((p) => p.enabled && (p.runCount > 0 || (previous.get(p.id) ?? 0) > 0));
  const withRuns = found.filter((p) => p.runCount > 0).map((p) => p.id);
  const examples = withRuns.length
    ? await q.query<{ pattern_id: string; sessions: string[] | null }>(
        // From the newest 50 matches of each pattern on its time index, not the period's every match.
        `SELECT p.id AS pattern_id, ARRAY(
           SELECT x.session_id FROM (
             SELECT y.session_id, max(y.start_time) AS last FROM (
               SELECT rp.session_id, rp.start_time FROM run_patterns rp
               WHERE rp.project_id = $1 AND rp.pattern_id = p.id AND rp.start_time >= $2 AND rp.start_time < $3
                 AND rp.session_id IS NOT NULL AND ($4::text IS NULL OR rp.agent_id = $4)
               ORDER BY rp.start_time DESC LIMIT 50
             ) y GROUP BY y.session_id ORDER BY last DESC LIMIT ${PATTERN_EXAMPLES}
           ) x ORDER BY x.last DESC) AS sessions
         FROM unnest($5::text[]) AS p(id)`,
        [scope.projectId, start.toISOString(), end.toISOString(), scope.agent?.id ?? null, withRuns],
      )
    : [];
  const sessions = new Map(examples.map((e) => [e.pattern_id, e.sessions ?? []]));
  return found.map((p) => ({
    ref: p.id,
    name: p.name,
    runCount: p.runCount,
    previousRunCount: previous.get(p.id) ?? 0,
    exampleSessionIds: sessions.get(p.id) ?? [],
  }));
}

/**
 * Failure groups of the period (largest first) with their count in the previous period and their
 * first occurrence ever, both periods in one read.
 */
async function failures(q: Queryable, scope: RecapScope, previousStart: Date, start: Date, end: Date): Promise<FailureFigure[]> {
  return failureCounts(
    q,
    { projectId: scope.projectId, agentId: scope.agent?.id ?? null },
    { from: start, to: end, openEnd: true },
    { from: previousStart, to: start, openEnd: true },
    FAILURE_GROUPS,
  );
}

/**
 * The period's COMMENTS comments on runs of the scope, thumbs down first, newest first. The
 * feedback is ordered first and the runs looked up for the first few only: looking up the runs of
 * every comment of a week before ordering them was most of this read. When too few of those are
 * on runs of the scope (another agent's, or runs not received), more are read.
 */
async function comments(q: Queryable, scope: RecapScope, start: Date, end: Date): Promise<FeedbackComment[]> {
  for (let candidates = COMMENTS * 2; ; candidates *= 8) {
    const rows = await q.query<{ run_id: string; score: number | null; text: string; in_scope: boolean }>(
      `SELECT f.run_id, f.score, f.text,
         EXISTS (SELECT 1 FROM runs r WHERE r.project_id = $1 AND r.id = f.run_id AND ($4::text IS NULL OR r.agent_id = $4)) AS in_scope
       FROM (SELECT f.id, f.run_id, f.score, f.text, f.created_at FROM feedback f
             WHERE f.project_id = $1 AND f.created_at >= $2 AND f.created_at < $3 AND f.text IS NOT NULL AND btrim(f.text) <> ''
             ORDER BY (f.score = -1) DESC NULLS LAST, f.created_at DESC, f.id DESC LIMIT $5) f
       ORDER BY (f.score = -1) DESC NULLS LAST, f.created_at DESC, f.id DESC`,
      [scope.projectId, start.toISOString(), end.toISOString(), scope.agent?.id ?? null, candidates],
    );
    const kept = rows.filter((r) => r.in_scope);
    // The first COMMENTS in scope among the first candidates are the first COMMENTS in scope of all.
    if (kept.length >= COMMENTS || rows.length < candidates) {
      return kept.slice(0, COMMENTS).map((r) => ({ runId: r.run_id, score: r.score === 1 ? 1 : r.score === -1 ? -1 : null, text: r.text }));
    }
  }
}

/** Everything buildRecap needs for one scope and period; the failure rate comes from the runs' error status. */
export async function gatherRecapInput(
  q: Queryable,
  scope: RecapScope,
  period: Period,
  previous: Period,
  partial: boolean,
  now = new Date(),
): Promise<RecapInput> {
  const end = partial && now < period.end ? now : period.end;
  const agentId = scope.agent?.id ?? null;
  // "So far" compares with the previous period's stored recap when there is one (its figures are
  // final, and the recaps list shows them): its totals, and its tools and patterns when it kept them.
  const stored = partial ? storedFigures(q, scope, previous) : Promise.resolve(null);
  const [current, before, failureFigures, toolFigures, patternFigures, topicList, feedback] = await Promise.all([
    totals(q, scope, period.start, end, partial && now < period.end),
    stored.then((s) => s?.totals ?? (partial ? previousTotals(q, scope, previous) : totals(q, scope, previous.start, previous.end, false))),
    failures(q, scope, previous.start, period.start, end),
    stored.then((s) => tools(q, scope, previous.start, period.start, end, s?.basis?.tools)),
    stored.then((s) => patterns(q, scope, previous.start, period.start, end, s?.basis?.patterns)),
    // Against the whole previous period, as every other figure.
    listTopics(q, scope.projectId, {
      window: { from: period.start, to: end, range: null },
      openEnd: true,
      previousFrom: previous.start,
      agentKey: agentId ?? undefined,
      distinct: false,
    }),
    comments(q, scope, period.start, end),
  ]);
  return {
    agent: scope.agent ? { name: scope.agent.name, slug: scope.agent.slug } : null,
    period: { kind: period.kind, key: period.key, timeZone: period.timeZone, start: period.start, end: period.end },
    partial,
    current,
    previous: before.runs === 0 && before.thumbsUp === 0 && before.thumbsDown === 0 ? null : before,
    failures: failureFigures,
    tools: toolFigures,
    patterns: patternFigures,
    topics: topicList.data.map((t) => ({ id: t.id, label: t.llmLabel ?? t.label, runCount: t.runCount, previousRunCount: t.previousRunCount })),
    comments: feedback,
  };
}

// ---------------------------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------------------------

export interface RecapDto {
  id: string;
  /** Agent name, or null for all agents. */
  agent: string | null;
  agentSlug: string | null;
  period: PeriodKind;
  periodKey: string;
  timeZone: string;
  start: string;
  end: string;
  generatedAt: string;
  stats: RecapContent["stats"];
  items: RecapContent["items"];
  narrative: string | null;
  markdown: string;
  deliveredAt: string | null;
  deliveryError: string | null;
}

interface RecapRow {
  id: string;
  agent_key: string;
  kind: string;
  period_key: string;
  time_zone: string;
  start: Date | string;
  end: Date | string;
  generated_at: Date | string;
  content: RecapContent | string;
  markdown: string;
  delivered_at: Date | string | null;
  delivery_error: string | null;
  agent_name: string | null;
  agent_slug: string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

function toDto(r: RecapRow): RecapDto {
  const content = typeof r.content === "string" ? (JSON.parse(r.content) as RecapContent) : r.content;
  return {
    id: r.id,
    agent: r.agent_key === ALL_AGENTS ? null : (r.agent_name ?? content.agent),
    agentSlug: r.agent_key === ALL_AGENTS ? null : r.agent_slug,
    period: r.kind as PeriodKind,
    periodKey: r.period_key,
    timeZone: r.time_zone,
    start: iso(r.start),
    end: iso(r.end),
    generatedAt: iso(r.generated_at),
    stats: content.stats,
    items: content.items,
    narrative: content.narrative,
    markdown: r.markdown,
    deliveredAt: r.delivered_at ? iso(r.delivered_at) : null,
    deliveryError: r.delivery_error,
  };
}

const COLUMNS = `x.id, x.agent_key, x.kind, x.period_key, x.time_zone, x.start, x."end", x.generated_at, x.content, x.markdown, x.delivered_at,
  x.delivery_error, a.name AS agent_name, a.slug AS agent_slug`;

/** Stores a snapshot; returns its id, or null when one for the same period already exists (another instance won). */
export async function insertRecap(
  q: Queryable,
  r: { projectId: string; agentKey: string; period: Period; content: RecapContent; markdown: string; deliverAt: Date | null },
): Promise<string | null> {
  const id = `rcp_${crypto.randomBytes(8).toString("hex")}`;
  const rows = await q.query<{ id: string }>(
    `INSERT INTO recaps (project_id, id, agent_key, kind, period_key, time_zone, start, "end", content, markdown, next_delivery_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (project_id, agent_key, kind, period_key, time_zone) DO NOTHING RETURNING id`,
    [
      r.projectId,
      id,
      r.agentKey,
      r.period.kind,
      r.period.key,
      r.period.timeZone,
      r.period.start.toISOString(),
      r.period.end.toISOString(),
      JSON.stringify(r.content),
      r.markdown,
      r.deliverAt?.toISOString() ?? null,
    ],
  );
  return rows[0]?.id ?? null;
}

/** A recap whose webhook delivery this instance has claimed. */
export interface DueDelivery {
  projectId: string;
  id: string;
  content: RecapContent;
  /** Including this one. */
  attempt: number;
}

/**
 * Claims the recap whose delivery is most overdue: its due time moves `leaseSeconds` ahead, so
 * no other instance takes it while this one posts it (SKIP LOCKED: a row being claimed elsewhere
 * is passed over, not waited for). Null when none is due.
 */
export async function claimDueDelivery(q: Queryable, now: Date, leaseSeconds: number): Promise<DueDelivery | null> {
  const [row] = await q.query<{ project_id: string; id: string; content: RecapContent | string; delivery_attempts: number }>(
    `UPDATE recaps x SET next_delivery_at = $1::timestamptz + make_interval(secs => $2), delivery_attempts = x.delivery_attempts + 1
     FROM (SELECT project_id, id FROM recaps WHERE next_delivery_at <= $1 AND delivered_at IS NULL
           ORDER BY next_delivery_at LIMIT 1 FOR UPDATE SKIP LOCKED) due
     WHERE x.project_id = due.project_id AND x.id = due.id
     RETURNING x.project_id, x.id, x.content, x.delivery_attempts`,
    [now.toISOString(), leaseSeconds],
  );
  if (!row) return null;
  const content = typeof row.content === "string" ? (JSON.parse(row.content) as RecapContent) : row.content;
  return { projectId: row.project_id, id: row.id, content, attempt: row.delivery_attempts };
}

/** Records a delivery's outcome: delivered, due again at `retryAt`, or (retryAt null) given up with the error. */
export async function recordDelivery(
  q: Queryable,
  projectId: string,
  id: string,
  outcome: { delivered: true } | { delivered: false; error: string; retryAt: Date | null },
): Promise<void> {
  if (outcome.delivered) {
    await q.query(`UPDATE recaps SET delivered_at = now(), delivery_error = NULL, next_delivery_at = NULL WHERE project_id = $1 AND id = $2`, [projectId, id]);
    return;
  }
  await q.query(`UPDATE recaps SET delivery_error = $3, next_delivery_at = $4 WHERE project_id = $1 AND id = $2 AND delivered_at IS NULL`, [
    projectId,
    id,
    outcome.error.slice(0, 2000),
    outcome.retryAt?.toISOString() ?? null,
  ]);
}

/** The end of the newest recap of a scope and kind in a time zone (where the engine resumes). */
export async function lastRecapEnd(q: Queryable, projectId: string, agentKey: string, kind: PeriodKind, timeZone: string): Promise<Date | null> {
  const [row] = await q.query<{ end: Date | string | null }>(
    `SELECT max("end") AS "end" FROM recaps WHERE project_id = $1 AND agent_key = $2 AND kind = $3 AND time_zone = $4`,
    [projectId, agentKey, kind, timeZone],
  );
  return row?.end ? new Date(row.end) : null;
}

export interface RecapListQuery {
  /** Agent id, or ALL_AGENTS. */
  agentKey: string;
  kind: PeriodKind | null;
  /** Recaps whose period starts in this window. */
  from: Date;
  to: Date;
  limit: number;
  cursor: string | null;
}

/** Recaps newest first, keyset-paged on (start, id). */
export async function listRecaps(q: Queryable, projectId: string, query: RecapListQuery): Promise<{ data: RecapDto[]; nextCursor: string | null }> {
  const w = new SqlWhere();
  w.add(`x.project_id = ${w.param(projectId)}`);
  w.add(`x.agent_key = ${w.param(query.agentKey)}`);
  w.add(`x.start >= ${w.param(query.from.toISOString())}::timestamptz`);
  w.add(`x.start <= ${w.param(query.to.toISOString())}::timestamptz`);
  if (query.kind) w.add(`x.kind = ${w.param(query.kind)}`);
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    if (!isCursorInstant(c.v)) throw new FilterError("cursor is not valid for recaps; pass the nextCursor of a previous page unchanged.");
    w.add(`(x.start, x.id) < (${w.param(c.v)}::timestamptz, ${w.param(c.id)})`);
  }
  const rows = await q.query<RecapRow>(
    `SELECT ${COLUMNS} FROM recaps x LEFT JOIN agents a ON a.id = NULLIF(x.agent_key, '')
     WHERE ${w.sql()} ORDER BY x.start DESC, x.id DESC LIMIT ${query.limit + 1}`,
    w.params,
  );
  const page = rows.slice(0, query.limit).map(toDto);
  const last = page[page.length - 1];
  return { data: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last.start, last.id) : null };
}

export async function getRecap(q: Queryable, projectId: string, id: string): Promise<RecapDto | null> {
  const rows = await q.query<RecapRow>(
    `SELECT ${COLUMNS} FROM recaps x LEFT JOIN agents a ON a.id = NULLIF(x.agent_key, '') WHERE x.project_id = $1 AND x.id = $2`,
    [projectId, id],
  );
  return rows[0] ? toDto(rows[0]) : null;
}

/** Agents with runs since `since` (from the daily rollup): the scopes that may need a recap. */
export async function activeAgents(q: Queryable, since: Date): Promise<{ projectId: string; agent: { id: string; name: string; slug: string } }[]> {
  const rows = await q.query<{ project_id: string; id: string; name: string; slug: string }>(
    `SELECT DISTINCT d.project_id, a.id, a.name, a.slug FROM rollup_daily d JOIN agents a ON a.id = d.agent_key
     WHERE d.day >= date_trunc('day', $1::timestamptz, 'UTC') AND d.agent_key <> ''`,
    [since.toISOString()],
  );
  return rows.map((r) => ({ projectId: r.project_id, agent: { id: r.id, name: r.name, slug: r.slug } }));
}

/** Projects with runs since `since`. */
export async function activeProjects(q: Queryable, since: Date): Promise<string[]> {
  const rows = await q.query<{ project_id: string }>(`SELECT DISTINCT project_id FROM rollup_daily WHERE day >= date_trunc('day', $1::timestamptz, 'UTC')`, [
    since.toISOString(),
  ]);
  return rows.map((r) => r.project_id);
}
