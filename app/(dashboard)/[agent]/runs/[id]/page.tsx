import type { Metadata } from "next";
import { RunDetailView } from "@/components/run-detail/run-detail-view";
import { agentFromParams } from "@/lib/server/guards";
import { decodeSegment } from "@/lib/urls/nav";

export const metadata: Metadata = { title: "Run" };

export default async function AgentRunPage({
  params,
  searchParams,
}: {
  params: Promise<{ agent: string; id: string }>;
  searchParams: Promise<{ node?: string | string[] }>;
}) {
  const [agent, { id }, { node }] = await Promise.all([agentFromParams(params), params, searchParams]);
  return <RunDetailView runId={decodeSegment(id)} agent={agent} node={typeof node === "string" ? node : null} />;
}
