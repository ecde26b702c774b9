// A group's message with its variable parts (<int>, <uuid>, …) set apart, as text (never HTML).
import { templateParts } from "@/lib/insights/failures/parameterize";

export function FailureMessage({ template, className }: { template: string; className?: string }) {
  return (
    <span className={className}>
      {templateParts(template).map((p, i) =>
        p.placeholder ? (
          <span key={i} className="mx-px rounded bg-amber-100 px-1 font-mono text-2xs text-amber-900" title="varies between occurrences">
            {p.text}
          </span>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </span>
  );
}

/** Occurrences per step as a small inline chart. */
export function Sparkline({ values, className }: { values: number[]; className?: string }) {
  const max = Math.max(1, ...values);
  const w = 80;
  const h = 18;
  const step = values.length > 1 ? w / (values.length - 1) : w;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(h - (v / max) * (h - 2) - 1).toFixed(1)}`).join(" ");
  return (
    <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`} className={className} aria-hidden="true">
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
