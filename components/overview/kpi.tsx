// KPI tiles with the change against the previous period of the same length. Pure and
// server-renderable: values are formatted before they reach the tile.
import { ArrowDownRight, ArrowUpRight } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** Relative change (counts, money, latency) or difference in percentage points (rates). */
export type ChangeMode = "relative" | "points";

export interface Change {
  /** Signed change: a ratio for "relative" (0.12 = +12%), points for "points" (0.03 = +3 pt). */
  value: number | null;
  mode: ChangeMode;
}

export function change(current: number | null, previous: number | null, mode: ChangeMode = "relative"): Change {
  if (current === null || previous === null) return { value: null, mode };
  if (mode === "points") return { value: current - previous, mode };
  return { value: previous === 0 ? (current === 0 ? 0 : null) : (current - previous) / previous, mode };
}

export function formatChange(c: Change): string {
  if (c.value === null) return "new";
  const pct = c.value * 100;
  const sign = pct > 0 ? "+" : pct < 0 ? "−" : "±";
  const abs = Math.abs(pct);
  const digits = abs >= 10 || abs === 0 ? 0 : 1;
  return `${sign}${abs.toFixed(digits)}${c.mode === "points" ? " pt" : "%"}`;
}

/** "up" when a rise is good (runs, thumbs up), "down" when a fall is (failures, latency, cost is neutral). */
export type Good = "up" | "down" | "neutral";

export function KpiTile({ label, value, sub, delta, good = "neutral" }: { label: string; value: ReactNode; sub?: ReactNode; delta?: Change; good?: Good }) {
  const v = delta?.value ?? null;
  const tone = v === null || v === 0 || good === "neutral" ? "text-zinc-500" : v > 0 === (good === "up") ? "text-emerald-700" : "text-red-700";
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-3 py-2.5 shadow-sm" data-kpi={label}>
      <div className="text-2xs font-medium uppercase tracking-wide text-zinc-500">{label}</div>
      <div className="mt-1 flex items-baseline gap-2">
        <span className="tabular text-lg font-semibold text-zinc-900">{value}</span>
        {delta ? (
          <span className={cn("inline-flex items-center text-2xs font-medium tabular", tone)} title="Change against the previous period of the same length">
            {v !== null && v > 0 ? (
              <ArrowUpRight className="size-3" aria-hidden />
            ) : v !== null && v < 0 ? (
              <ArrowDownRight className="size-3" aria-hidden />
            ) : null}
            {formatChange(delta)}
          </span>
        ) : null}
      </div>
      {sub ? <div className="mt-0.5 truncate text-2xs text-zinc-500">{sub}</div> : null}
    </div>
  );
}

export function KpiGrid({ children }: { children: ReactNode }) {
  return <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-5">{children}</div>;
}

export const formatPercent = (r: number | null) => (r === null ? "–" : `${(r * 100).toFixed(r > 0 && r < 0.1 ? 1 : 0)}%`);
