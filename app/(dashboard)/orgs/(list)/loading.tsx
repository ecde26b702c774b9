// In a route group so the list's loading boundary does not wrap orgs/[id] (a real 404 first).
import { PeopleLoading } from "@/components/users/people-loading";

export default function Loading() {
  return <PeopleLoading kind="orgs" />;
}
