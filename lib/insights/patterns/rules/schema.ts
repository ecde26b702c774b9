// A user-defined pattern: a name, a scope and a rule, "all" or "any" of conditions on a run's
// text, metadata, feedback, status, duration, cost, tokens and model. zod checks every field and
// each regex compiles here, so an invalid rule is refused with a message naming the condition.
import { z } from "zod";
import { compileUserRegex, MAX_REGEX_CHARS } from "./regex";

/** Text fields; the ones marked many hold one value per tool call, error or feedback. */
export const TEXT_FIELDS = ["prompt", "response", "tool_name", "tool_args", "tool_result", "error", "feedback_text", "model"] as const;
const MULTI_VALUE_FIELDS = new Set(["tool_name", "tool_args", "tool_result", "error", "feedback_text", "model"]);
export const TEXT_OPS = ["contains", "contains_words", "equals", "regex", "empty"] as const;
export const NUMBER_FIELDS = ["duration_ms", "cost_usd", "tokens", "tool_calls", "tool_errors"] as const;
export const NUMBER_OPS = ["gt", "gte", "lt", "lte", "eq"] as const;
export const MAX_CONDITIONS = 20;

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

const textMatchShape = {
  op: z.enum(TEXT_OPS),
  value: z.string().max(500, "must be at most 500 characters").optional(),
  words: z.array(text(100)).min(1, "needs at least one word").max(50, "at most 50 words").optional(),
  caseSensitive: z.boolean().optional(),
  not: z.boolean().optional(),
};

type TextMatch = { op: (typeof TEXT_OPS)[number]; value?: string; words?: string[]; caseSensitive?: boolean };

function checkTextMatch(c: TextMatch, ctx: z.RefinementCtx) {
  if ((c.op === "contains" || c.op === "equals" || c.op === "regex") && !c.value?.trim()) {
    ctx.addIssue({ code: "custom", path: ["value"], message: `"${c.op}" needs a value` });
  }
  if (c.op === "contains_words" && !c.words?.length) ctx.addIssue({ code: "custom", path: ["words"], message: '"contains_words" needs a list of words' });
  if (c.op === "regex" && c.value?.trim()) {
    if (c.value.length > MAX_REGEX_CHARS) return;
    const check = compileUserRegex(c.value, c.caseSensitive);
    if (!check.ok) ctx.addIssue({ code: "custom", path: ["value"], message: check.message });
  }
}

export const textConditionSchema = z
  .strictObject({
    field: z.enum(TEXT_FIELDS),
    ...textMatchShape,
    /** For tool, error, feedback and model fields: how many values must match (default 1). */
    minCount: z.number().int().min(1).max(1000).optional(),
  })
  .superRefine((c, ctx) => {
    checkTextMatch(c, ctx);
    if (c.minCount !== undefined && !MULTI_VALUE_FIELDS.has(c.field)) {
      ctx.addIssue({ code: "custom", path: ["minCount"], message: `"minCount" applies to tool, error, feedback and model fields, not to "${c.field}"` });
    }
  });

export const metadataConditionSchema = z
  .strictObject({ field: z.literal("metadata"), key: text(200), ...textMatchShape, op: z.enum([...TEXT_OPS, "exists"]) })
  .superRefine((c, ctx) => {
    if (c.op !== "exists") checkTextMatch({ ...c, op: c.op }, ctx);
  });

export const numberConditionSchema = z.strictObject({
  field: z.enum(NUMBER_FIELDS),
  op: z.enum(NUMBER_OPS),
  value: z.number().finite().min(0),
  not: z.boolean().optional(),
});

export const feedbackConditionSchema = z.strictObject({
  field: z.literal("feedback_score"),
  op: z.literal("equals"),
  value: z.enum(["thumbs_up", "thumbs_down", "any", "none"]),
  not: z.boolean().optional(),
});

export const statusConditionSchema = z.strictObject({
  field: z.literal("status"),
  op: z.literal("equals"),
  value: z.enum(["success", "error"]),
  not: z.boolean().optional(),
});

// Keyed on `field`, so an error names the problem in the condition the user wrote, not a list of
// every branch that did not fit.
export const conditionSchema = z.discriminatedUnion("field", [
  textConditionSchema,
  metadataConditionSchema,
  numberConditionSchema,
  feedbackConditionSchema,
  statusConditionSchema,
]);
export type Condition = z.infer<typeof conditionSchema>;
export type NumberCondition = z.infer<typeof numberConditionSchema>;
export type TextCondition = z.infer<typeof textConditionSchema>;
const NUMBER_FIELD_SET = new Set<string>(NUMBER_FIELDS);
export const isNumberCondition = (c: Condition): c is NumberCondition => NUMBER_FIELD_SET.has(c.field);

const groupSchema = z.strictObject({
  match: z.enum(["all", "any"]),
  conditions: z.array(conditionSchema).min(1, "a group needs at least one condition").max(MAX_CONDITIONS, `at most ${MAX_CONDITIONS} conditions`),
});

/** A rule: all or any of its conditions, each a condition or one nested group of conditions. */
export const ruleSchema = z.strictObject({
  match: z.enum(["all", "any"]),
  conditions: z
    .array(z.union([conditionSchema, groupSchema]))
    .min(1, "a rule needs at least one condition")
    .max(MAX_CONDITIONS, `at most ${MAX_CONDITIONS} conditions`),
});
export type Rule = z.infer<typeof ruleSchema>;
export type RuleGroup = z.infer<typeof groupSchema>;

export const patternDefinitionSchema = z.strictObject({
  name: text(80),
  description: z.string().trim().max(500, "must be at most 500 characters").default(""),
  /** User insights look at conversational runs only; "all" looks at every run. */
  scope: z.enum(["conversational", "all"]).default("conversational"),
  agent: z.string().trim().min(1).max(200).nullable().default(null),
  rule: ruleSchema,
});
export type PatternDefinition = z.infer<typeof patternDefinitionSchema>;

/** A readable list of what is wrong with a rule, one line per problem, naming the condition. */
export function describeRuleErrors(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join(".") + ": " : ""}${i.message}`).join("\n");
}
