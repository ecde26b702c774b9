// The pattern form's editable conditions ↔ the rule schema's conditions (lib/insights/patterns/
// rules/schema.ts). Pure, so the form's conversions are unit-tested; the server validates again.

export const TEXT_FIELDS = ["prompt", "response", "tool_name", "tool_args", "tool_result", "error", "feedback_text", "model"] as const;
export const MULTI_FIELDS = ["tool_name", "tool_args", "tool_result", "error", "feedback_text", "model"];
export const NUMBER_FIELDS = ["duration_ms", "cost_usd", "tokens", "tool_calls", "tool_errors"] as const;

export const FIELD_LABELS: Record<string, string> = {
  prompt: "Prompt",
  response: "Response",
  tool_name: "Tool name",
  tool_args: "Tool arguments",
  tool_result: "Tool result",
  error: "Error text",
  feedback_text: "Feedback text",
  model: "Model",
  metadata: "Metadata",
  feedback_score: "Feedback score",
  status: "Status",
  duration_ms: "Duration (ms)",
  cost_usd: "Cost (USD)",
  tokens: "Tokens",
  tool_calls: "Tool calls",
  tool_errors: "Tool errors",
};

export const TEXT_OPS: Record<string, string> = {
  contains: "contains",
  contains_words: "contains any of the words",
  equals: "equals",
  regex: "matches regex",
  empty: "is empty",
};
export const NUMBER_OPS: Record<string, string> = { gt: ">", gte: "≥", lt: "<", lte: "≤", eq: "=" };
export const CHOICES: Record<string, string[]> = { feedback_score: ["thumbs_down", "thumbs_up", "any", "none"], status: ["error", "success"] };

export type FieldKind = "text" | "metadata" | "number" | "choice";
export const fieldKind = (field: string): FieldKind =>
  field === "metadata" ? "metadata" : field in CHOICES ? "choice" : (NUMBER_FIELDS as readonly string[]).includes(field) ? "number" : "text";

export interface ConditionDraft {
  field: string;
  op: string;
  value: string;
  /** contains_words: comma-separated. */
  words: string;
  key: string;
  not: boolean;
  caseSensitive: boolean;
  minCount: string;
}

export const emptyDraft = (field = "prompt"): ConditionDraft => ({
  field,
  op: defaultOp(field),
  value: fieldKind(field) === "choice" ? CHOICES[field]![0]! : "",
  words: "",
  key: "",
  not: false,
  caseSensitive: false,
  minCount: "",
});

export function defaultOp(field: string): string {
  const kind = fieldKind(field);
  return kind === "number" ? "gt" : kind === "choice" ? "equals" : "contains";
}

/** A draft as the rule schema takes it; a problem the server would also report is left to it. */
export function toCondition(d: ConditionDraft): Record<string, unknown> {
  const kind = fieldKind(d.field);
  const out: Record<string, unknown> = { field: d.field, op: d.op };
  if (kind === "number") out.value = d.value.trim() === "" ? Number.NaN : Number(d.value);
  else if (kind === "choice") out.value = d.value;
  else {
    if (kind === "metadata") out.key = d.key;
    if (d.op === "contains_words")
      out.words = d.words
        .split(",")
        .map((w) => w.trim())
        .filter(Boolean);
    else if (d.op !== "empty" && d.op !== "exists") out.value = d.value;
    if (d.caseSensitive) out.caseSensitive = true;
    if (d.minCount.trim() && MULTI_FIELDS.includes(d.field)) out.minCount = Number(d.minCount);
  }
  if (d.not) out.not = true;
  return out;
}

export function fromCondition(c: Record<string, unknown>): ConditionDraft {
  const field = String(c.field ?? "prompt");
  return {
    field,
    op: String(c.op ?? defaultOp(field)),
    value: c.value === undefined || c.value === null ? "" : String(c.value),
    words: Array.isArray(c.words) ? c.words.join(", ") : "",
    key: typeof c.key === "string" ? c.key : "",
    not: c.not === true,
    caseSensitive: c.caseSensitive === true,
    minCount: typeof c.minCount === "number" ? String(c.minCount) : "",
  };
}

/** True when the rule is flat (no nested group): the builder can edit it; else the JSON editor. */
export function isFlat(rule: unknown): rule is { match: "all" | "any"; conditions: Record<string, unknown>[] } {
  const r = rule as { match?: unknown; conditions?: unknown };
  return (
    (r?.match === "all" || r?.match === "any") &&
    Array.isArray(r.conditions) &&
    r.conditions.every((c) => typeof c === "object" && c !== null && !("conditions" in c))
  );
}

/** "rule.conditions.1.value: …" → "Condition 2 · value: …", so a message points at the row. */
export function readableError(line: string): string {
  return line
    .replace(/^rule\.conditions\.(\d+)\.conditions\.(\d+)\.?/, (_, a: string, b: string) => `Condition ${Number(a) + 1}.${Number(b) + 1} · `)
    .replace(/^rule\.conditions\.(\d+)\.?/, (_, a: string) => `Condition ${Number(a) + 1} · `)
    .replace(/ · :/, ":")
    .replace(/ · $/, "");
}

/** Problems the builder can name better than the schema (a number field left blank reads "Invalid input" there). */
export function draftProblems(rows: ConditionDraft[]): string[] {
  const out: string[] = [];
  rows.forEach((d, i) => {
    const kind = fieldKind(d.field);
    if (kind === "number" && (d.value.trim() === "" || !Number.isFinite(Number(d.value)))) out.push(`Condition ${i + 1} · value: enter a number`);
    if (d.minCount.trim() && MULTI_FIELDS.includes(d.field) && !(Number.isInteger(Number(d.minCount)) && Number(d.minCount) >= 1))
      out.push(`Condition ${i + 1} · times: enter a whole number from 1`);
  });
  return out;
}
