import { Skeleton, SkeletonLines } from "@/components/ui/skeleton";

/** The run page while it loads: header, feedback and timeline frames with grey content. */
export function RunDetailLoading() {
  return (
    <div className="space-y-3 p-4" aria-busy="true" aria-label="Loading run">
      <div className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="rounded-lg border border-zinc-200 bg-white p-3 shadow-sm">
          <Skeleton className="mb-3 h-5 w-80" />
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
            {Array.from({ length: 12 }, (_, i) => (
              <SkeletonLines key={i} lines={2} />
            ))}
          </div>
        </div>
        <div className="rounded-lg border border-zinc-200 bg-white p-3 shadow-sm">
          <SkeletonLines lines={4} />
        </div>
      </div>
      <div className="grid h-[calc(100vh-13rem)] min-h-[28rem] grid-cols-[minmax(0,1fr)_42%] gap-0 overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-sm">
        <div className="space-y-2 border-r border-zinc-200 p-3">
          {Array.from({ length: 14 }, (_, i) => (
            <div key={i} className="flex items-center gap-3">
              <Skeleton className="h-3 w-40" />
              <Skeleton className="h-2.5 flex-1" />
            </div>
          ))}
        </div>
        <div className="p-3">
          <SkeletonLines lines={8} />
        </div>
      </div>
    </div>
  );
}
