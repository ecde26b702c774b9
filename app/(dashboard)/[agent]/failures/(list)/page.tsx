import type { Metadata } from "next";
import { FailuresView } from "@/components/failures/failures-view";
import { agentFromParams } from "@/lib/server/guards";
import type { RawSearchParams } from "@/lib/urls/search-params";

export const metadata: Metadata = { title: "Failures" };

export default async function AgentFailuresPage({ params, searchParams }: { params: Promise<{ agent: string }>; searchParams: Promise<RawSearchParams> }) {
  const [agent, search] = await Promise.all([agentFromParams(params), searchParams]);
  return <FailuresView searchParams={search} agent={agent} />;
}
