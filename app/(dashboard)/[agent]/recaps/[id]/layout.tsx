import type { ReactNode } from "react";
import { agentFromParams, requireRecap } from "@/lib/server/guards";
import { decodeSegment } from "@/lib/urls/nav";

// Resolves the recap above the loading boundary, so an unknown recap (or another agent's) is a real 404.
export default async function AgentRecapLayout({ children, params }: { children: ReactNode; params: Promise<{ agent: string; id: string }> }) {
  const [agent, { id }] = await Promise.all([agentFromParams(params), params]);
  await requireRecap(decodeSegment(id), agent);
  return children;
}
