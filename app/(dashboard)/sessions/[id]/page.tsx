import type { Metadata } from "next";
import { decodeSegment } from "@/lib/urls/nav";
import { SessionDetailView } from "@/components/sessions/session-detail-view";

export const metadata: Metadata = { title: "Session" };

export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <SessionDetailView sessionId={decodeSegment(id)} />;
}
