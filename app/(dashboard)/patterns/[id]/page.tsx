import type { Metadata } from "next";
import { PatternDetailView } from "@/components/patterns/pattern-detail-view";
import type { RawSearchParams } from "@/lib/urls/search-params";

export const metadata: Metadata = { title: "Pattern" };

export default async function PatternPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const [{ id }, search] = await Promise.all([params, searchParams]);
  return <PatternDetailView id={id} searchParams={search} />;
}
