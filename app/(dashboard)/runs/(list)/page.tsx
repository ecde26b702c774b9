import type { Metadata } from "next";
import { RunsView } from "@/components/runs/runs-view";
import type { RawSearchParams } from "@/lib/urls/search-params";

export const metadata: Metadata = { title: "Runs" };

export default async function RunsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return <RunsView searchParams={await searchParams} />;
}
