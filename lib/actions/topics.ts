"use server";
// "Re-cluster" on /topics: the engine's topic job for the agent (or every agent) runs at its next
// tick, within seconds; the page shows the request until it has run.
import { refresh } from "next/cache";
import { findAgentBySlug } from "@/lib/server/data/agents";
import { requestRecluster } from "@/lib/server/data/topics";
import { requireViewer } from "@/lib/server/session";

export async function reclusterTopics(formData: FormData): Promise<void> {
  const viewer = await requireViewer();
  const slug = formData.get("agent");
  let agentKey: string | null = null;
  if (typeof slug === "string" && slug) {
    const agent = await findAgentBySlug(viewer.sql, viewer.project.id, slug);
    if (!agent) return;
    agentKey = agent.id;
  }
  await requestRecluster(viewer.sql, viewer.project.id, agentKey);
  refresh();
}
