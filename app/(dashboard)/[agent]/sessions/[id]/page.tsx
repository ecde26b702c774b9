import type { Metadata } from "next";
import { decodeSegment } from "@/lib/urls/nav";
import { SessionDetailView } from "@/components/sessions/session-detail-view";
import { agentFromParams } from "@/lib/server/guards";

export const metadata: Metadata = { title: "Session" };

export default async function AgentSessionPage({ params }: { params: Promise<{ agent: string; id: string }> }) {
  const agent = await agentFromParams(params);
  return <SessionDetailView sessionId={decodeSegment((await params).id)} agent={agent} />;
}
