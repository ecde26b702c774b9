import type { Metadata } from "next";
import { PatternsView } from "@/components/patterns/patterns-view";
import type { RawSearchParams } from "@/lib/urls/search-params";

export const metadata: Metadata = { title: "Patterns" };

export default async function PatternsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return <PatternsView searchParams={await searchParams} />;
}
