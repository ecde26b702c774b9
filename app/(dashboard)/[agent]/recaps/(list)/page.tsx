import type { Metadata } from "next";
import type { RawSearchParams } from "@/lib/urls/search-params";
import { RecapsView } from "@/components/recaps/recaps-view";
import { agentFromParams } from "@/lib/server/guards";

export const metadata: Metadata = { title: "Recaps" };

export default async function AgentRecapsPage({ params, searchParams }: { params: Promise<{ agent: string }>; searchParams: Promise<RawSearchParams> }) {
  const agent = await agentFromParams(params);
  return <RecapsView searchParams={await searchParams} agent={agent} />;
}
