// The built-in patterns of one run, in a fixed order. User insights (frustration, confusion) are
// looked for in conversational runs only; the others in every run.
import { detectConfusion } from "./confusion";
import { detectFrustration } from "./frustration";
import { detectTaskFailure } from "./task-failure";
import { detectRepeatedCalls, detectToolErrorLoop } from "./tool-patterns";
import type { PatternMatch, RunContext } from "./types";

export function detectBuiltinPatterns(ctx: RunContext): PatternMatch[] {
  const matches = [detectFrustration(ctx), detectConfusion(ctx), detectTaskFailure(ctx.run), detectToolErrorLoop(ctx.run), detectRepeatedCalls(ctx.run)];
  return matches.filter((m): m is PatternMatch => m !== null);
}
