import "server-only";
// What the dashboard frame needs on every page, cached for the request (the layout, the page and
// the guards share one lookup): the project's agents (agent selector), the agent of a
// `/{agent}/…` URL, and the URL this instance is reached at (snippets in empty states).
import { headers } from "next/headers";
import { cache } from "react";
import { env } from "@/lib/env";
import { findAgentBySlug, listAgents } from "./data/agents";

export type { AgentRef as AgentScope, AgentSummary } from "./data/agents";

export const projectAgents = cache(listAgents);

export const agentBySlug = cache(findAgentBySlug);

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
