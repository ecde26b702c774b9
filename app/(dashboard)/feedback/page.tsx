import type { Metadata } from "next";
import { FeedbackView } from "@/components/feedback/feedback-view";
import type { RawSearchParams } from "@/lib/urls/search-params";

export const metadata: Metadata = { title: "Feedback" };

export default async function FeedbackPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return <FeedbackView searchParams={await searchParams} />;
}
