// Chooses what a recap says. Each section keeps a few findings, the most notable first, so a
// digest stays short: new and rising failure signatures, the tools whose error rate moved most,
// every pattern seen in either period, the largest and the emerging topics, and feedback comments
// (thumbs down first). Every item links to the dashboard view that holds it.
import { isEmerging, topicTrend } from "../topics/emerging";
import { count, percent, truncate } from "./format";
import { dashboardHref, type LinkScope } from "./links";
import type { Compared, PeriodTotals, RecapContent, RecapInput, RecapItem, RecapStats } from "./model";

export interface RecapOptions {
  /** Most items per section. */
  perSection: number;
  /** A signature counts as rising at this many times its previous count (and at least minCount). */
  riseFactor: number;
  minCount: number;
  /** Least calls in the period for a tool's error rate to be worth a line. */
  minToolCalls: number;
  /** Longest comment quoted. */
  commentChars: number;
}

export const DEFAULT_RECAP_OPTIONS: RecapOptions = { perSection: 5, riseFactor: 2, minCount: 3, minToolCalls: 10, commentChars: 200 };

/** A period with no run and no feedback gets no recap. */
export function isEmptyPeriod(input: Pick<RecapInput, "current">): boolean {
  return input.current.runs === 0 && input.current.thumbsUp === 0 && input.current.thumbsDown === 0;
}

export function buildRecap(input: RecapInput, options: Partial<RecapOptions> = {}): RecapContent {
  const opts = { ...DEFAULT_RECAP_OPTIONS, ...options };
  const scope: LinkScope = { agentSlug: input.agent?.slug ?? null, start: input.period.start, end: input.period.end };
  return {
    agent: input.agent?.name ?? null,
    period: {
      kind: input.period.kind,
      key: input.period.key,
      timeZone: input.period.timeZone,
      start: input.period.start.toISOString(),
      end: input.period.end.toISOString(),
    },
    partial: input.partial,
    stats: recapStats(input.current, input.previous),
    items: [
      ...failureItems(input, scope, opts),
      ...toolItems(input, scope, opts),
      ...patternItems(input, scope, opts),
      ...topicItems(input, scope, opts),
      ...commentItems(input, scope, opts),
    ],
    href: dashboardHref(scope, "/runs"),
    narrative: null,
    basis: {
      tools: input.tools.filter((t) => t.calls > 0).map((t) => ({ name: t.name, calls: t.calls, errors: t.errors })),
      patterns: input.patterns.filter((p) => p.runCount > 0).map((p) => ({ ref: p.ref, runCount: p.runCount })),
    },
  };
}

export function recapStats(current: PeriodTotals, previous: PeriodTotals | null): RecapStats {
  const pair = (pick: (t: PeriodTotals) => number | null): Compared => ({ current: pick(current), previous: previous ? pick(previous) : null });
  const rate = (t: PeriodTotals) => (t.runs > 0 ? t.errors / t.runs : null);
  return {
    runs: pair((t) => t.runs),
    sessions: pair((t) => t.sessions),
    users: pair((t) => t.users),
    orgs: pair((t) => t.orgs),
    failureRate: pair(rate),
    costUsd: pair((t) => t.costUsd),
    inputTokens: pair((t) => t.inputTokens),
    outputTokens: pair((t) => t.outputTokens),
    p50Ms: pair((t) => t.p50Ms),
    p95Ms: pair((t) => t.p95Ms),
    thumbsUp: pair((t) => t.thumbsUp),
    thumbsDown: pair((t) => t.thumbsDown),
  };
}

/**
 * The totals a recap's stats were built from (its period's own figures): what a "so far" recap
 * compares with when the previous period's recap is stored. The error count comes back from the
 * failure rate (errors / runs, rounded: exact for any count a period holds).
 */
export function totalsOfStats(stats: RecapStats): PeriodTotals {
  const n = (c: Compared) => c.current ?? 0;
  const runs = n(stats.runs);
  return {
    runs,
    errors: Math.round(n(stats.failureRate) * runs),
    sessions: n(stats.sessions),
    users: n(stats.users),
    orgs: n(stats.orgs),
    costUsd: n(stats.costUsd),
    inputTokens: n(stats.inputTokens),
    outputTokens: n(stats.outputTokens),
    p50Ms: stats.p50Ms.current,
    p95Ms: stats.p95Ms.current,
    thumbsUp: n(stats.thumbsUp),
    thumbsDown: n(stats.thumbsDown),
  };
}

function item(fields: Omit<RecapItem, "examples" | "previousCount"> & Partial<Pick<RecapItem, "examples" | "previousCount">>): RecapItem {
  return { previousCount: null, examples: [], ...fields };
}

