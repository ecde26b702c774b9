import type { Metadata } from "next";
import type { RawSearchParams } from "@/lib/urls/search-params";
import { decodeSegment } from "@/lib/urls/nav";
import { PersonView } from "@/components/users/person-view";

export const metadata: Metadata = { title: "Orgs" };

export default async function PersonPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const [{ id }, search] = await Promise.all([params, searchParams]);
  return <PersonView kind="orgs" id={decodeSegment(id)} searchParams={search} />;
}
