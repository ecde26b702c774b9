"use server";
// "Re-cluster" on /topics: the engine's topic job for the agent (or every agent) runs at its next
// tick, within seconds; the page shows the request until it has run.
import { refresh } from "next/cache";
import { cleanText } from "@/lib/ingest/sanitize";
import { findAgentBySlug } from "@/lib/server/data/agents";
import { requestRecluster } from "@/lib/server/data/topics";
import { requireViewer } from "@/lib/server/session";

// A server action can be called with any arguments, not only the form its page sends: anything
// but FormData is ignored (no re-clustering nobody asked for), and the slug is cleaned as stored text.
export async function reclusterTopics(formData: unknown): Promise<void> {
  const viewer = await requireViewer();
  if (!(formData instanceof FormData)) return;
  const raw = formData.get("agent");
  const slug = typeof raw === "string" ? cleanText(raw).slice(0, 200) : null;
  let agentKey: string | null = null;
  if (typeof slug === "string" && slug) {
    const agent = await findAgentBySlug(viewer.sql, viewer.project.id, slug);
    if (!agent) return;
    agentKey = agent.id;
  }
  await requestRecluster(viewer.sql, viewer.project.id, agentKey);
  refresh();
}
