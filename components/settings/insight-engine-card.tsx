// Settings' insight engine panel: runs waiting, the last analysis, runs analysed, and the latest
// engine errors (a rule that no longer validates, one over its time budget, a failed model call).
import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatCount, formatDateTime, formatRelative } from "@/components/ui/format";
import { KeyValues } from "@/components/ui/key-values";
import type { InsightStatus } from "@/lib/server/insights/status";

export function InsightEngineCard({ status, enabled }: { status: InsightStatus; enabled: boolean }) {
  return (
    <Card>
      <div id="insight-engine" className="scroll-mt-16" />
      <CardHeader
        title="Insight engine"
        actions={
          <Link href="/patterns" className="text-2xs font-medium normal-case text-accent-700 hover:underline">
            Patterns →
          </Link>
        }
      />
      <CardBody className="space-y-3">
        <KeyValues
          items={[
            ["State", enabled ? "on" : "off (SIGHTLINE_INSIGHTS_ENGINE=off): runs are queued but not analysed"],
            ["Runs waiting", formatCount(status.backlog)],
            [
              "Last analysis",
              status.lastAnalyzedAt ? (
                <time key="t" dateTime={status.lastAnalyzedAt} title={formatDateTime(status.lastAnalyzedAt)} suppressHydrationWarning>
                  {formatRelative(status.lastAnalyzedAt)}
                </time>
              ) : (
                "never"
              ),
            ],
            ["Runs analysed", formatCount(status.analyzedRuns)],
          ]}
        />
        <div>
          <h3 className="mb-1 text-xs font-medium text-zinc-700">Latest errors</h3>
          {status.errors.length ? (
            <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200" data-engine-errors>
              {status.errors.map((e, i) => (
                <li key={i} className="flex gap-3 px-2 py-1.5 text-xs">
                  <time className="w-32 shrink-0 tabular text-zinc-500" dateTime={e.at} suppressHydrationWarning>
                    {formatDateTime(e.at)}
                  </time>
                  <span className="min-w-0 flex-1 whitespace-pre-wrap break-words text-zinc-800">{e.message}</span>
                  <span className="shrink-0 space-x-2 text-2xs">
                    {e.patternId ? (
                      <Link className="text-accent-700 hover:underline" href={`/patterns/${encodeURIComponent(e.patternId)}`}>
                        pattern
                      </Link>
                    ) : null}
                    {e.runId ? (
                      <Link className="text-accent-700 hover:underline" href={`/runs/${encodeURIComponent(e.runId)}`}>
                        run
                      </Link>
                    ) : null}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-xs text-zinc-500">No errors.</p>
          )}
        </div>
      </CardBody>
    </Card>
  );
}
