import "server-only";
// The 404 guards of dashboard pages. Layouts call them before anything streams, so an unknown
// agent, run, session, topic or recap is a real 404 status; the page calls them again (or its own
// read, which finds nothing) and gets the same answer.
import { notFound } from "next/navigation";
import { cache } from "react";
import { cleanText } from "@/lib/ingest/sanitize";
import { decodeSegment } from "@/lib/urls/nav";
import { getRecap, type RecapDto } from "./data/recaps";
import { getRunHeader, type RunHeaderDto } from "./data/run-detail";
import { getSession, type SessionDetailDto } from "./data/sessions";
import { topicAgentSlug } from "./data/topics";
import { requireViewer } from "./session";
import { agentBySlug, type AgentScope } from "./shell-data";

/** The agent of a `/{agent}/…` page (the [agent] layout already 404s unknown slugs). */
export async function agentFromParams(params: Promise<{ agent: string }>): Promise<AgentScope> {
  const { agent } = await params;
  const viewer = await requireViewer();
  const found = await agentBySlug(viewer.sql, viewer.project.id, decodeSegment(agent));
  if (!found) notFound();
  return found;
}

const loadRunHeader = cache(async (runId: string): Promise<RunHeaderDto | null> => {
  const viewer = await requireViewer();
  return getRunHeader(viewer.sql, viewer.project.id, runId);
});

/** The run, or a 404; under `/{agent}/runs/{id}` a run of another agent is not part of the view. */
export async function requireRun(runId: string, agent: AgentScope | null): Promise<RunHeaderDto> {
  const run = await loadRunHeader(runId);
  if (!run || (agent && run.agent?.slug !== agent.slug)) notFound();
  return run;
}

const loadSession = cache(async (id: string): Promise<SessionDetailDto | null> => {
  const viewer = await requireViewer();
  return getSession(viewer.sql, viewer.project.id, id);
});

/** The session, or a 404 (likewise for another agent's session under `/{agent}/sessions/{id}`). */
export async function requireSession(id: string, agent: AgentScope | null): Promise<SessionDetailDto> {
  const s = await loadSession(id);
  if (!s || (agent && s.agent?.slug !== agent.slug)) notFound();
  return s;
}

/** A 404 unless the project has this topic (under `/{agent}/topics/{id}`, a topic of that agent). */
export async function requireTopic(id: string, agent: AgentScope | null): Promise<void> {
  const viewer = await requireViewer();
  const topic = await topicAgentSlug(viewer.sql, viewer.project.id, id);
  if (!topic || (agent && topic.agentSlug !== agent.slug)) notFound();
}

const loadRecap = cache(async (id: string): Promise<RecapDto | null> => {
  const viewer = await requireViewer();
  return getRecap(viewer.sql, viewer.project.id, id);
});

/** The recap, or a 404 (under `/{agent}/recaps/{id}`, a recap of another agent too). */
export async function requireRecap(id: string, agent: AgentScope | null): Promise<RecapDto> {
  const recap = await loadRecap(id);
  if (!recap || (agent && recap.agentSlug !== agent.slug)) notFound();
  return recap;
}

/** A tool name from the URL as stored text can hold it (no NUL, at most 512 characters), or a 404. */
export async function toolNameFromParams(params: Promise<{ name: string }>): Promise<string> {
  const name = cleanText(decodeSegment((await params).name)).slice(0, 512);
  if (!name.trim()) notFound();
  return name;
}
