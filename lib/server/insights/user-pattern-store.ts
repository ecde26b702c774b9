import "server-only";
// Create, edit, enable/disable and delete user-defined patterns. Input is validated with the
// rule schema (a clear message per problem); creating or editing starts a backfill over the chosen
// window so the pattern's page fills with past runs too.
import crypto from "node:crypto";
import type { Queryable } from "@/lib/db/sql";
import { describeRuleErrors, patternDefinitionSchema, type PatternDefinition } from "@/lib/insights/patterns/rules/schema";
import { startBackfill } from "./backfill";

export const DEFAULT_BACKFILL_DAYS = 30;
export const MAX_BACKFILL_DAYS = 400;
export const MAX_PATTERNS_PER_PROJECT = 100;

export class PatternInputError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly code = "invalid_pattern",
  ) {
    super(message);
  }
}

export interface UserPatternRow {
  id: string;
  name: string;
  description: string;
  scope: "conversational" | "all";
  agentId: string | null;
  rule: PatternDefinition["rule"];
  enabled: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

type Row = {
  id: string;
  name: string;
  description: string;
  scope: string;
  agent_id: string | null;
  rule: unknown;
  enabled: boolean;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
};

const toPattern = (r: Row): UserPatternRow => ({
  id: r.id,
  name: r.name,
  description: r.description,
  scope: r.scope === "all" ? "all" : "conversational",
  agentId: r.agent_id,
  rule: (typeof r.rule === "string" ? JSON.parse(r.rule) : r.rule) as PatternDefinition["rule"],
  enabled: r.enabled,
  version: r.version,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

const COLUMNS = "id, name, description, scope, agent_id, rule, enabled, version, created_at, updated_at";

/** Parses a pattern as the dashboard or an API client sent it; throws PatternInputError. */
export async function parsePatternInput(q: Queryable, projectId: string, input: unknown): Promise<PatternDefinition> {
  const parsed = patternDefinitionSchema.safeParse(input);
  if (!parsed.success) throw new PatternInputError(describeRuleErrors(parsed.error));
  const def = parsed.data;
  if (def.agent !== null) {
    const rows = await q.query(`SELECT 1 FROM agents WHERE project_id = $1 AND id = $2`, [projectId, def.agent]);
    if (!rows.length) throw new PatternInputError(`agent: no agent with id "${def.agent}" in this project`);
  }
  return def;
}

export async function listUserPatterns(q: Queryable, projectId: string): Promise<UserPatternRow[]> {
  const rows = await q.query<Row>(`SELECT ${COLUMNS} FROM patterns WHERE project_id = $1 ORDER BY created_at, id`, [projectId]);
  return rows.map(toPattern);
}

export async function getUserPattern(q: Queryable, projectId: string, id: string): Promise<UserPatternRow | null> {
  const [row] = await q.query<Row>(`SELECT ${COLUMNS} FROM patterns WHERE project_id = $1 AND id = $2`, [projectId, id]);
  return row ? toPattern(row) : null;
}

function backfillWindow(days: number | undefined): { from: Date; to: Date } {
  const d = days ?? DEFAULT_BACKFILL_DAYS;
  if (!Number.isInteger(d) || d < 0 || d > MAX_BACKFILL_DAYS)
    throw new PatternInputError(`backfillDays: must be a whole number from 0 to ${MAX_BACKFILL_DAYS}`);
  const to = new Date();
  return { from: new Date(to.getTime() - d * 86_400_000), to };
}

export async function createUserPattern(q: Queryable, projectId: string, input: unknown, opts: { backfillDays?: number } = {}): Promise<UserPatternRow> {
  const def = await parsePatternInput(q, projectId, input);
  const window = backfillWindow(opts.backfillDays);
  const [{ n } = { n: "0" }] = await q.query<{ n: string }>(`SELECT count(*)::text AS n FROM patterns WHERE project_id = $1`, [projectId]);
  if (Number(n) >= MAX_PATTERNS_PER_PROJECT)
    throw new PatternInputError(`A project can have at most ${MAX_PATTERNS_PER_PROJECT} patterns; delete one first.`, 409, "too_many_patterns");
  const id = `pat_${crypto.randomBytes(8).toString("hex")}`;
  const [row] = await q.query<Row>(
    `INSERT INTO patterns (project_id, id, name, description, scope, agent_id, rule) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
    [projectId, id, def.name, def.description, def.scope, def.agent, JSON.stringify(def.rule)],
  );
  const pattern = toPattern(row!);
  if (window.to > window.from) await startBackfill(q, projectId, pattern.id, pattern.version, window);
  return pattern;
}

/** Replaces a pattern's definition; its old results are replaced by a new backfill. */
export async function updateUserPattern(
  q: Queryable,
  projectId: string,
  id: string,
  input: unknown,
  opts: { backfillDays?: number } = {},
): Promise<UserPatternRow | null> {
  const def = await parsePatternInput(q, projectId, input);
  const window = backfillWindow(opts.backfillDays);
  const [row] = await q.query<Row>(
    `UPDATE patterns SET name = $3, description = $4, scope = $5, agent_id = $6, rule = $7, version = version + 1, updated_at = now()
     WHERE project_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [projectId, id, def.name, def.description, def.scope, def.agent, JSON.stringify(def.rule)],
  );
  if (!row) return null;
  const pattern = toPattern(row);
  // Results of the old rule outside the new window would linger: they go now.
  await q.query(`DELETE FROM run_patterns WHERE project_id = $1 AND pattern_id = $2`, [projectId, id]);
  if (window.to > window.from) await startBackfill(q, projectId, id, pattern.version, window);
  return pattern;
}

export async function setUserPatternEnabled(q: Queryable, projectId: string, id: string, enabled: boolean): Promise<UserPatternRow | null> {
  const [row] = await q.query<Row>(`UPDATE patterns SET enabled = $3, updated_at = now() WHERE project_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [
    projectId,
    id,
    enabled,
  ]);
  return row ? toPattern(row) : null;
}

export async function deleteUserPattern(q: Queryable, projectId: string, id: string): Promise<boolean> {
  const rows = await q.query(`DELETE FROM patterns WHERE project_id = $1 AND id = $2 RETURNING id`, [projectId, id]);
  if (!rows.length) return false;
  await q.query(`DELETE FROM run_patterns WHERE project_id = $1 AND pattern_id = $2`, [projectId, id]);
  await q.query(`UPDATE pattern_backfills SET status = 'superseded', updated_at = now() WHERE project_id = $1 AND pattern_id = $2 AND status = 'running'`, [
    projectId,
    id,
  ]);
  return true;
}
