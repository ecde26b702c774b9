import type { Metadata } from "next";
import { decodeSegment } from "@/lib/urls/nav";
import { RecapDetailView } from "@/components/recaps/recap-detail-view";

export const metadata: Metadata = { title: "Recap" };

export default async function RecapPage({ params }: { params: Promise<{ id: string }> }) {
  return <RecapDetailView recapId={decodeSegment((await params).id)} />;
}
