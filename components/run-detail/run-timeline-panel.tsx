"use client";
// Timeline on the left, the selected node's detail on the right. The selection is kept in the
// URL (`?node=`) without a server round trip, so a link can point at one span.
import { useCallback, useMemo, useState } from "react";
import type { RunHeaderDto } from "@/lib/server/data/run-detail";
import type { CompactTimeline } from "@/lib/server/data/run-timeline";
import { expandTimeline } from "./timeline-model";
import { NodeDetail } from "./node-detail";
import { RunOverview } from "./run-overview";
import { Waterfall } from "./waterfall";

export function RunTimelinePanel({ run, compact, initialNode }: { run: RunHeaderDto; compact: CompactTimeline; initialNode: string | null }) {
  const timeline = useMemo(() => expandTimeline(compact), [compact]);
  const [selected, setSelected] = useState(() => Math.max(0, initialNode ? timeline.key.indexOf(initialNode) : 0));
  const select = useCallback(
    (i: number) => {
      setSelected(i);
      const url = new URL(window.location.href);
      if (i === 0) url.searchParams.delete("node");
      else url.searchParams.set("node", timeline.key[i]!);
      window.history.replaceState(window.history.state, "", url);
    },
    [timeline],
  );
  return (
    <div className="grid h-[calc(100vh-13rem)] min-h-[28rem] grid-cols-1 overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-sm lg:grid-cols-[minmax(0,1fr)_minmax(22rem,42%)]">
      <div className="min-h-0 border-b border-zinc-200 lg:border-b-0 lg:border-r">
        <Waterfall tl={timeline} selected={selected} onSelect={select} />
      </div>
      <aside aria-label="Selected span" className="min-h-0 overflow-y-auto">
        {selected === 0 ? (
          <RunOverview run={run} />
        ) : (
          <NodeDetail
            key={timeline.key[selected]}
            runId={run.id}
            nodeKey={timeline.key[selected]!}
            name={timeline.name[selected]!}
            offsetMs={timeline.start[selected]!}
          />
        )}
      </aside>
    </div>
  );
}
