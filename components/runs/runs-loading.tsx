import { TableSkeleton } from "@/components/data-table/table-skeleton";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";

/** The runs page while it loads: the same header and table frame as the loaded page. */
export function RunsLoading() {
  return (
    <div className="p-4">
      <PageHeader title={<Skeleton className="h-5 w-24" />} />
      <TableSkeleton columns={["", "Started", "Agent", "Prompt", "User", "Org", "Model", "Duration", "Tokens", "Cost", "Feedback"]} toolbar={7} />
    </div>
  );
}
