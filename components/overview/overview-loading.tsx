import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { KpiGrid } from "./kpi";

/** The overview while it loads: the same header, tiles and chart cards as the loaded page. */
export function OverviewLoading() {
  return (
    <div className="space-y-3 p-4">
      <PageHeader title={<Skeleton className="h-5 w-28" />} />
      <KpiGrid>
        {Array.from({ length: 10 }, (_, i) => (
          <div key={i} className="rounded-lg border border-zinc-200 bg-white px-3 py-2.5 shadow-sm">
            <Skeleton className="h-3 w-20" />
            <Skeleton className="mt-2 h-5 w-16" />
          </div>
        ))}
      </KpiGrid>
      <div className="grid gap-3 lg:grid-cols-2">
        {["Runs and failures", "Latency", "Cost", "Feedback"].map((t) => (
          <Card key={t}>
            <CardHeader title={t} />
            <CardBody>
              <Skeleton className="h-[180px] w-full" />
            </CardBody>
          </Card>
        ))}
      </div>
    </div>
  );
}
