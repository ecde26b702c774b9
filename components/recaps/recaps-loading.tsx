import { Skeleton } from "@/components/ui/skeleton";

export function RecapsLoading() {
  return (
    <div className="space-y-3 p-4" aria-busy="true" aria-label="Loading recaps">
      <Skeleton className="h-6 w-48" />
      <Skeleton className="h-64 w-full" />
    </div>
  );
}
