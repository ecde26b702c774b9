import type { ReactNode } from "react";
import { requireRun } from "@/components/run-detail/run-detail-view";
import { agentFromParams } from "@/lib/server/agent-scope";
import { decodeSegment } from "@/components/shell/nav";

// Resolves the run above the loading boundary, so an unknown run (or another agent's) is a real 404.
export default async function AgentRunLayout({ children, params }: { children: ReactNode; params: Promise<{ agent: string; id: string }> }) {
  const [agent, { id }] = await Promise.all([agentFromParams(params), params]);
  await requireRun(decodeSegment(id), agent);
  return children;
}
