import { Skeleton } from "@/components/ui/skeleton";

/** The loading state of a DataTable: the same frame, toolbar and header, with grey rows. */
export function TableSkeleton({ columns, rows = 12, toolbar = 4 }: { columns: string[]; rows?: number; toolbar?: number }) {
  return (
    <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-sm" aria-busy="true" aria-label="Loading">
      <div className="flex min-h-10 items-center gap-1.5 border-b border-zinc-200 px-2 py-1.5">
        {Array.from({ length: toolbar }, (_, i) => (
          <Skeleton key={i} className="h-7 w-28" />
        ))}
        <div className="flex-1" />
        <Skeleton className="h-7 w-20" />
      </div>
      <div className="h-0.5" />
      <table className="w-full text-xs">
        <thead>
          <tr className="border-b border-zinc-200 bg-zinc-50/80">
            {columns.map((c) => (
              <th key={c} className="h-8 px-2 text-left font-medium text-zinc-500">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, r) => (
            <tr key={r} className="h-8 border-b border-zinc-100">
              {columns.map((c, i) => (
                <td key={c} className="px-2">
                  <Skeleton className={i === 2 ? "h-3 w-4/5" : "h-3 w-12"} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
