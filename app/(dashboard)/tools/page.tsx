import type { Metadata } from "next";
import { ToolsView } from "@/components/tools/tools-view";
import type { RawSearchParams } from "@/lib/urls/search-params";

export const metadata: Metadata = { title: "Tools" };

export default async function ToolsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return <ToolsView searchParams={await searchParams} />;
}
