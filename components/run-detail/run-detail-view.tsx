import "server-only";
// The run detail page, shared by /runs/{id} and /{agent}/runs/{id}: the header and feedback are
// rendered on the server; the timeline ships as a skeleton and loads span content on selection.
import { RunPatternsPanel } from "@/components/patterns/run-patterns-panel";
import { getRunInsights } from "@/lib/server/data/insights";
import { runTopic } from "@/lib/server/data/topics";
import { compactTimeline, getRunTimeline } from "@/lib/server/data/run-timeline";
import { requireRun } from "@/lib/server/guards";
import { requireViewer } from "@/lib/server/session";
import type { AgentScope } from "@/lib/server/shell-data";
import { FeedbackPanel } from "./feedback-panel";
import { RunHeader } from "./run-header";
import { RunTimelinePanel } from "./run-timeline-panel";

export async function RunDetailView({ runId, agent = null, node = null }: { runId: string; agent?: AgentScope | null; node?: string | null }) {
  const viewer = await requireViewer();
  const run = await requireRun(runId, agent);
  const [timeline, insights, topic] = await Promise.all([
    getRunTimeline(viewer.sql, viewer.project.id, {
      id: run.id,
      startTime: run.startTime,
      endTime: run.endTime,
      status: run.status,
      name: run.agent?.name ?? "run",
    }),
    getRunInsights(viewer.sql, viewer.project.id, run.id),
    runTopic(viewer.sql, viewer.project.id, run.id),
  ]);
  const backHref = agent ? `/${agent.slug}/runs` : "/runs";
  return (
    <div className="space-y-3 p-4">
      <div className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <RunHeader run={run} backHref={backHref} topic={topic} topicsHref={agent ? `/${agent.slug}/topics` : "/topics"} />
        <div className="space-y-3">
          <FeedbackPanel runId={run.id} feedback={run.feedback} />
          <RunPatternsPanel insights={insights} prefix={agent ? `/${encodeURIComponent(agent.slug)}` : ""} />
        </div>
      </div>
      <RunTimelinePanel run={run} compact={compactTimeline(timeline)} initialNode={node} />
    </div>
  );
}
