import type { Metadata } from "next";
import { ToolsView } from "@/components/tools/tools-view";
import type { RawSearchParams } from "@/lib/urls/search-params";
import { agentFromParams } from "@/lib/server/guards";

export const metadata: Metadata = { title: "Tools" };

export default async function AgentToolsPage({ params, searchParams }: { params: Promise<{ agent: string }>; searchParams: Promise<RawSearchParams> }) {
  const agent = await agentFromParams(params);
  return <ToolsView searchParams={await searchParams} agent={agent} />;
}
