import type { Metadata } from "next";
import { SearchView } from "@/components/search/search-view";
import type { RawSearchParams } from "@/lib/urls/search-params";

export const metadata: Metadata = { title: "Search" };

export default async function SearchPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return <SearchView searchParams={await searchParams} />;
}
