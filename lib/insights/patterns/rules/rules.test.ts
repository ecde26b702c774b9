import { describe, expect, test } from "vitest";
import { runFacts, toolCall } from "../fixtures";
import { compilePattern, evaluatePattern, RULE_BUDGET_CHARS } from "./evaluate";
import { describeRuleErrors, patternDefinitionSchema, ruleSchema, type Rule } from "./schema";

const pattern = (rule: Rule, over: Record<string, unknown> = {}) => compilePattern(patternDefinitionSchema.parse({ name: "p", rule, ...over }));
const matches = (rule: Rule, run = runFacts(), over: Record<string, unknown> = {}) => evaluatePattern(pattern(rule, over), "p", run).match !== null;
const errorsOf = (rule: unknown) => {
  const r = ruleSchema.safeParse(rule);
  if (r.success) throw new Error("expected the rule to be refused");
  return describeRuleErrors(r.error);
};

describe("rule validation", () => {
  test("a complete rule parses, with defaults for the pattern", () => {
    const def = patternDefinitionSchema.parse({
      name: " Refund requests ",
      rule: {
        match: "all",
        conditions: [
          { field: "prompt", op: "contains_words", words: ["refund", "chargeback"] },
          {
            match: "any",
            conditions: [
              { field: "tool_name", op: "equals", value: "issue_refund", minCount: 2 },
              { field: "cost_usd", op: "gt", value: 0.5 },
            ],
          },
          { field: "metadata", key: "plan", op: "exists" },
        ],
      },
    });
    expect(def).toMatchObject({ name: "Refund requests", description: "", scope: "conversational", agent: null });
  });

  test("invalid rules get messages that say what to fix, naming the condition", () => {
    expect(errorsOf({ match: "all", conditions: [{ field: "prompt", op: "regex", value: "(?<=card )\\d+" }] })).toMatch(
      /conditions\.0\.value: Invalid regex: .*Lookarounds .* are not supported/,
    );
    expect(errorsOf({ match: "all", conditions: [{ field: "prompt", op: "regex", value: "[a-" }] })).toMatch(
      /conditions\.0\.value: Invalid regex: missing closing \]/,
    );
    expect(errorsOf({ match: "all", conditions: [{ field: "response", op: "contains" }] })).toMatch(/conditions\.0\.value: "contains" needs a value/);
    expect(errorsOf({ match: "all", conditions: [{ field: "prompt", op: "contains", value: "x", minCount: 2 }] })).toMatch(/minCount.*not to "prompt"/);
    expect(errorsOf({ match: "all", conditions: [{ field: "latency", op: "gt", value: 1 }] })).toMatch(/conditions\.0/);
    expect(errorsOf({ match: "all", conditions: [] })).toMatch(/at least one condition/);
    expect(errorsOf({ match: "all", conditions: Array.from({ length: 21 }, () => ({ field: "status", op: "equals", value: "error" })) })).toMatch(/at most 20/);
    expect(errorsOf({ match: "all", conditions: [{ field: "prompt", op: "regex", value: "(x{500}){500}" }] })).toMatch(/too complex|Invalid regex/);
  });
});

