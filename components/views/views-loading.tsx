import { PageHeader } from "@/components/ui/page-header";
import { SkeletonLines } from "@/components/ui/skeleton";

export function ViewsLoading() {
  return (
    <div className="space-y-6 p-4">
      <PageHeader title="Views" description="Loading saved views…" />
      <div className="rounded-lg border border-zinc-200 bg-white p-3">
        <SkeletonLines lines={6} />
      </div>
    </div>
  );
}
