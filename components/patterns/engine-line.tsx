// One line on the insight engine's state under a patterns page's title: runs waiting, the last
// analysis, errors (listed in Settings).
import Link from "next/link";
import { formatCount, formatRelative } from "@/components/ui/format";
import type { InsightStatus } from "@/lib/server/insights/status";

export function EngineLine({ status }: { status: InsightStatus }) {
  return (
    <p className="mt-1 text-2xs text-zinc-500" data-engine-status>
      Engine: {status.backlog > 0 ? `${formatCount(status.backlog)} runs waiting` : "up to date"}
      {" · "}
      {status.lastAnalyzedAt ? (
        <>
          last analysis{" "}
          <time dateTime={status.lastAnalyzedAt} suppressHydrationWarning>
            {formatRelative(status.lastAnalyzedAt)}
          </time>
        </>
      ) : (
        "nothing analysed yet"
      )}
      {status.errors.length ? (
        <>
          {" · "}
          <Link href="/settings#insight-engine" className="text-red-700 hover:underline">
            errors, see Settings
          </Link>
        </>
      ) : null}
    </p>
  );
}
