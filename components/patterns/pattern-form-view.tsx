import "server-only";
// The "New pattern" and "Edit pattern" pages: the form with the project's agents, filled from the
// stored pattern when editing.
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { findPatternRef } from "@/lib/server/data/insights";
import { getUserPattern } from "@/lib/server/insights/user-pattern-store";
import { requireViewer } from "@/lib/server/session";
import { projectAgents } from "@/lib/server/shell-data";
import { decodeSegment } from "@/lib/urls/nav";
import { PatternForm, type PatternFormInitial } from "./pattern-form";

export async function PatternFormView({ id = null, agentSlug = null }: { id?: string | null; agentSlug?: string | null }) {
  const viewer = await requireViewer();
  const agents = await projectAgents(viewer.sql, viewer.project.id);
  let initial: PatternFormInitial = {
    id: null,
    name: "",
    description: "",
    scope: "conversational",
    agentSlug: agents.some((a) => a.slug === agentSlug) ? agentSlug : null,
    rule: null,
  };
  if (id !== null) {
    const patternId = decodeSegment(id);
    const [stored, ref] = await Promise.all([
      getUserPattern(viewer.sql, viewer.project.id, patternId),
      findPatternRef(viewer.sql, viewer.project.id, patternId),
    ]);
    if (!stored || !ref) notFound();
    initial = { id: stored.id, name: stored.name, description: stored.description, scope: stored.scope, agentSlug: ref.agent?.slug ?? null, rule: stored.rule };
  }
  const back = initial.id ? `/patterns/${encodeURIComponent(initial.id)}` : "/patterns";
  return (
    <div className="max-w-5xl space-y-3 p-4">
      <Link href={back} className="inline-flex items-center gap-1 text-xs text-zinc-500 hover:text-zinc-900">
        <ArrowLeft className="size-3" aria-hidden /> {initial.id ? initial.name : "Patterns"}
      </Link>
      <PageHeader
        title={initial.id ? "Edit pattern" : "New pattern"}
        description={
          initial.id
            ? "Saving replaces the rule: its past results are dropped and the chosen days are backfilled again."
            : "A rule over each run's text, tools, metadata, feedback, status, duration, cost, tokens and model. Regexes use RE2 syntax."
        }
      />
      <PatternForm initial={initial} agents={agents} cancelHref={back} />
    </div>
  );
}
