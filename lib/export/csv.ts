// Runs as CSV: the runs table's columns, one row per run, a header row (RFC 4180: commas,
// quotes and line breaks quoted, CRLF line ends). A text cell a spreadsheet would read as a
// formula (starting with = + - @, or a tab or carriage return) is prefixed with a single quote,
// so opening an export cannot run what an end user typed into a prompt.
import type { RunDto } from "@/lib/server/data/runs";

/** A run as the list returns it, with the names of the patterns found in it. */
export type CsvRun = RunDto & { patterns: Array<{ name: string }> };

type Cell = string | number | boolean | null;

/** The columns, in the runs table's order (status first, the run id last), with finer splits where one cell shows two values. */
export const CSV_COLUMNS: ReadonlyArray<readonly [header: string, value: (r: CsvRun) => Cell]> = [
  ["status", (r) => r.status],
  ["status_message", (r) => r.statusMessage],
  ["start_time", (r) => r.startTime],
  ["agent", (r) => r.agent?.name ?? null],
  ["prompt", (r) => r.userPrompt],
  ["user_id", (r) => r.user?.id ?? null],
  ["user_name", (r) => r.user?.name ?? null],
  ["org_id", (r) => r.org?.id ?? null],
  ["org_name", (r) => r.org?.name ?? null],
  ["session_id", (r) => r.sessionId],
  ["models", (r) => r.models.join(" ")],
  ["duration_ms", (r) => r.durationMs],
  ["input_tokens", (r) => r.usage.inputTokens],
  ["output_tokens", (r) => r.usage.outputTokens],
  ["cached_tokens", (r) => r.usage.cachedTokens],
  ["cost_usd", (r) => r.costUsd],
  ["steps", (r) => r.stepCount],
  ["tool_calls", (r) => r.toolCallCount],
  ["tool_errors", (r) => r.toolErrorCount],
  ["feedback_count", (r) => r.feedback.length],
  ["latest_feedback", (r) => r.feedback.at(-1)?.score ?? null],
  ["latest_feedback_text", (r) => r.feedback.at(-1)?.text ?? null],
  ["patterns", (r) => r.patterns.map((p) => p.name).join("; ")],
  ["conversational", (r) => r.conversational],
  ["run_id", (r) => r.id],
];

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: numbers and booleans as they are, text guarded against formulas and quoted when needed. */
export function csvCell(v: Cell): string {
  if (v === null) return "";
  if (typeof v !== "string") return String(v);
  const text = FORMULA_START.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvHeader = () => `${CSV_COLUMNS.map(([h]) => h).join(",")}\r\n`;

export const csvRow = (r: CsvRun) => `${CSV_COLUMNS.map(([, value]) => csvCell(value(r))).join(",")}\r\n`;
