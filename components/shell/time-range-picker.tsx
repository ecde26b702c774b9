"use client";
import { CalendarClock, ChevronDown } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { MenuItem, Popover } from "@/components/ui/popover";
import { RANGES, type Range } from "@/lib/validations/window";

export const RANGE_LABELS: Record<Range, string> = {
  "5m": "Last 5 minutes",
  "1h": "Last hour",
  "1d": "Last 24 hours",
  "2w": "Last 2 weeks",
  "1M": "Last 30 days",
  "2M": "Last 60 days",
};

/** The `range` of the URL (the same parameter as the REST API); choosing one resets the page cursor. */
export function TimeRangePicker({ defaultRange = "1d" }: { defaultRange?: Range }) {
  const search = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const range = search.get("range");
  const custom = !range && (search.get("from") || search.get("to"));
  const label = custom ? "Custom range" : RANGE_LABELS[(RANGES as readonly string[]).includes(range ?? "") ? (range as Range) : defaultRange];
  const choose = (r: Range, close: () => void) => {
    close();
    const next = new URLSearchParams(search);
    next.set("range", r);
    for (const k of ["from", "to", "cursor"]) next.delete(k);
    router.push(`${pathname}?${next.toString()}`);
  };
  return (
    <Popover
      align="end"
      label={`Time range: ${label}`}
      triggerClassName="focus-ring flex h-7 items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-2 text-sm shadow-sm hover:bg-zinc-50"
      trigger={
        <>
          <CalendarClock className="size-3.5 text-zinc-500" aria-hidden />
          <span>{label}</span>
          <ChevronDown className="size-3 text-zinc-500" aria-hidden />
        </>
      }
    >
      {(close) => (
        <div role="menu" aria-label="Time range">
          {RANGES.map((r) => (
            <MenuItem key={r} active={(range ?? (custom ? null : defaultRange)) === r} onSelect={() => choose(r, close)}>
              {RANGE_LABELS[r]}
            </MenuItem>
          ))}
        </div>
      )}
    </Popover>
  );
}
