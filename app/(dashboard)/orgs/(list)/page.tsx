import type { Metadata } from "next";
import type { RawSearchParams } from "@/lib/urls/search-params";
import { PeopleView } from "@/components/users/people-view";

export const metadata: Metadata = { title: "Orgs" };

export default async function OrgsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return <PeopleView kind="orgs" searchParams={await searchParams} />;
}
