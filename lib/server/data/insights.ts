import "server-only";
// A run's insights as the run page and the REST run detail show them: when the engine analysed
// it, and the patterns found in it with their evidence. Patterns of a disabled or deleted
// user-defined pattern are not shown.
import type { Queryable } from "@/lib/db/sql";
import { BUILTIN_PATTERNS, builtinPattern } from "@/lib/insights/patterns/catalog";
import type { Evidence } from "@/lib/insights/patterns/types";

export interface RunPatternView {
  /** The built-in key, or the user-defined pattern's id. */
  id: string;
  /** The built-in key; null for a user-defined pattern. */
  key: string | null;
  name: string;
  evidence: Evidence[];
  /** One line from the optional LLM review. */
  explanation: string | null;
}

export interface RunInsights {
  /** Null until the engine has analysed the run. */
  analyzedAt: string | null;
  patterns: RunPatternView[];
}

export async function getRunInsights(q: Queryable, projectId: string, runId: string): Promise<RunInsights> {
  const [analysed, rows] = await Promise.all([
    q.query<{ analyzed_at: Date | string }>(`SELECT analyzed_at FROM run_insights WHERE project_id = $1 AND run_id = $2`, [projectId, runId]),
    q.query<{ pattern_id: string; evidence: unknown; explanation: string | null; name: string | null; enabled: boolean | null }>(
      `SELECT rp.pattern_id, rp.evidence, rp.explanation, p.name, p.enabled
       FROM run_patterns rp LEFT JOIN patterns p ON p.project_id = rp.project_id AND p.id = rp.pattern_id
       WHERE rp.project_id = $1 AND rp.run_id = $2`,
      [projectId, runId],
    ),
  ]);
  const order = (id: string) => {
    const i = BUILTIN_PATTERNS.findIndex((b) => b.key === id);
    return i < 0 ? BUILTIN_PATTERNS.length : i;
  };
  const patterns: RunPatternView[] = [];
  for (const r of rows) {
    const builtin = builtinPattern(r.pattern_id);
    if (!builtin && (r.name === null || r.enabled === false)) continue;
    const evidence = (typeof r.evidence === "string" ? JSON.parse(r.evidence) : r.evidence) as Evidence[];
    patterns.push({ id: r.pattern_id, key: builtin ? builtin.key : null, name: builtin ? builtin.name : r.name!, evidence, explanation: r.explanation });
  }
  patterns.sort((a, b) => order(a.id) - order(b.id) || a.name.localeCompare(b.name));
  const at = analysed[0]?.analyzed_at;
  return { analyzedAt: at ? new Date(at).toISOString() : null, patterns };
}