function failureItems(input: RecapInput, scope: LinkScope, opts: RecapOptions): RecapItem[] {
  const start = input.period.start.getTime();
  const isNew = (f: RecapInput["failures"][number]) => f.firstSeenAt.getTime() >= start;
  const rising = (f: RecapInput["failures"][number]) => !isNew(f) && f.count >= opts.minCount && f.count >= opts.riseFactor * Math.max(1, f.previousCount);
  const notable = input.failures
    .filter((f) => isNew(f) || rising(f))
    .sort((a, b) => Number(isNew(b)) - Number(isNew(a)) || b.count - a.count || (a.signature < b.signature ? -1 : 1))
    .slice(0, opts.perSection);
  return notable.map((f) =>
    item({
      section: "failures",
      kind: isNew(f) ? "new_failure" : "rising_failure",
      title: truncate(f.tool ? `${f.tool}: ${f.message}` : f.message, 160),
      detail: isNew(f) ? `new: ${count(f.count)} occurrences` : `${count(f.count)} occurrences, was ${count(f.previousCount)}`,
      href: dashboardHref(scope, `/failures/${encodeURIComponent(f.signature)}`),
      count: f.count,
      previousCount: f.previousCount,
    }),
  );
}

function toolItems(input: RecapInput, scope: LinkScope, opts: RecapOptions): RecapItem[] {
  return input.tools
    .filter((t) => t.calls >= opts.minToolCalls)
    .map((t) => ({ t, now: t.errors / t.calls, before: t.previousCalls > 0 ? t.previousErrors / t.previousCalls : 0 }))
    .filter(({ now, before }) => now !== before)
    .sort((a, b) => Math.abs(b.now - b.before) - Math.abs(a.now - a.before) || (a.t.name < b.t.name ? -1 : 1))
    .slice(0, opts.perSection)
    .map(({ t, now, before }) =>
      item({
        section: "tools",
        kind: "tool_error_rate",
        title: t.name,
        detail: `error rate ${percent(now)} (${count(t.errors)} of ${count(t.calls)} calls), was ${t.previousCalls > 0 ? percent(before) : "no calls"}`,
        href: dashboardHref(scope, `/tools/${encodeURIComponent(t.name)}`),
        count: t.errors,
        previousCount: t.previousErrors,
      }),
    );
}

function patternItems(input: RecapInput, scope: LinkScope, opts: RecapOptions): RecapItem[] {
  return input.patterns
    .filter((p) => p.runCount > 0 || p.previousRunCount > 0)
    .sort((a, b) => b.runCount - a.runCount || b.previousRunCount - a.previousRunCount || (a.ref < b.ref ? -1 : 1))
    .slice(0, opts.perSection)
    .map((p) =>
      item({
        section: "patterns",
        kind: "pattern",
        title: p.name,
        detail: `${count(p.runCount)} runs, was ${count(p.previousRunCount)}`,
        href: dashboardHref(scope, "/runs", { pattern: p.ref }),
        count: p.runCount,
        previousCount: p.previousRunCount,
        examples: p.exampleSessionIds.slice(0, 3).map((id) => ({ label: id, href: dashboardHref(scope, `/sessions/${encodeURIComponent(id)}`, {}, false) })),
      }),
    );
}

function topicItems(input: RecapInput, scope: LinkScope, opts: RecapOptions): RecapItem[] {
  const total = input.topics.reduce((s, t) => s + t.runCount, 0);
  const previousTotal = input.topics.reduce((s, t) => s + t.previousRunCount, 0);
  const share = (n: number, of: number) => (of > 0 ? percent(n / of) : "—");
  const withTrend = input.topics.map((t) => ({
    t,
    trend: topicTrend({ runCount: t.runCount, previousRunCount: t.previousRunCount, totalRuns: total, previousTotalRuns: previousTotal }),
  }));
  const toItem = ({ t, trend }: (typeof withTrend)[number], kind: string) =>
    item({
      section: "topics",
      kind,
      title: t.label,
      detail: `${share(t.runCount, total)} of runs (${count(t.runCount)}), was ${share(t.previousRunCount, previousTotal)}${kind === "emerging_topic" ? ` · ${trend}` : ""}`,
      href: dashboardHref(scope, `/topics/${encodeURIComponent(t.id)}`),
      count: t.runCount,
      previousCount: t.previousRunCount,
    });
  const byCount = (a: (typeof withTrend)[number], b: (typeof withTrend)[number]) => b.t.runCount - a.t.runCount || (a.t.id < b.t.id ? -1 : 1);
  const emerging = withTrend
    .filter((x) => isEmerging(x.trend))
    .sort(byCount)
    .slice(0, opts.perSection);
  const top = withTrend
    .filter((x) => x.t.runCount > 0 && !emerging.includes(x))
    .sort(byCount)
    .slice(0, opts.perSection);
  return [...emerging.map((x) => toItem(x, "emerging_topic")), ...top.map((x) => toItem(x, "topic"))];
}

function commentItems(input: RecapInput, scope: LinkScope, opts: RecapOptions): RecapItem[] {
  // Thumbs down first (what to fix), then the longest (most said); a stable order for equal ones.
  const rank = (s: 1 | -1 | null) => (s === -1 ? 0 : s === null ? 1 : 2);
  return input.comments
    .filter((c) => c.text.trim().length > 0)
    .sort((a, b) => rank(a.score) - rank(b.score) || b.text.length - a.text.length || (a.runId < b.runId ? -1 : 1))
    .slice(0, opts.perSection)
    .map((c) =>
      item({
        section: "feedback",
        kind: "comment",
        title: truncate(c.text, opts.commentChars),
        detail: c.score === -1 ? "thumbs down" : c.score === 1 ? "thumbs up" : "comment",
        href: dashboardHref(scope, `/runs/${encodeURIComponent(c.runId)}`, {}, false),
        count: null,
      }),
    );
}
