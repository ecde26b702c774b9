import type { ReactNode } from "react";
import { cn } from "./cn";

/** A dense two-column list of labelled values (run header, span detail). */
export function KeyValues({ items, className }: { items: Array<[ReactNode, ReactNode] | null | false>; className?: string }) {
  return (
    <dl className={cn("grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-xs", className)}>
      {items.filter(Boolean).map((item, i) => {
        const [k, v] = item as [ReactNode, ReactNode];
        return (
          <div key={i} className="contents">
            <dt className="text-zinc-500">{k}</dt>
            <dd className="min-w-0 break-words text-zinc-900">{v}</dd>
          </div>
        );
      })}
    </dl>
  );
}
