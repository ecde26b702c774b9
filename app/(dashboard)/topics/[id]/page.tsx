import type { Metadata } from "next";
import { decodeSegment } from "@/lib/urls/nav";
import type { RawSearchParams } from "@/lib/urls/search-params";
import { TopicDetailView } from "@/components/topics/topic-detail-view";

export const metadata: Metadata = { title: "Topic" };

export default async function TopicPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const { id } = await params;
  return <TopicDetailView topicId={decodeSegment(id)} searchParams={await searchParams} />;
}
