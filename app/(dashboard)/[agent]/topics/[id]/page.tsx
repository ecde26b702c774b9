import type { Metadata } from "next";
import { decodeSegment } from "@/lib/urls/nav";
import type { RawSearchParams } from "@/lib/urls/search-params";
import { TopicDetailView } from "@/components/topics/topic-detail-view";
import { agentFromParams } from "@/lib/server/guards";

export const metadata: Metadata = { title: "Topic" };

export default async function AgentTopicPage({
  params,
  searchParams,
}: {
  params: Promise<{ agent: string; id: string }>;
  searchParams: Promise<RawSearchParams>;
}) {
  const agent = await agentFromParams(params);
  return <TopicDetailView topicId={decodeSegment((await params).id)} searchParams={await searchParams} agent={agent} />;
}
