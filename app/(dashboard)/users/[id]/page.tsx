import type { Metadata } from "next";
import type { RawSearchParams } from "@/lib/urls/search-params";
import { decodeSegment } from "@/lib/urls/nav";
import { PersonView } from "@/components/users/person-view";

export const metadata: Metadata = { title: "Users" };

export default async function PersonPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const [{ id }, search] = await Promise.all([params, searchParams]);
  return <PersonView kind="users" id={decodeSegment(id)} searchParams={search} />;
}
