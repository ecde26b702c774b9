// The pattern form's conversions: what the builder sends is what the rule schema accepts, a stored
// rule comes back as the same rows, and the server's messages point at the row to fix.
import { describe, expect, it } from "vitest";
import { patternDefinitionSchema, describeRuleErrors } from "@/lib/insights/patterns/rules/schema";
import { draftProblems, emptyDraft, fromCondition, isFlat, readableError, toCondition } from "./rule-draft";

const valid = (conditions: Record<string, unknown>[]) => patternDefinitionSchema.safeParse({ name: "x", rule: { match: "any", conditions } });

describe("rule drafts", () => {
  it("builds conditions the schema accepts, for every kind of field", () => {
    const rows = [
      { ...emptyDraft("prompt"), op: "contains_words", words: "refund, chargeback ,, money back" },
      { ...emptyDraft("tool_name"), op: "equals", value: "search", minCount: "3" },
      { ...emptyDraft("metadata"), key: "plan", op: "exists" },
      { ...emptyDraft("duration_ms"), op: "gte", value: "5000" },
      { ...emptyDraft("feedback_score"), value: "thumbs_down", not: true },
      { ...emptyDraft("response"), op: "regex", value: "order #\\d+", caseSensitive: true },
    ];
    const conditions = rows.map(toCondition);
    expect(conditions[0]).toEqual({ field: "prompt", op: "contains_words", words: ["refund", "chargeback", "money back"] });
    expect(conditions[1]).toEqual({ field: "tool_name", op: "equals", value: "search", minCount: 3 });
    expect(conditions[3]).toEqual({ field: "duration_ms", op: "gte", value: 5000 });
    expect(conditions[4]).toEqual({ field: "feedback_score", op: "equals", value: "thumbs_down", not: true });
    expect(valid(conditions).success).toBe(true);
    expect(conditions.map((c) => toCondition(fromCondition(c)))).toEqual(conditions);
  });

  it("leaves a bad value to the schema, whose message names the row", () => {
    const r = valid([
      toCondition({ ...emptyDraft("prompt"), op: "contains", value: "ok" }),
      toCondition({ ...emptyDraft("prompt"), op: "regex", value: "[a-" }),
    ]);
    expect(r.success).toBe(false);
    const lines = describeRuleErrors(r.error!).split("\n").map(readableError);
    expect(lines).toEqual([expect.stringMatching(/^Condition 2 · value: Invalid regex/)]);
    // A blank number is caught before sending: the schema would only say "Invalid input".
    expect(draftProblems([emptyDraft("prompt"), { ...emptyDraft("tokens"), value: "" }, { ...emptyDraft("error"), minCount: "0" }])).toEqual([
      "Condition 2 · value: enter a number",
      "Condition 3 · times: enter a whole number from 1",
    ]);
    expect(readableError("rule.conditions.0.conditions.2.words: needs at least one word")).toBe("Condition 1.3 · words: needs at least one word");
    expect(readableError("name: must not be empty")).toBe("name: must not be empty");
  });

  it("tells a flat rule from one with nested groups", () => {
    expect(isFlat({ match: "all", conditions: [{ field: "status", op: "equals", value: "error" }] })).toBe(true);
    expect(isFlat({ match: "all", conditions: [{ match: "any", conditions: [] }] })).toBe(false);
    expect(isFlat(null)).toBe(false);
  });
});
