import type { Metadata } from "next";
import { OverviewView } from "@/components/overview/overview-view";
import type { RawSearchParams } from "@/lib/urls/search-params";
import { agentFromParams } from "@/lib/server/guards";

export const metadata: Metadata = { title: "Overview" };

export default async function AgentOverviewPage({ params, searchParams }: { params: Promise<{ agent: string }>; searchParams: Promise<RawSearchParams> }) {
  const agent = await agentFromParams(params);
  return <OverviewView searchParams={await searchParams} agent={agent} />;
}
