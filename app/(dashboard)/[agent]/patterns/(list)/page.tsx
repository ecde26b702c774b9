import type { Metadata } from "next";
import { PatternsView } from "@/components/patterns/patterns-view";
import { agentFromParams } from "@/lib/server/guards";
import type { RawSearchParams } from "@/lib/urls/search-params";

export const metadata: Metadata = { title: "Patterns" };

export default async function AgentPatternsPage({ params, searchParams }: { params: Promise<{ agent: string }>; searchParams: Promise<RawSearchParams> }) {
  const [agent, search] = await Promise.all([agentFromParams(params), searchParams]);
  return <PatternsView searchParams={search} agent={agent} />;
}
