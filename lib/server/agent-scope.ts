import "server-only";
import { notFound } from "next/navigation";
import { requireViewer } from "./session";
import { findAgentBySlug, type AgentScope } from "./shell-data";
import { decodeSegment } from "@/components/shell/nav";

/** The agent of a `/{agent}/…` page (the [agent] layout already 404s unknown slugs). */
export async function agentFromParams(params: Promise<{ agent: string }>): Promise<AgentScope> {
  const { agent } = await params;
  const viewer = await requireViewer();
  const found = await findAgentBySlug(viewer.sql, viewer.project.id, decodeSegment(agent));
  if (!found) notFound();
  return found;
}
