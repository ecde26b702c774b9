import type { Metadata } from "next";
import type { RawSearchParams } from "@/lib/urls/search-params";
import { PeopleView } from "@/components/users/people-view";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return <PeopleView kind="users" searchParams={await searchParams} />;
}
