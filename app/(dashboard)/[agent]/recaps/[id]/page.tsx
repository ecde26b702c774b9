import type { Metadata } from "next";
import { decodeSegment } from "@/lib/urls/nav";
import { RecapDetailView } from "@/components/recaps/recap-detail-view";
import { agentFromParams } from "@/lib/server/guards";

export const metadata: Metadata = { title: "Recap" };

export default async function AgentRecapPage({ params }: { params: Promise<{ agent: string; id: string }> }) {
  const agent = await agentFromParams(params);
  return <RecapDetailView recapId={decodeSegment((await params).id)} agent={agent} />;
}
