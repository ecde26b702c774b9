import type { Metadata } from "next";
import { FailureGroupView } from "@/components/failures/failure-group-view";
import { agentFromParams } from "@/lib/server/guards";
import type { RawSearchParams } from "@/lib/urls/search-params";

export const metadata: Metadata = { title: "Failure group" };

export default async function AgentFailureGroupPage({
  params,
  searchParams,
}: {
  params: Promise<{ agent: string; signature: string }>;
  searchParams: Promise<RawSearchParams>;
}) {
  const [agent, { signature }, search] = await Promise.all([agentFromParams(params), params, searchParams]);
  return <FailureGroupView signature={signature} searchParams={search} agent={agent} />;
}
