// The run page's patterns: each pattern the insight engine found in the run with its evidence
// (the phrase that triggered it marked), or why there is none yet. Text only, never HTML.
import Link from "next/link";
import { CardHeader } from "@/components/ui/card";
import { formatRelative } from "@/components/ui/format";
import type { RunInsights } from "@/lib/server/data/insights";
import { EvidenceList } from "./evidence";

export function RunPatternsPanel({ insights, prefix }: { insights: RunInsights; prefix: string }) {
  const { analyzedAt, patterns } = insights;
  return (
    <section className="rounded-lg border border-zinc-200 bg-white shadow-sm" data-run-patterns>
      <CardHeader
        title={`Patterns${patterns.length ? ` (${patterns.length})` : ""}`}
        actions={
          analyzedAt ? (
            <span className="text-2xs text-zinc-500" suppressHydrationWarning>
              analysed {formatRelative(analyzedAt)}
            </span>
          ) : null
        }
      />
      {!analyzedAt ? (
        <p className="px-3 py-2 text-xs text-zinc-500">Not analysed yet: the insight engine looks at each run shortly after it is stored.</p>
      ) : !patterns.length ? (
        <p className="px-3 py-2 text-xs text-zinc-500">No pattern found in this run.</p>
      ) : (
        <ul className="divide-y divide-zinc-100">
          {patterns.map((p) => (
            <li key={p.id} className="px-3 py-2" data-pattern={p.id}>
              <Link href={`${prefix}/patterns/${encodeURIComponent(p.id)}`} className="text-xs font-semibold text-zinc-900 hover:underline">
                {p.name}
              </Link>
              <EvidenceList evidence={p.evidence} className="mt-1" />
              {p.explanation ? <p className="mt-1 text-2xs italic text-zinc-500">{p.explanation}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
