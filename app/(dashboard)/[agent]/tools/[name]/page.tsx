import type { Metadata } from "next";
import { ToolView } from "@/components/tools/tool-view";
import { agentFromParams, toolNameFromParams } from "@/lib/server/guards";
import type { RawSearchParams } from "@/lib/urls/search-params";

export const metadata: Metadata = { title: "Tool" };

export default async function AgentToolPage({
  params,
  searchParams,
}: {
  params: Promise<{ agent: string; name: string }>;
  searchParams: Promise<RawSearchParams>;
}) {
  const [agent, name, search] = await Promise.all([agentFromParams(params), toolNameFromParams(params), searchParams]);
  return <ToolView name={name} searchParams={search} agent={agent} />;
}
