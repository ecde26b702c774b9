import { TableSkeleton } from "@/components/data-table/table-skeleton";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";

export function PeopleLoading({ kind }: { kind: "users" | "orgs" }) {
  return (
    <div className="p-4">
      <PageHeader title={<Skeleton className="h-5 w-24" />} />
      <TableSkeleton
        columns={[
          kind === "users" ? "User" : "Organisation",
          kind === "users" ? "Org" : "Users",
          "Runs",
          "Sessions",
          "Failure rate",
          "Thumbs up",
          "Thumbs down",
          "Cost",
          "Last seen",
        ]}
        toolbar={kind === "users" ? 1 : 0}
      />
    </div>
  );
}
