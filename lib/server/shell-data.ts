import "server-only";
// Small reads the dashboard frame needs on every page: the project's agents (agent selector)
// and the URL this instance is reached at (snippets in empty states).
import { headers } from "next/headers";
import { cache } from "react";
import type { Queryable } from "@/lib/db/sql";
import { env } from "@/lib/env";

export interface AgentSummary {
  name: string;
  slug: string;
}

export const listAgents = cache(async (q: Queryable, projectId: string): Promise<AgentSummary[]> => {
  return q.query<AgentSummary & Record<string, unknown>>(`SELECT name, slug FROM agents WHERE project_id = $1 ORDER BY lower(name), slug LIMIT 500`, [
    projectId,
  ]);
});

/** The base URL SDKs should send to: configured, else the one this request came in on. */
export async function publicBaseUrl(): Promise<string> {
  const e = env();
  if (e.SIGHTLINE_PUBLIC_URL) return e.SIGHTLINE_PUBLIC_URL.replace(/\/+$/, "");
  if (e.NEXTAUTH_URL) return e.NEXTAUTH_URL.replace(/\/+$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host");
  const proto = h.get("x-forwarded-proto") ?? "http";
  return host ? `${proto}://${host}` : `http://localhost:${e.PORT}`;
}

export interface AgentScope {
  id: string;
  name: string;
  slug: string;
}

/** The agent of a `/{agent}/…` URL, by slug only (cached for the request: layout and page share it). */
export const findAgentBySlug = cache(async (q: Queryable, projectId: string, slug: string): Promise<AgentScope | null> => {
  const rows = await q.query<AgentScope & Record<string, unknown>>(`SELECT id, name, slug FROM agents WHERE project_id = $1 AND slug = $2`, [projectId, slug]);
  return rows[0] ?? null;
});
