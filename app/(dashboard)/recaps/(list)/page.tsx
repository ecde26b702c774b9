import type { Metadata } from "next";
import type { RawSearchParams } from "@/lib/urls/search-params";
import { RecapsView } from "@/components/recaps/recaps-view";

export const metadata: Metadata = { title: "Recaps" };

export default async function RecapsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return <RecapsView searchParams={await searchParams} />;
}
