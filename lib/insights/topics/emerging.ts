// "Emerging" topics: new in this window, or taking a clearly larger share of runs than in the
// previous window. Shares, not counts, so a busier week does not make every topic "rising".

export type TopicTrend = "new" | "rising" | "steady" | "falling";

export interface TrendInput {
  runCount: number;
  previousRunCount: number;
  /** All topic-bearing runs of each window (the denominators of the shares). */
  totalRuns: number;
  previousTotalRuns: number;
}

export interface TrendOptions {
  /** Fewer runs than this is noise, whatever the ratio. */
  minRuns: number;
  /** Share ratio (now / before) at or above which a topic is rising; its inverse marks falling. */
  riseRatio: number;
}

export const DEFAULT_TREND_OPTIONS: TrendOptions = { minRuns: 5, riseRatio: 1.5 };

export function topicTrend(input: TrendInput, { minRuns, riseRatio }: TrendOptions = DEFAULT_TREND_OPTIONS): TopicTrend {
  const { runCount, previousRunCount, totalRuns, previousTotalRuns } = input;
  if (previousRunCount === 0) return runCount >= minRuns ? "new" : "steady";
  if (totalRuns === 0 || previousTotalRuns === 0) return "steady";
  const ratio = runCount / totalRuns / (previousRunCount / previousTotalRuns);
  if (ratio >= riseRatio && runCount >= minRuns) return "rising";
  if (ratio <= 1 / riseRatio && previousRunCount >= minRuns) return "falling";
  return "steady";
}

export function isEmerging(trend: TopicTrend): boolean {
  return trend === "new" || trend === "rising";
}
