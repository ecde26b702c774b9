import type { Metadata } from "next";
import { RunDetailView } from "@/components/run-detail/run-detail-view";
import { decodeSegment } from "@/lib/urls/nav";

export const metadata: Metadata = { title: "Run" };

export default async function RunPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ node?: string | string[] }> }) {
  const [{ id }, { node }] = await Promise.all([params, searchParams]);
  return <RunDetailView runId={decodeSegment(id)} node={typeof node === "string" ? node : null} />;
}
