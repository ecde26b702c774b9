import type { Metadata } from "next";
import { FeedbackView } from "@/components/feedback/feedback-view";
import type { RawSearchParams } from "@/lib/urls/search-params";
import { agentFromParams } from "@/lib/server/guards";

export const metadata: Metadata = { title: "Feedback" };

export default async function AgentFeedbackPage({ params, searchParams }: { params: Promise<{ agent: string }>; searchParams: Promise<RawSearchParams> }) {
  const agent = await agentFromParams(params);
  return <FeedbackView searchParams={await searchParams} agent={agent} />;
}
