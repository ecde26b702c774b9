// One run through every analyser the engine runs: the built-in patterns and the project's enabled
// user-defined patterns. Pure; lib/server/insights loads the RunContext and stores the result.
// Later analysers (topic assignment) add their output here.
import { detectBuiltinPatterns } from "./patterns/builtin";
import { evaluatePattern, type CompiledPattern } from "./patterns/rules/evaluate";
import type { Evidence, RunContext } from "./patterns/types";

/** Bumped when a detector changes, so stored results can be told from current ones. */
export const ANALYSIS_VERSION = 1;

export interface UserPattern {
  id: string;
  compiled: CompiledPattern;
}

export interface PatternHit {
  patternId: string;
  evidence: Evidence[];
  /** One line from the optional LLM refinement. */
  explanation?: string;
}

export interface RunAnalysis {
  runId: string;
  hits: PatternHit[];
  /** Patterns that could not be evaluated on this run (e.g. a rule over its time budget). */
  errors: { patternId: string; message: string }[];
}

/** `builtins: false` evaluates the user patterns only (a backfill of one pattern). */
export function analyseRun(ctx: RunContext, userPatterns: readonly UserPattern[], opts: { builtins?: boolean } = {}): RunAnalysis {
  const hits: PatternHit[] = opts.builtins === false ? [] : detectBuiltinPatterns(ctx).map((m) => ({ patternId: m.key, evidence: m.evidence }));
  const errors: RunAnalysis["errors"] = [];
  for (const p of userPatterns) {
    const r = evaluatePattern(p.compiled, p.id, ctx.run);
    if (r.match) hits.push({ patternId: p.id, evidence: r.match.evidence });
    if (r.error) errors.push({ patternId: p.id, message: r.error });
  }
  return { runId: ctx.run.id, hits, errors };
}
