// The plain list table of the insight list pages (recaps, topics): rendered on the server, no
// sorting or column choice (those pages have few rows; the run lists use DataTable), and the
// bordered panel its empty state stands in.
import type { ReactNode } from "react";
import { cn } from "./cn";
import { EmptyState } from "./empty-state";

/** A header cell; numbers are right-aligned under a right-aligned header. */
export function Th({ children, right }: { children?: ReactNode; right?: boolean }) {
  return <th className={cn("px-3 py-2 font-medium", right && "text-right")}>{children}</th>;
}

export function ListTable({ testId, head, children, footer }: { testId: string; head: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm">
      <table className="w-full text-left text-xs" data-testid={testId}>
        <thead className="border-b border-zinc-200 bg-zinc-50 text-2xs uppercase tracking-wide text-zinc-500">
          <tr>{head}</tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">{children}</tbody>
      </table>
      {footer}
    </div>
  );
}

/** The empty state in the panel the table would fill. */
export function EmptyPanel({ title, description }: { title: string; description: string }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white">
      <EmptyState title={title} description={description} />
    </div>
  );
}
