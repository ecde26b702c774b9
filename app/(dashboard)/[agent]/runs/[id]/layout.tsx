import type { ReactNode } from "react";
import { agentFromParams, requireRun } from "@/lib/server/guards";
import { decodeSegment } from "@/lib/urls/nav";

// Resolves the run above the loading boundary, so an unknown run (or another agent's) is a real 404.
export default async function AgentRunLayout({ children, params }: { children: ReactNode; params: Promise<{ agent: string; id: string }> }) {
  const [agent, { id }] = await Promise.all([agentFromParams(params), params]);
  await requireRun(decodeSegment(id), agent);
  return children;
}
