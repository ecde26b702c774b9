import type { Metadata } from "next";
import type { RawSearchParams } from "@/lib/urls/search-params";
import { SessionsView } from "@/components/sessions/sessions-view";
import { agentFromParams } from "@/lib/server/guards";

export const metadata: Metadata = { title: "Sessions" };

export default async function AgentSessionsPage({ params, searchParams }: { params: Promise<{ agent: string }>; searchParams: Promise<RawSearchParams> }) {
  const agent = await agentFromParams(params);
  return <SessionsView searchParams={await searchParams} agent={agent} />;
}
