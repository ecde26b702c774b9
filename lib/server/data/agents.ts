import "server-only";
// Agents of a project (tcc.agent): the agent selector's list and the lookups behind `/{agent}/…`
// pages and the `agent=` filter. Ingestion creates agents (lib/server/ingest/agents.ts).
import type { Queryable } from "@/lib/db/sql";

export interface AgentRef {
  id: string;
  name: string;
  slug: string;
}

export type AgentSummary = Omit<AgentRef, "id">;

/** Agents in display order (the agent selector shows at most 500). */
export async function listAgents(q: Queryable, projectId: string): Promise<AgentSummary[]> {
  const rows = await q.query<AgentSummary>(`SELECT name, slug FROM agents WHERE project_id = $1 ORDER BY lower(name), slug LIMIT 500`, [projectId]);
  return rows.map((r) => ({ name: r.name, slug: r.slug }));
}

/** The agent of a `/{agent}/…` URL: by slug only. */
export async function findAgentBySlug(q: Queryable, projectId: string, slug: string): Promise<AgentRef | null> {
  const rows = await q.query<AgentRef>(`SELECT id, name, slug FROM agents WHERE project_id = $1 AND slug = $2`, [projectId, slug]);
  return rows[0] ?? null;
}

/** The agent of an `agent=` filter: by slug or name (the REST API takes either); null when unknown. */
export async function findAgent(q: Queryable, projectId: string, slugOrName: string): Promise<AgentRef | null> {
  const rows = await q.query<AgentRef>(
    `SELECT id, name, slug FROM agents WHERE project_id = $1 AND (slug = $2 OR name = $2) ORDER BY (slug = $2) DESC LIMIT 1`,
    [projectId, slugOrName],
  );
  return rows[0] ?? null;
}
