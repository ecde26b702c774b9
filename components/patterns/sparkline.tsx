// A small trend of runs per step, drawn as plain SVG so a page of patterns needs no chart script.
import type { PatternPoint } from "@/lib/server/data/patterns";

export function Sparkline({ points, label, width = 160, height = 32 }: { points: PatternPoint[]; label: string; width?: number; height?: number }) {
  const max = Math.max(1, ...points.map((p) => p.runs));
  const n = Math.max(1, points.length - 1);
  const xy = points.map((p, i) => [(i / n) * width, height - 2 - (p.runs / max) * (height - 4)] as const);
  const line = xy.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`).join(" ");
  const total = points.reduce((s, p) => s + p.runs, 0);
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}: ${total} runs in the time range`}
      className="overflow-visible"
    >
      {points.length > 1 ? (
        <>
          <path d={`${line} L${width},${height} L0,${height} Z`} className="fill-accent-100" />
          <path d={line} className="fill-none stroke-accent-600" strokeWidth={1.5} />
        </>
      ) : null}
    </svg>
  );
}
