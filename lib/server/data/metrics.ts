import "server-only";
// GET /v1/metrics: totals and a series for the window, through the overview's own kpis() and
// series() (rollups for whole hours and days, runs for the partial hours at the edges).
import type { Queryable } from "@/lib/db/sql";
import { kpis, series } from "./overview";
import { DAY, type Scope, type Span } from "./stats";

export type MetricsInterval = "hour" | "day";

export interface MetricsDto {
  totals: {
    runs: number;
    errors: number;
    failureRate: number | null;
    thumbsUp: number;
    thumbsDown: number;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
    p50Ms: number | null;
    p95Ms: number | null;
    activeUsers: number;
    activeOrgs: number;
  };
  interval: MetricsInterval;
  series: Array<{
    t: string;
    runs: number;
    errors: number;
    costUsd: number;
    inputTokens: number;
    outputTokens: number;
    p50Ms: number | null;
    p95Ms: number | null;
    thumbsUp: number;
    thumbsDown: number;
  }>;
}

/**
 * The most points a series may have: a day each over the longest window (a century, see
 * lib/validations/window.ts) fits; an hour each fits about four and a half years. Past it the
 * series of `interval=hour` over decades held millions of points and ran the server out of memory.
 */
export const MAX_METRICS_POINTS = 40_000;

/** Why this interval cannot be used over this window, or null when it can. */
export function intervalProblem(w: Span, interval: MetricsInterval): string | null {
  const points = Math.ceil((w.to.getTime() - w.from.getTime()) / (interval === "hour" ? DAY / 24 : DAY)) + 1;
  if (points <= MAX_METRICS_POINTS) return null;
  return `interval=${interval} over this window gives ${points} points; a series holds at most ${MAX_METRICS_POINTS}: ${interval === "hour" ? "use interval=day or " : ""}narrow the window.`;
}

/** Hours for windows up to two days (at most 48 points), days beyond. */
export const defaultInterval = (w: Span): MetricsInterval => (w.to.getTime() - w.from.getTime() <= 2 * DAY ? "hour" : "day");

export async function getMetrics(q: Queryable, scope: Scope, w: Span, interval: MetricsInterval = defaultInterval(w)): Promise<MetricsDto> {
  const [k, s] = await Promise.all([kpis(q, scope, w), series(q, scope, w, interval === "hour" ? DAY / 24 : DAY)]);
  return {
    totals: {
      runs: k.runs,
      errors: k.errors,
      failureRate: k.failureRate,
      thumbsUp: k.thumbsUp,
      thumbsDown: k.thumbsDown,
      inputTokens: k.inputTokens,
      outputTokens: k.outputTokens,
      costUsd: k.costUsd,
      p50Ms: k.p50Ms,
      p95Ms: k.p95Ms,
      activeUsers: k.activeUsers,
      activeOrgs: k.activeOrgs,
    },
    interval,
    series: s.points.map((p) => ({
      t: p.t,
      runs: p.runs,
      errors: p.errors,
      costUsd: p.costUsd,
      inputTokens: p.inputTokens,
      outputTokens: p.outputTokens,
      p50Ms: p.p50Ms,
      p95Ms: p.p95Ms,
      thumbsUp: p.thumbsUp,
      thumbsDown: p.thumbsDown,
    })),
  };
}
