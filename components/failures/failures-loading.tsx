import { TableSkeleton } from "@/components/data-table/table-skeleton";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";

/** The failures page while it loads: the same header and table frame as the loaded page. */
export function FailuresLoading() {
  return (
    <div className="p-4">
      <PageHeader title={<Skeleton className="h-5 w-24" />} />
      <TableSkeleton columns={["Error", "Category", "Count", "Runs", "Users", "Trend", "First seen", "Last seen"]} toolbar={5} />
    </div>
  );
}
