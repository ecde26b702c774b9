import type { Metadata } from "next";
import { ToolView } from "@/components/tools/tool-view";
import { toolNameFromParams } from "@/lib/server/guards";
import type { RawSearchParams } from "@/lib/urls/search-params";

export const metadata: Metadata = { title: "Tool" };

export default async function ToolPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<RawSearchParams> }) {
  const [name, search] = await Promise.all([toolNameFromParams(params), searchParams]);
  return <ToolView name={name} searchParams={search} />;
}
