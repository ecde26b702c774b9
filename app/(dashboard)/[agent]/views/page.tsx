import type { Metadata } from "next";
import { ViewsView } from "@/components/views/views-view";
import { agentFromParams } from "@/lib/server/guards";

export const metadata: Metadata = { title: "Views" };

export default async function AgentViewsPage({ params }: { params: Promise<{ agent: string }> }) {
  return <ViewsView agent={await agentFromParams(params)} />;
}
