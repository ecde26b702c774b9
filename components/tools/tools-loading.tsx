import { TableSkeleton } from "@/components/data-table/table-skeleton";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";

/** The tools page (or a tool's page) while it loads. */
export function ToolsLoading() {
  return (
    <div className="space-y-3 p-4">
      <PageHeader title={<Skeleton className="h-5 w-24" />} />
      <Card>
        <CardHeader title="Tool calls and errors" />
        <CardBody>
          <Skeleton className="h-[180px] w-full" />
        </CardBody>
      </Card>
      <TableSkeleton columns={["Tool", "Calls", "Errors", "Error rate", "p50", "p95", "Runs", "Last called", "Top errors"]} toolbar={0} />
    </div>
  );
}
