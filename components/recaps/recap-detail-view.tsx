import "server-only";
// One stored recap, shared by /recaps/{id} and /{agent}/recaps/{id}: as it was written, with
// "copy as Markdown" and its delivery status.
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { requireRecap } from "@/lib/server/guards";
import type { AgentScope } from "@/lib/server/shell-data";
import { scopePrefix } from "@/lib/urls/nav";
import { CopyMarkdown } from "./copy-markdown";
import { RecapBody } from "./recap-body";

export async function RecapDetailView({ recapId, agent = null }: { recapId: string; agent?: AgentScope | null }) {
  // An agent's page shows that agent's recaps; the top level shows the all-agents ones and any agent's by link.
  // The layout made the same call: this request's read is reused.
  const recap = await requireRecap(recapId, agent);
  const prefix = scopePrefix(agent);
  const title = `${recap.period === "day" ? "Daily" : "Weekly"} recap, ${recap.periodKey}${recap.agent ? ` · ${recap.agent}` : " · all agents"}`;
  const href = `${scopePrefix(recap.agentSlug ? { slug: recap.agentSlug } : null)}/runs?from=${encodeURIComponent(recap.start)}&to=${encodeURIComponent(recap.end)}`;
  return (
    <div className="space-y-3 p-4">
      <Link
        href={`${prefix}/recaps?period=${recap.period}`}
        className="focus-ring inline-flex items-center gap-1 rounded text-xs text-zinc-500 hover:text-zinc-900"
      >
        <ArrowLeft className="size-3.5" aria-hidden />
        Recaps
      </Link>
      <PageHeader
        title={title}
        description={`${formatDateTime(recap.start)} to ${formatDateTime(recap.end)} (${recap.timeZone}), written ${formatDateTime(recap.generatedAt)}`}
        actions={<CopyMarkdown markdown={recap.markdown} />}
      >
        <div className="mt-1">
          {recap.deliveredAt ? (
            <Badge tone="green">sent to the webhook</Badge>
          ) : recap.deliveryError ? (
            <Badge tone="red" title={recap.deliveryError}>
              webhook delivery failed
            </Badge>
          ) : null}
        </div>
      </PageHeader>
      <RecapBody
        content={{
          stats: recap.stats,
          items: recap.items,
          narrative: recap.narrative,
          partial: false,
          agent: recap.agent,
          href,
          period: { kind: recap.period, key: recap.periodKey, timeZone: recap.timeZone, start: recap.start, end: recap.end },
        }}
      />
      <details className="rounded-lg border border-zinc-200 bg-white p-3">
        <summary className="cursor-pointer text-xs font-medium text-zinc-700">Markdown</summary>
        <pre className="mt-2 whitespace-pre-wrap font-mono text-2xs text-zinc-700" data-testid="recap-markdown">
          {recap.markdown}
        </pre>
      </details>
    </div>
  );
}
