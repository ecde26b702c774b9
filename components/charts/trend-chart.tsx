"use client";
// Charts over time (Recharts). Points come from the data layer already zero-filled per step;
// formats are named (functions cannot cross from server to client components).
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCost, formatCount, formatDuration } from "@/components/ui/format";

export type ValueFormat = "count" | "cost" | "ms" | "percent";

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
}

const FORMAT: Record<ValueFormat, (v: number) => string> = {
  count: formatCount,
  cost: formatCost,
  ms: formatDuration,
  percent: (v) => `${(v * 100).toFixed(1)}%`,
};

const pad = (n: number) => String(n).padStart(2, "0");

function tick(t: string, stepMs: number): string {
  const d = new Date(t);
  // Steps of several days come from windows of more than a year: the year tells the ticks apart.
  if (stepMs > 86_400_000) return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  if (stepMs >= 86_400_000) return `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  if (stepMs >= 6 * 3_600_000) return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}h`;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function TrendChart({
  points,
  series,
  stepMs,
  format = "count",
  kind = "area",
  height = 180,
  stacked = false,
}: {
  /** Rows with `t` (ISO step start) and a numeric field per series key. */
  points: object[];
  series: ChartSeries[];
  stepMs: number;
  format?: ValueFormat;
  kind?: "area" | "bar" | "line";
  height?: number;
  stacked?: boolean;
}) {
  const fmt = FORMAT[format];
  const common = (
    <>
      <CartesianGrid stroke="#e4e4e7" strokeDasharray="3 3" vertical={false} />
      <XAxis
        dataKey="t"
        tickFormatter={(t: string) => tick(t, stepMs)}
        tick={{ fontSize: 11, fill: "#71717a" }}
        minTickGap={24}
        tickLine={false}
        axisLine={false}
      />
      <YAxis
        tickFormatter={(v: number) => fmt(v)}
        tick={{ fontSize: 11, fill: "#71717a" }}
        width={56}
        tickLine={false}
        axisLine={false}
        allowDecimals={format !== "count"}
      />
      <Tooltip
        formatter={(v) => (typeof v === "number" ? fmt(v) : String(v ?? "–"))}
        labelFormatter={(t) => new Date(String(t)).toLocaleString()}
        contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "#e4e4e7" }}
      />
      {series.length > 1 ? <Legend iconSize={8} wrapperStyle={{ fontSize: 11 }} /> : null}
    </>
  );
  return (
    <div style={{ height }} className="w-full">
      <ResponsiveContainer width="100%" height="100%">
        {kind === "bar" ? (
          <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            {common}
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} stackId={stacked ? "a" : undefined} isAnimationActive={false} />
            ))}
          </BarChart>
        ) : kind === "line" ? (
          <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            {common}
            {series.map((s) => (
              <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} dot={false} strokeWidth={1.5} connectNulls isAnimationActive={false} />
            ))}
          </LineChart>
        ) : (
          <AreaChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            {common}
            {series.map((s) => (
              <Area
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stroke={s.color}
                fill={s.color}
                fillOpacity={0.15}
                stackId={stacked ? "a" : undefined}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
