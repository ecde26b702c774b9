import type { ReactNode } from "react";
import { agentFromParams, requireTopic } from "@/lib/server/guards";
import { decodeSegment } from "@/lib/urls/nav";

// Resolves the topic above the loading boundary, so an unknown topic (or another agent's) is a real 404.
export default async function AgentTopicLayout({ children, params }: { children: ReactNode; params: Promise<{ agent: string; id: string }> }) {
  const [agent, { id }] = await Promise.all([agentFromParams(params), params]);
  await requireTopic(decodeSegment(id), agent);
  return children;
}
