"use client";
// A user-defined pattern's backfill: a progress bar that refreshes the page while it runs.
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { formatCount, formatDateTime } from "@/components/ui/format";
import type { BackfillProgress as Progress } from "@/lib/server/insights/backfill";

const REFRESH_MS = 2_000;

export function BackfillProgress({ backfill }: { backfill: Progress }) {
  const router = useRouter();
  const running = backfill.status === "running";
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(t);
  }, [running, router]);
  const pct = backfill.total > 0 ? Math.min(100, Math.round((backfill.done / backfill.total) * 100)) : backfill.status === "done" ? 100 : 0;
  const label =
    backfill.status === "running"
      ? `Backfilling: ${formatCount(backfill.done)} of ${formatCount(backfill.total)} past runs checked`
      : backfill.status === "done"
        ? `Backfill done: ${formatCount(backfill.done)} past runs checked`
        : backfill.status === "failed"
          ? `Backfill failed: ${backfill.error ?? "unknown error"}`
          : "Backfill replaced by a newer one";
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-3 py-2 shadow-sm" data-backfill={backfill.status}>
      <div className="flex items-center justify-between gap-2 text-xs">
        <span className={backfill.status === "failed" ? "text-red-700" : "text-zinc-700"}>{label}</span>
        <span className="text-2xs text-zinc-500">
          {formatDateTime(backfill.from)} → {formatDateTime(backfill.to)}
        </span>
      </div>
      <div
        className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-zinc-100"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-label="Backfill progress"
      >
        <div className="h-full rounded-full bg-accent-600 transition-all" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
