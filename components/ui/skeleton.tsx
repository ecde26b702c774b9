import { cn } from "./cn";

/** A grey placeholder block; loading states compose these inside the same layout as the loaded page. */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={cn("animate-pulse rounded bg-zinc-200/70", className)} />;
}

export function SkeletonLines({ lines = 3, className }: { lines?: number; className?: string }) {
  return (
    <div className={cn("space-y-2", className)} aria-hidden>
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} className={cn("h-3", i === lines - 1 ? "w-2/3" : "w-full")} />
      ))}
    </div>
  );
}

/** The loading state of a page that is a title over one panel (the insight lists and their details). */
export function PanelPageLoading({ label }: { label: string }) {
  return (
    <div className="space-y-3 p-4" aria-busy="true" aria-label={label}>
      <Skeleton className="h-6 w-48" />
      <Skeleton className="h-64 w-full" />
    </div>
  );
}
