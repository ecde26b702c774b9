import type { ReactNode } from "react";
import { decodeSegment } from "@/lib/urls/nav";
import { agentFromParams, requireSession } from "@/lib/server/guards";

// A session of another agent is not part of /{agent}/sessions: a real 404 before streaming.
export default async function AgentSessionLayout({ children, params }: { children: ReactNode; params: Promise<{ agent: string; id: string }> }) {
  const agent = await agentFromParams(params);
  await requireSession(decodeSegment((await params).id), agent);
  return children;
}
