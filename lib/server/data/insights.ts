import "server-only";
// A run's insights as the run page and the REST run detail show them: when the engine analysed
// it, and the patterns found in it with their evidence. Patterns of a disabled or deleted
// user-defined pattern are not shown.
import type { Queryable } from "@/lib/db/sql";
import { BUILTIN_PATTERNS, builtinPattern } from "@/lib/insights/patterns/catalog";
import type { Evidence } from "@/lib/insights/patterns/types";
import { FilterError } from "@/lib/validations/list-params";

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
  return (await runInsightsOf(q, projectId, [runId])).get(runId)!;
}

/** The insights of several runs at once (two queries): every id gets an entry. */
export async function runInsightsOf(q: Queryable, projectId: string, runIds: string[]): Promise<Map<string, RunInsights>> {
  const out = new Map<string, RunInsights>(runIds.map((id) => [id, { analyzedAt: null, patterns: [] }]));
  if (!runIds.length) return out;
  const [analysed, rows] = await Promise.all([
    q.query<{ run_id: string; analyzed_at: Date | string }>(`SELECT run_id, analyzed_at FROM run_insights WHERE project_id = $1 AND run_id = ANY($2::text[])`, [
      projectId,
      runIds,
    ]),
    q.query<{ run_id: string; pattern_id: string; evidence: unknown; explanation: string | null; name: string | null; enabled: boolean | null }>(
      `SELECT rp.run_id, rp.pattern_id, rp.evidence, rp.explanation, p.name, p.enabled
       FROM run_patterns rp LEFT JOIN patterns p ON p.project_id = rp.project_id AND p.id = rp.pattern_id
       WHERE rp.project_id = $1 AND rp.run_id = ANY($2::text[])`,
      [projectId, runIds],
    ),
  ]);
  const order = (id: string) => {
    const i = BUILTIN_PATTERNS.findIndex((b) => b.key === id);
    return i < 0 ? BUILTIN_PATTERNS.length : i;
  };
  for (const r of rows) {
    const builtin = builtinPattern(r.pattern_id);
    if (!builtin && (r.name === null || r.enabled === false)) continue;
    const evidence = (typeof r.evidence === "string" ? JSON.parse(r.evidence) : r.evidence) as Evidence[];
    out
      .get(r.run_id)
      ?.patterns.push({ id: r.pattern_id, key: builtin ? builtin.key : null, name: builtin ? builtin.name : r.name!, evidence, explanation: r.explanation });
  }
  for (const v of out.values()) v.patterns.sort((a, b) => order(a.id) - order(b.id) || a.name.localeCompare(b.name));
  for (const a of analysed) {
    const v = out.get(a.run_id);
    if (v) v.analyzedAt = new Date(a.analyzed_at).toISOString();
  }
  return out;
}

export interface PatternRef {
  /** The built-in key, or the user-defined pattern's id. */
  id: string;
  key: string | null;
  name: string;
  description: string;
  builtin: boolean;
  scope: "conversational" | "all";
  enabled: boolean;
  /** A user-defined pattern limited to one agent. */
  agent: { id: string; name: string; slug: string } | null;
}

type PatternRefRow = {
  id: string;
  name: string;
  description: string;
  scope: string;
  enabled: boolean;
  agent_id: string | null;
  agent_name: string | null;
  agent_slug: string | null;
};

const userRef = (r: PatternRefRow): PatternRef => ({
  id: r.id,
  key: null,
  name: r.name,
  description: r.description,
  builtin: false,
  scope: r.scope === "all" ? "all" : "conversational",
  enabled: r.enabled,
  agent: r.agent_id && r.agent_name !== null ? { id: r.agent_id, name: r.agent_name, slug: r.agent_slug ?? "" } : null,
});

const builtinRef = (b: (typeof BUILTIN_PATTERNS)[number]): PatternRef => ({
  id: b.key,
  key: b.key,
  name: b.name,
  description: b.description,
  builtin: true,
  scope: b.scope,
  enabled: true,
  agent: null,
});

const REF_SQL = `SELECT p.id, p.name, p.description, p.scope, p.enabled, p.agent_id, a.name AS agent_name, a.slug AS agent_slug
  FROM patterns p LEFT JOIN agents a ON a.id = p.agent_id`;

/** Every pattern of a project: the built-in ones in catalog order, then user-defined ones by creation. */
export async function listPatternRefs(q: Queryable, projectId: string): Promise<PatternRef[]> {
  const rows = await q.query<PatternRefRow>(`${REF_SQL} WHERE p.project_id = $1 ORDER BY p.created_at, p.id`, [projectId]);
  return [...BUILTIN_PATTERNS.map(builtinRef), ...rows.map(userRef)];
}

/** A pattern by built-in key or user-defined id (`?pattern=`, `/v1/patterns/{id}`); null when unknown. */
export async function findPatternRef(q: Queryable, projectId: string, keyOrId: string): Promise<PatternRef | null> {
  const b = builtinPattern(keyOrId);
  if (b) return builtinRef(b);
  if (!keyOrId.startsWith("pat_")) return null;
  const [row] = await q.query<PatternRefRow>(`${REF_SQL} WHERE p.project_id = $1 AND p.id = $2`, [projectId, keyOrId]);
  return row ? userRef(row) : null;
}

/** The patterns found in each of a page of runs (the runs table's Patterns column), enabled ones only. */
export async function patternsOfRuns(q: Queryable, projectId: string, runIds: string[]): Promise<Map<string, Array<{ id: string; name: string }>>> {
  const out = new Map<string, Array<{ id: string; name: string }>>();
  if (!runIds.length) return out;
  const rows = await q.query<{ run_id: string; pattern_id: string; name: string | null; enabled: boolean | null }>(
    `SELECT rp.run_id, rp.pattern_id, p.name, p.enabled
     FROM run_patterns rp LEFT JOIN patterns p ON p.project_id = rp.project_id AND p.id = rp.pattern_id
     WHERE rp.project_id = $1 AND rp.run_id = ANY($2::text[])`,
    [projectId, runIds],
  );
  const rank = (id: string) => {
    const i = BUILTIN_PATTERNS.findIndex((b) => b.key === id);
    return i < 0 ? BUILTIN_PATTERNS.length : i;
  };
  for (const r of rows.sort((a, b) => rank(a.pattern_id) - rank(b.pattern_id) || a.pattern_id.localeCompare(b.pattern_id))) {
    const builtin = builtinPattern(r.pattern_id);
    if (!builtin && (r.name === null || r.enabled === false)) continue;
    const list = out.get(r.run_id) ?? [];
    list.push({ id: r.pattern_id, name: builtin ? builtin.name : r.name! });
    out.set(r.run_id, list);
  }
  return out;
}

/** The 400 for a `pattern=` value that names no pattern of the project. */
export const unknownPatternError = (value: string) =>
  new FilterError(
    `pattern must be a built-in pattern (${BUILTIN_PATTERNS.map((b) => b.key).join(", ")}) or the id of one of this project's patterns (got ${JSON.stringify(value.slice(0, 60))}).`,
  );
