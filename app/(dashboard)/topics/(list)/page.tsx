import type { Metadata } from "next";
import type { RawSearchParams } from "@/lib/urls/search-params";
import { TopicsView } from "@/components/topics/topics-view";

export const metadata: Metadata = { title: "Topics" };

export default async function TopicsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return <TopicsView searchParams={await searchParams} />;
}
