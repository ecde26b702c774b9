import type { Metadata } from "next";
import type { RawSearchParams } from "@/lib/urls/search-params";
import { TopicsView } from "@/components/topics/topics-view";
import { agentFromParams } from "@/lib/server/guards";

export const metadata: Metadata = { title: "Topics" };

export default async function AgentTopicsPage({ params, searchParams }: { params: Promise<{ agent: string }>; searchParams: Promise<RawSearchParams> }) {
  const agent = await agentFromParams(params);
  return <TopicsView searchParams={await searchParams} agent={agent} />;
}
