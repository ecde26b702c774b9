"use client";
import { ChevronRight, ChevronsLeft } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { useUrlState } from "./use-url-state";

/**
 * Keyset paging: "Next" puts the page's nextCursor in the URL; "First page" drops it. The browser's
 * back button returns to the previous page (each page is its own URL). The wording says nothing
 * of the order: lists sorted by count or rank share this pager with lists sorted by time.
 */
export function KeysetPager({ nextCursor, count, noun = "rows", status }: { nextCursor: string | null; count: number; noun?: string; status?: ReactNode }) {
  const { params, set, pending } = useUrlState();
  const onLaterPage = params.has("cursor");
  return (
    <>
      <span className="flex items-center gap-3 text-xs text-zinc-500 tabular">
        <span>
          {count} {noun}
          {onLaterPage ? " (later page)" : ""}
        </span>
        {status}
      </span>
      <div className="flex items-center gap-1.5">
        <Button size="xs" variant="ghost" disabled={!onLaterPage || pending} onClick={() => set({ cursor: null })}>
          <ChevronsLeft className="size-3.5" aria-hidden />
          First page
        </Button>
        <Button size="xs" disabled={!nextCursor || pending} onClick={() => set({ cursor: nextCursor })}>
          Next page
          <ChevronRight className="size-3.5" aria-hidden />
        </Button>
      </div>
    </>
  );
}
