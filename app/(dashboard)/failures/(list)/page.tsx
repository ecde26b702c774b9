import type { Metadata } from "next";
import { FailuresView } from "@/components/failures/failures-view";
import type { RawSearchParams } from "@/lib/urls/search-params";

export const metadata: Metadata = { title: "Failures" };

export default async function FailuresPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return <FailuresView searchParams={await searchParams} />;
}
