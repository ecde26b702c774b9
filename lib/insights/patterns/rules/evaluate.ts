// Evaluates a user-defined pattern on one run. Pure and bounded: each regex runs on RE2 (linear
// time) over at most MAX_REGEX_INPUT_CHARS per value, and a rule may read at most
// RULE_BUDGET_CHARS characters with regexes per run and spend at most RULE_BUDGET_MS; past either
// bound the rule stops and reports an error for that run instead of stalling the engine.
import { evidenceAt, evidenceOf } from "../text";
import type { Evidence, EvidenceSource, PatternMatch, RunFacts } from "../types";
import { compileUserRegex, findRegex, MAX_REGEX_INPUT_CHARS, type CompiledRegex } from "./regex";
import { isNumberCondition, TEXT_OPS, type Condition, type PatternDefinition, type Rule, type RuleGroup } from "./schema";

export const RULE_BUDGET_CHARS = 262_144;
export const RULE_BUDGET_MS = 50;

export class RuleBudgetExceeded extends Error {}

interface Budget {
  chars: number;
  deadline: number;
  now: () => number;
}

interface Value {
  source: EvidenceSource;
  ref: string;
  text: string;
}

/** The text test of a text or metadata condition. */
interface TextTest {
  op: (typeof TEXT_OPS)[number];
  value?: string;
  words?: string[];
  caseSensitive?: boolean;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A rule with its regexes compiled once, to evaluate on many runs. */
export interface CompiledPattern {
  definition: PatternDefinition;
  regexes: Map<Condition, CompiledRegex | RegExp>;
}

export function compilePattern(definition: PatternDefinition): CompiledPattern {
  const regexes = new Map<Condition, CompiledRegex | RegExp>();
  const visit = (c: Condition | RuleGroup) => {
    if ("match" in c) return c.conditions.forEach(visit);
    if (!("op" in c)) return;
    if (c.op === "regex" && "value" in c && typeof c.value === "string") {
      const check = compileUserRegex(c.value, "caseSensitive" in c ? c.caseSensitive : false);
      if (!check.ok) throw new Error(check.message);
      regexes.set(c, check.regex);
    }
    if (c.op === "contains_words" && "words" in c && c.words) {
      // Escaped literal words: no user regex syntax reaches the JavaScript engine.
      regexes.set(c, new RegExp(`(?<![\\p{L}\\p{N}_])(?:${c.words.map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}_])`, c.caseSensitive ? "u" : "iu"));
    }
  };
  definition.rule.conditions.forEach(visit);
  return { definition, regexes };
}

function values(field: string, run: RunFacts): Value[] {
  switch (field) {
    case "prompt":
      return run.userPrompt ? [{ source: "turn", ref: run.id, text: run.userPrompt }] : [];
    case "response":
      return run.response ? [{ source: "response", ref: run.id, text: run.response }] : [];
    case "tool_name":
      return run.toolCalls.map((c) => ({ source: "tool_call", ref: c.id, text: c.name }));
    case "tool_args":
      return run.toolCalls.filter((c) => c.args).map((c) => ({ source: "tool_call", ref: c.id, text: c.args! }));
    case "tool_result":
      return run.toolCalls.filter((c) => c.result).map((c) => ({ source: "tool_call", ref: c.id, text: c.result! }));
    case "error": {
      const out: Value[] = run.status === 2 || run.statusMessage ? [{ source: "run", ref: run.id, text: run.statusMessage ?? "" }] : [];
      for (const c of run.toolCalls) if (c.failed || c.error) out.push({ source: "tool_call", ref: c.id, text: c.error ?? "" });
      return out;
    }
    case "feedback_text":
      return run.feedback.filter((f) => f.text).map((f) => ({ source: "feedback", ref: f.id, text: f.text! }));
    case "model":
      return run.models.map((m) => ({ source: "run", ref: run.id, text: m }));
    default:
      return [];
  }
}

/** Where the condition's text test matches `text`, or null. "empty" matches with no span. */
function matchText(c: TextTest, compiled: CompiledRegex | RegExp | undefined, text: string, budget: Budget): [number, number] | "whole" | null {
  switch (c.op) {
    case "empty":
      return text.trim() === "" ? "whole" : null;
    case "equals":
      return (c.caseSensitive ? text.trim() === c.value!.trim() : text.trim().toLowerCase() === c.value!.trim().toLowerCase()) ? "whole" : null;
    case "contains": {
      const needle = c.value!.trim();
      const hay = c.caseSensitive ? text : text.toLowerCase();
      const i = hay.indexOf(c.caseSensitive ? needle : needle.toLowerCase());
      if (i < 0) return null;
      return hay.length === text.length ? [i, i + needle.length] : "whole";
    }
    case "contains_words":
    case "regex": {
      const input = text.length > MAX_REGEX_INPUT_CHARS ? text.slice(0, MAX_REGEX_INPUT_CHARS) : text;
      budget.chars -= input.length;
      if (budget.chars < 0 || budget.now() > budget.deadline) throw new RuleBudgetExceeded("The rule read too much text for one run and was stopped.");
      if (compiled instanceof RegExp) {
        const m = compiled.exec(input);
        return m ? [m.index, m.index + m[0].length] : null;
      }
      return compiled ? findRegex(compiled, input) : null;
    }
  }
}

const evidenceFor = (v: Value, span: [number, number] | "whole"): Evidence =>
  span === "whole" ? evidenceOf(v.source, v.ref, v.text) : evidenceAt(v.source, v.ref, v.text, span[0], span[1]);

function feedbackScore(run: RunFacts): number | null {
  const scored = run.feedback.filter((f) => f.score !== null);
  return scored.at(-1)?.score ?? null;
}

function number(field: string, run: RunFacts): number | null {
  switch (field) {
    case "duration_ms":
      return run.durationMs;
    case "cost_usd":
      return run.costUsd;
    case "tokens":
      return run.inputTokens + run.outputTokens;
    case "tool_calls":
      return run.toolCalls.length;
    case "tool_errors":
      return run.toolCalls.filter((c) => c.failed).length;
    default:
      return null;
  }
}

/** Whether one condition holds, with the evidence that shows it. */
function evalCondition(c: Condition, p: CompiledPattern, run: RunFacts, budget: Budget): { ok: boolean; evidence: Evidence[] } {
  let ok = false;
  const evidence: Evidence[] = [];
  if (c.field === "status") {
    ok = c.value === "error" ? run.status === 2 : run.status !== 2;
    if (ok && run.status === 2) evidence.push(evidenceOf("run", run.id, run.statusMessage || "The run ended with an error."));
  } else if (c.field === "feedback_score") {
    const score = feedbackScore(run);
    ok = c.value === "any" ? score !== null : c.value === "none" ? score === null : score === (c.value === "thumbs_up" ? 1 : -1);
    const last = run.feedback.at(-1);
    if (ok && last && score !== null) evidence.push(evidenceOf("feedback", last.id, last.text || (score === 1 ? "thumbs up" : "thumbs down")));
  } else if (isNumberCondition(c)) {
    const n = number(c.field, run);
    const v = c.value;
    ok = n !== null && (c.op === "gt" ? n > v : c.op === "gte" ? n >= v : c.op === "lt" ? n < v : c.op === "lte" ? n <= v : n === v);
  } else if (c.field === "metadata") {
    const value = run.metadata[c.key];
    if (c.op === "exists") ok = value !== undefined;
    else if (value !== undefined) {
      const span = matchText({ ...c, op: c.op }, p.regexes.get(c), value, budget);
      ok = span !== null;
    }
    if (ok && value !== undefined) evidence.push(evidenceOf("run", run.id, `${c.key}: ${value}`));
  } else {
    const need = "minCount" in c && c.minCount ? c.minCount : 1;
    const vals = values(c.field, run);
    let hits = 0;
    for (const v of vals) {
      const span = matchText(c, p.regexes.get(c), v.text, budget);
      if (span === null) continue;
      hits++;
      if (evidence.length < 5) evidence.push(evidenceFor(v, span));
      if (hits >= need && evidence.length >= 5) break;
    }
    // "prompt is empty" also holds when there is no prompt at all.
    ok = c.op === "empty" && vals.length === 0 && !MULTI(c.field) ? true : hits >= need;
  }
  if (c.not) return { ok: !ok, evidence: [] };
  return { ok, evidence: ok ? evidence : [] };
}

const MULTI = (field: string) => field !== "prompt" && field !== "response";

function evalGroup(g: Rule | RuleGroup, p: CompiledPattern, run: RunFacts, budget: Budget): { ok: boolean; evidence: Evidence[] } {
  const evidence: Evidence[] = [];
  let any = false;
  for (const c of g.conditions) {
    const r = "match" in c ? evalGroup(c, p, run, budget) : evalCondition(c, p, run, budget);
    if (r.ok) {
      any = true;
      evidence.push(...r.evidence);
      if (g.match === "any") break;
    } else if (g.match === "all") return { ok: false, evidence: [] };
  }
  return { ok: g.match === "all" || any, evidence };
}

export interface RuleResult {
  match: PatternMatch | null;
  /** Set when the rule could not be evaluated on this run (budget exceeded). */
  error: string | null;
}

/** The pattern's match on `run`, if its scope admits the run and its rule holds. */
export function evaluatePattern(p: CompiledPattern, key: string, run: RunFacts, now: () => number = () => performance.now()): RuleResult {
  const d = p.definition;
  if (d.scope === "conversational" && !run.conversational) return { match: null, error: null };
  if (d.agent !== null && run.agent !== d.agent) return { match: null, error: null };
  const budget: Budget = { chars: RULE_BUDGET_CHARS, deadline: now() + RULE_BUDGET_MS, now };
  try {
    const r = evalGroup(d.rule, p, run, budget);
    if (!r.ok) return { match: null, error: null };
    const evidence = r.evidence.length ? r.evidence.slice(0, 5) : [evidenceOf("run", run.id, run.userPrompt ?? run.response ?? "")];
    return { match: { key, evidence }, error: null };
  } catch (err) {
    if (err instanceof RuleBudgetExceeded) return { match: null, error: err.message };
    throw err;
  }
}
