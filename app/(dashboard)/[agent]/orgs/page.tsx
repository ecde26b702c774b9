import type { Metadata } from "next";
import type { RawSearchParams } from "@/lib/urls/search-params";
import { PeopleView } from "@/components/users/people-view";
import { agentFromParams } from "@/lib/server/guards";

export const metadata: Metadata = { title: "Orgs" };

export default async function AgentOrgsPage({ params, searchParams }: { params: Promise<{ agent: string }>; searchParams: Promise<RawSearchParams> }) {
  const agent = await agentFromParams(params);
  return <PeopleView kind="orgs" searchParams={await searchParams} agent={agent} />;
}
