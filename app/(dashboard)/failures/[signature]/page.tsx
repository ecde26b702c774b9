import type { Metadata } from "next";
import { FailureGroupView } from "@/components/failures/failure-group-view";
import type { RawSearchParams } from "@/lib/urls/search-params";

export const metadata: Metadata = { title: "Failure group" };

export default async function FailureGroupPage({ params, searchParams }: { params: Promise<{ signature: string }>; searchParams: Promise<RawSearchParams> }) {
  const [{ signature }, search] = await Promise.all([params, searchParams]);
  return <FailureGroupView signature={signature} searchParams={search} />;
}
