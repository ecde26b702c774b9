import type { Metadata } from "next";
import { SearchView } from "@/components/search/search-view";
import { agentFromParams } from "@/lib/server/guards";
import type { RawSearchParams } from "@/lib/urls/search-params";

export const metadata: Metadata = { title: "Search" };

export default async function AgentSearchPage({ params, searchParams }: { params: Promise<{ agent: string }>; searchParams: Promise<RawSearchParams> }) {
  const [agent, search] = await Promise.all([agentFromParams(params), searchParams]);
  return <SearchView searchParams={search} agent={agent} />;
}
