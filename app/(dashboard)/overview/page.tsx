import type { Metadata } from "next";
import { OverviewView } from "@/components/overview/overview-view";
import type { RawSearchParams } from "@/lib/urls/search-params";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return <OverviewView searchParams={await searchParams} />;
}
