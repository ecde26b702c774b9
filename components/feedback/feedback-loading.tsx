import { TableSkeleton } from "@/components/data-table/table-skeleton";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";

export function FeedbackLoading() {
  return (
    <div className="space-y-3 p-4">
      <PageHeader title={<Skeleton className="h-5 w-28" />} />
      <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-[58px] rounded-lg" />
        ))}
      </div>
      <TableSkeleton columns={["Given", "Score", "Text", "Agent", "User", "Org", "Run"]} toolbar={4} />
    </div>
  );
}
