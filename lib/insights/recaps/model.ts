// The recap content model: what a daily or weekly digest says, built by buildRecap from figures the
// data layer gathers for a period and the one before it. Stored as an immutable snapshot, served by
// the REST API as `stats` and `items`, and rendered to Markdown and Slack JSON.
import type { PeriodKind } from "./period";

/** A figure of the period and of the previous one (null when the previous period had no data). */
export interface Compared {
  current: number | null;
  previous: number | null;
}

export interface RecapStats {
  runs: Compared;
  sessions: Compared;
  users: Compared;
  orgs: Compared;
  /** Share of runs whose status is error, 0..1. */
  failureRate: Compared;
  costUsd: Compared;
  inputTokens: Compared;
  outputTokens: Compared;
  p50Ms: Compared;
  p95Ms: Compared;
  thumbsUp: Compared;
  thumbsDown: Compared;
}

export type RecapSection = "failures" | "tools" | "patterns" | "topics" | "feedback";

export interface RecapLink {
  label: string;
  href: string;
}

export interface RecapItem {
  section: RecapSection;
  /** What kind of finding: new_failure, rising_failure, tool_error_rate, pattern, topic, emerging_topic, comment. */
  kind: string;
  title: string;
  /** One line of figures, already worded ("12 runs, was 3"). */
  detail: string;
  /** Where the finding lives in the dashboard (relative to the dashboard's root). */
  href: string;
  count: number | null;
  previousCount: number | null;
  examples: RecapLink[];
}

export interface RecapPeriod {
  kind: PeriodKind;
  key: string;
  timeZone: string;
  start: string;
  end: string;
}

export interface RecapContent {
  /** Agent name, or null for all agents. */
  agent: string | null;
  period: RecapPeriod;
  /** True for a "so far" recap of a period still running. */
  partial: boolean;
  stats: RecapStats;
  items: RecapItem[];
  /** Link to the period's runs. */
  href: string;
  /** Optional paragraph written by the configured LLM. */
  narrative: string | null;
  /**
   * The period's own figures that its items show only in part, kept so that the next period's
   * "so far" compares with this snapshot instead of reading the period again. Not shown; absent
   * from recaps written before it was kept.
   */
  basis?: RecapBasis;
}

export interface RecapBasis {
  /** Every tool with calls in the period. */
  tools: Array<{ name: string; calls: number; errors: number }>;
  /** Every pattern reported with runs in the period. */
  patterns: Array<{ ref: string; runCount: number }>;
}

/** Totals of one period, from the rollups. */
export interface PeriodTotals {
  runs: number;
  errors: number;
  sessions: number;
  users: number;
  orgs: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  p50Ms: number | null;
  p95Ms: number | null;
  thumbsUp: number;
  thumbsDown: number;
}

export interface FailureFigure {
  signature: string;
  message: string;
  kind: string;
  tool: string | null;
  count: number;
  previousCount: number;
  firstSeenAt: Date;
}

export interface ToolFigure {
  name: string;
  calls: number;
  errors: number;
  previousCalls: number;
  previousErrors: number;
}

export interface PatternFigure {
  /** The built-in key or the user-defined pattern's id: what `/runs?pattern=` takes. */
  ref: string;
  name: string;
  runCount: number;
  previousRunCount: number;
  exampleSessionIds: string[];
}

export interface TopicFigure {
  id: string;
  label: string;
  runCount: number;
  previousRunCount: number;
}

export interface FeedbackComment {
  runId: string;
  /** 1 thumbs up, -1 thumbs down, null text only. */
  score: 1 | -1 | null;
  text: string;
}

/** Everything buildRecap needs, gathered by the data layer for one agent (or all) and one period. */
export interface RecapInput {
  /** Agent name and its URL slug, or null for all agents. */
  agent: { name: string; slug: string } | null;
  period: { kind: PeriodKind; key: string; timeZone: string; start: Date; end: Date };
  partial: boolean;
  current: PeriodTotals;
  previous: PeriodTotals | null;
  failures: FailureFigure[];
  tools: ToolFigure[];
  patterns: PatternFigure[];
  topics: TopicFigure[];
  comments: FeedbackComment[];
}
