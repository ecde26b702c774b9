import type { Metadata } from "next";
import { PatternDetailView } from "@/components/patterns/pattern-detail-view";
import { agentFromParams } from "@/lib/server/guards";
import type { RawSearchParams } from "@/lib/urls/search-params";

export const metadata: Metadata = { title: "Pattern" };

export default async function AgentPatternPage({
  params,
  searchParams,
}: {
  params: Promise<{ agent: string; id: string }>;
  searchParams: Promise<RawSearchParams>;
}) {
  const [agent, { id }, search] = await Promise.all([agentFromParams(params), params, searchParams]);
  return <PatternDetailView id={id} searchParams={search} agent={agent} />;
}
