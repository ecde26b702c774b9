"use client";
// A tool's latency distribution: calls per histogram bucket (ratio 1.1), regrouped into at most
// ~24 bars on a log scale so the chart stays readable.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatDuration } from "@/components/ui/format";

export interface LatencyBucket {
  fromMs: number;
  toMs: number;
  calls: number;
}

function regroup(buckets: LatencyBucket[], bars = 24): LatencyBucket[] {
  if (buckets.length <= bars) return buckets;
  const size = Math.ceil(buckets.length / bars);
  const out: LatencyBucket[] = [];
  for (let i = 0; i < buckets.length; i += size) {
    const g = buckets.slice(i, i + size);
    out.push({ fromMs: g[0]!.fromMs, toMs: g[g.length - 1]!.toMs, calls: g.reduce((s, b) => s + b.calls, 0) });
  }
  return out;
}

export function LatencyHistogram({ buckets, height = 180 }: { buckets: LatencyBucket[]; height?: number }) {
  const data = regroup(buckets).map((b) => ({ ...b, label: formatDuration(b.fromMs) }));
  return (
    <div style={{ height }} role="img" aria-label="Latency distribution">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e4e4e7" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#71717a" }} minTickGap={16} tickLine={false} axisLine={false} />
          <YAxis tickFormatter={(v: number) => formatCount(v)} tick={{ fontSize: 11, fill: "#71717a" }} width={40} tickLine={false} axisLine={false} />
          <Tooltip
            formatter={(v) => [formatCount(Number(v)), "Calls"]}
            labelFormatter={(_, items) => {
              const b = items?.[0]?.payload as LatencyBucket | undefined;
              return b ? `${formatDuration(b.fromMs)} – ${formatDuration(b.toMs)}` : "";
            }}
          />
          <Bar dataKey="calls" fill="#6366f1" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
