import type { Metadata } from "next";
import { RunsView } from "@/components/runs/runs-view";
import type { RawSearchParams } from "@/lib/urls/search-params";
import { agentFromParams } from "@/lib/server/guards";

export const metadata: Metadata = { title: "Runs" };

export default async function AgentRunsPage({ params, searchParams }: { params: Promise<{ agent: string }>; searchParams: Promise<RawSearchParams> }) {
  const [agent, search] = await Promise.all([agentFromParams(params), searchParams]);
  return <RunsView searchParams={search} agent={agent} />;
}
