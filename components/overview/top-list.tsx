// A ranked list (top agents, users, orgs, models) with runs, failure rate and cost.
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { formatCost, formatCount } from "@/components/ui/format";
import type { TopItem } from "@/lib/server/data/overview";
import { formatPercent } from "./kpi";

export function TopList({
  title,
  items,
  href,
  empty = "Nothing in this time range.",
}: {
  title: string;
  items: TopItem[];
  href?: (item: TopItem) => string;
  empty?: string;
}) {
  const max = Math.max(1, ...items.map((i) => i.runs));
  return (
    <Card>
      <CardHeader title={title} />
      {items.length === 0 ? (
        <p className="px-3 py-4 text-xs text-zinc-500">{empty}</p>
      ) : (
        <table className="w-full text-xs">
          <thead>
            <tr className="text-2xs uppercase tracking-wide text-zinc-500">
              <th className="px-3 py-1.5 text-left font-medium">Name</th>
              <th className="px-2 py-1.5 text-right font-medium">Runs</th>
              <th className="px-2 py-1.5 text-right font-medium">Failed</th>
              <th className="px-3 py-1.5 text-right font-medium">Cost</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id} className="border-t border-zinc-100">
                <td className="max-w-[12rem] px-3 py-1.5">
                  <div className="truncate" title={i.id}>
                    {href ? (
                      <Link href={href(i)} className="text-zinc-900 hover:text-accent-700 hover:underline">
                        {i.name ?? i.id}
                      </Link>
                    ) : (
                      (i.name ?? i.id)
                    )}
                  </div>
                  <div className="mt-0.5 h-1 rounded bg-accent-100">
                    <div className="h-1 rounded bg-accent-500" style={{ width: `${(i.runs / max) * 100}%` }} />
                  </div>
                </td>
                <td className="px-2 py-1.5 text-right tabular">{formatCount(i.runs)}</td>
                <td className="px-2 py-1.5 text-right tabular">{formatPercent(i.failureRate)}</td>
                <td className="px-3 py-1.5 text-right tabular">{formatCost(i.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
