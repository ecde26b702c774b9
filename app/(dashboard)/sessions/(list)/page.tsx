import type { Metadata } from "next";
import type { RawSearchParams } from "@/lib/urls/search-params";
import { SessionsView } from "@/components/sessions/sessions-view";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return <SessionsView searchParams={await searchParams} />;
}
