import { PeopleLoading } from "@/components/users/people-loading";

export default function Loading() {
  return <PeopleLoading kind="orgs" />;
}
