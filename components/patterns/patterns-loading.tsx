import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton, SkeletonLines } from "@/components/ui/skeleton";

/** The patterns page while it loads: the same grid of cards. */
export function PatternsLoading() {
  return (
    <div className="space-y-3 p-4" aria-busy="true">
      <PageHeader title={<Skeleton className="h-5 w-24" />} description={<Skeleton className="mt-1 h-3 w-72" />} />
      <div className="grid gap-3 xl:grid-cols-2">
        {Array.from({ length: 4 }, (_, i) => (
          <Card key={i} className="space-y-3 p-3">
            <Skeleton className="h-4 w-40" />
            <div className="flex gap-5">
              {Array.from({ length: 4 }, (_, j) => (
                <Skeleton key={j} className="h-8 w-12" />
              ))}
            </div>
            <SkeletonLines lines={3} />
          </Card>
        ))}
      </div>
    </div>
  );
}
