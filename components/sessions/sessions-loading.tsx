import { TableSkeleton } from "@/components/data-table/table-skeleton";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";

export function SessionsLoading() {
  return (
    <div className="p-4">
      <PageHeader title={<Skeleton className="h-5 w-28" />} />
      <TableSkeleton columns={["Last run", "Session", "Agent", "User", "Org", "Runs", "Failed", "Feedback", "Type"]} toolbar={6} />
    </div>
  );
}
