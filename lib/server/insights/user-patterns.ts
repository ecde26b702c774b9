import "server-only";
// The enabled user-defined patterns of a project, compiled once per version and cached.
import type { Queryable } from "@/lib/db/sql";
import type { UserPattern } from "@/lib/insights/analyse";
import { compilePattern } from "@/lib/insights/patterns/rules/evaluate";
import { patternDefinitionSchema } from "@/lib/insights/patterns/rules/schema";

const cache = new Map<string, { version: number; pattern: UserPattern | null; error: string | null }>();

export interface LoadedPatterns {
  patterns: UserPattern[];
  /** Stored rules that no longer compile (e.g. written by an older version): reported, skipped. */
  invalid: { id: string; message: string }[];
}

export async function loadUserPatterns(q: Queryable, projectId: string, opts: { includeDisabled?: boolean } = {}): Promise<LoadedPatterns> {
  const rows = await q.query<{ id: string; name: string; description: string; scope: string; agent_id: string | null; rule: unknown; version: number }>(
    `SELECT id, name, description, scope, agent_id, rule, version FROM patterns WHERE project_id = $1 AND (enabled OR $2) ORDER BY created_at, id`,
    [projectId, opts.includeDisabled === true],
  );
  const out: LoadedPatterns = { patterns: [], invalid: [] };
  for (const row of rows) {
    const k = `${projectId}\u0000${row.id}`;
    let entry = cache.get(k);
    if (!entry || entry.version !== row.version) {
      const rule = typeof row.rule === "string" ? JSON.parse(row.rule) : row.rule;
      const parsed = patternDefinitionSchema.safeParse({ name: row.name, description: row.description, scope: row.scope, agent: row.agent_id, rule });
      entry = parsed.success
        ? { version: row.version, pattern: { id: row.id, compiled: compilePattern(parsed.data) }, error: null }
        : { version: row.version, pattern: null, error: `The stored rule is invalid: ${parsed.error.issues[0]?.message ?? "unknown"}` };
      cache.set(k, entry);
    }
    if (entry.pattern) out.patterns.push(entry.pattern);
    else out.invalid.push({ id: row.id, message: entry.error ?? "invalid rule" });
  }
  return out;
}