describe("rule evaluation", () => {
  const run = runFacts({
    userPrompt: "I want a REFUND for order 5512",
    response: "I've started the refund.",
    status: 2,
    statusMessage: "tool issue_refund: 502 Bad Gateway",
    toolCalls: [
      toolCall({ id: "a", name: "issue_refund", args: '{"order":"5512"}', failed: true, error: "502 Bad Gateway" }),
      toolCall({ id: "b", name: "issue_refund", args: '{"order":"5512"}', result: "ok" }),
    ],
    feedback: [{ id: "f", score: -1, text: "took forever" }],
    metadata: { plan: "pro", region: "eu-west" },
    models: ["gpt-4o-2024-08-06"],
    durationMs: 12_000,
    costUsd: 0.8,
    inputTokens: 900,
    outputTokens: 300,
  });

  test("each field and operator", () => {
    const yes: Rule["conditions"] = [
      { field: "prompt", op: "contains", value: "refund" },
      { field: "prompt", op: "contains_words", words: ["refund"] },
      { field: "prompt", op: "regex", value: "order \\d{4}" },
      { field: "response", op: "contains", value: "started" },
      { field: "tool_name", op: "equals", value: "issue_refund", minCount: 2 },
      { field: "tool_args", op: "contains", value: '"order":"5512"' },
      { field: "tool_result", op: "equals", value: "OK" },
      { field: "error", op: "contains", value: "502" },
      { field: "feedback_text", op: "contains", value: "forever" },
      { field: "model", op: "regex", value: "^gpt-4o" },
      { field: "metadata", key: "plan", op: "equals", value: "pro" },
      { field: "metadata", key: "region", op: "regex", value: "^eu-" },
      { field: "metadata", key: "plan", op: "exists" },
      { field: "feedback_score", op: "equals", value: "thumbs_down" },
      { field: "feedback_score", op: "equals", value: "any" },
      { field: "status", op: "equals", value: "error" },
      { field: "duration_ms", op: "gte", value: 12_000 },
      { field: "cost_usd", op: "gt", value: 0.5 },
      { field: "tokens", op: "eq", value: 1200 },
      { field: "tool_calls", op: "eq", value: 2 },
      { field: "tool_errors", op: "lt", value: 2 },
    ];
    for (const c of yes) expect(matches({ match: "all", conditions: [c] }, run), JSON.stringify(c)).toBe(true);
    const no: Rule["conditions"] = [
      { field: "prompt", op: "contains", value: "refund", caseSensitive: true },
      { field: "prompt", op: "contains_words", words: ["fun"] },
      { field: "tool_name", op: "equals", value: "issue_refund", minCount: 3 },
      { field: "metadata", key: "missing", op: "exists" },
      { field: "metadata", key: "plan", op: "equals", value: "free" },
      { field: "feedback_score", op: "equals", value: "none" },
      { field: "status", op: "equals", value: "success" },
      { field: "duration_ms", op: "lt", value: 1000 },
      { field: "response", op: "empty" },
      { field: "prompt", op: "contains", value: "refund", not: true },
    ];
    for (const c of no) expect(matches({ match: "all", conditions: [c] }, run), JSON.stringify(c)).toBe(false);
  });

  test("all, any and a nested group", () => {
    const t = { field: "status", op: "equals", value: "error" } as const;
    const f = { field: "status", op: "equals", value: "success" } as const;
    expect(matches({ match: "all", conditions: [t, f] }, run)).toBe(false);
    expect(matches({ match: "any", conditions: [f, t] }, run)).toBe(true);
    expect(matches({ match: "all", conditions: [t, { match: "any", conditions: [f, t] }] }, run)).toBe(true);
  });

  test("evidence highlights what matched", () => {
    const r = evaluatePattern(pattern({ match: "all", conditions: [{ field: "prompt", op: "regex", value: "order \\d+" }] }), "p", run);
    const e = r.match!.evidence[0]!;
    expect(e).toMatchObject({ source: "turn", ref: run.id });
    expect(e.text.slice(...e.highlight!)).toBe("order 5512");
  });

  test("scope and agent select the runs a pattern looks at", () => {
    const rule: Rule = { match: "all", conditions: [{ field: "prompt", op: "contains", value: "refund" }] };
    expect(matches(rule, { ...run, conversational: false })).toBe(false);
    expect(matches(rule, { ...run, conversational: false }, { scope: "all" })).toBe(true);
    expect(matches(rule, run, { agent: "other-bot" })).toBe(false);
    expect(matches(rule, run, { agent: "support-bot" })).toBe(true);
  });
});

describe("a hostile regex cannot stall the engine", () => {
  test("a catastrophic-backtracking pattern runs in linear time on RE2", () => {
    const p = pattern({ match: "all", conditions: [{ field: "prompt", op: "regex", value: "(a+)+$" }] });
    // With a backtracking engine this input would take longer than the age of the universe.
    const r = evaluatePattern(p, "p", runFacts({ userPrompt: "a".repeat(10_000) + "!" }));
    expect(r).toEqual({ match: null, error: null });
  });

  test("past the character budget the rule stops with an error for that run", () => {
    const big = "x".repeat(16_000);
    const calls = Array.from({ length: Math.ceil(RULE_BUDGET_CHARS / big.length) + 2 }, (_, i) => toolCall({ id: `t${i}`, result: big }));
    const p = pattern({ match: "all", conditions: [{ field: "tool_result", op: "regex", value: "y" }] });
    const r = evaluatePattern(p, "p", runFacts({ toolCalls: calls }));
    expect(r.match).toBeNull();
    expect(r.error).toMatch(/read too much text/);
  });

  test("past the time budget the rule stops with an error for that run", () => {
    let clock = 0;
    const slowClock = () => (clock += 30);
    const p = pattern({ match: "all", conditions: [{ field: "tool_result", op: "regex", value: "y" }] });
    const r = evaluatePattern(p, "p", runFacts({ toolCalls: [toolCall({ id: "a" }), toolCall({ id: "b" }), toolCall({ id: "c" })] }), slowClock);
    expect(r.error).toMatch(/stopped/);
  });
});
