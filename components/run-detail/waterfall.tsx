"use client";
// The span tree and waterfall in one virtualised list: only the rows on screen are in the DOM,
// so a run with 5,000+ spans scrolls and selects instantly.
import { useVirtualizer } from "@tanstack/react-virtual";
import { Bot, ChevronDown, ChevronRight, Circle, Sparkles, Wrench } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { formatDuration } from "@/components/ui/format";
import type { RunTimeline } from "@/lib/server/data/run-timeline";
import { axisTicks, criticalPath, indexTimeline, visibleRows } from "./timeline-model";

const ROW = 24;
const KIND_ICON = [Bot, Sparkles, Wrench, Circle];
const KIND_BAR = ["bg-zinc-500", "bg-accent-500", "bg-amber-500", "bg-sky-400"];
const KIND_NAME = ["run", "LLM call", "tool call", "span"];

export function Waterfall({ tl, selected, onSelect }: { tl: RunTimeline; selected: number; onSelect: (i: number) => void }) {
  const idx = useMemo(() => indexTimeline(tl), [tl]);
  const critical = useMemo(() => criticalPath(tl, idx), [tl, idx]);
  const [collapsed, setCollapsed] = useState<Set<number>>(() => new Set());
  const [highlight, setHighlight] = useState(true);
  const [query, setQuery] = useState("");
  const rows = useMemo(() => visibleRows(idx, collapsed), [idx, collapsed]);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return null;
    const set = new Set<number>();
    for (let i = 0; i < tl.key.length; i++) if (tl.name[i]!.toLowerCase().includes(q) || tl.label[i]!.toLowerCase().includes(q)) set.add(i);
    return set;
  }, [query, tl]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // initialRect lets the server render the first screen of rows (no scroll element there yet).
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 12,
    initialRect: { width: 1000, height: 600 },
  });
  const position = useMemo(() => new Map(rows.map((r, i) => [r, i])), [rows]);

  const toggle = useCallback((i: number) => {
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });
  }, []);

  // Keep the selected row in view (keyboard navigation, deep links).
  useEffect(() => {
    const p = position.get(selected);
    if (p !== undefined) virtual.scrollToIndex(p, { align: "auto" });
  }, [selected, position, virtual]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    const p = position.get(selected) ?? 0;
    if (e.key === "ArrowDown" && p < rows.length - 1) onSelect(rows[p + 1]!);
    else if (e.key === "ArrowUp" && p > 0) onSelect(rows[p - 1]!);
    else if (e.key === "ArrowLeft" && idx.children[selected]!.length && !collapsed.has(selected)) toggle(selected);
    else if (e.key === "ArrowRight" && collapsed.has(selected)) toggle(selected);
    else if (e.key === "ArrowLeft" && tl.parent[selected]! >= 0) onSelect(tl.parent[selected]!);
    else if (e.key === "Home") onSelect(rows[0]!);
    else if (e.key === "End") onSelect(rows[rows.length - 1]!);
    else return;
    e.preventDefault();
  };

  const ticks = axisTicks(idx.total);
  const pct = (ms: number) => `${(Math.max(0, ms) / idx.total) * 100}%`;
  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex items-center gap-2 border-b border-zinc-200 px-2 py-1.5">
        <input
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={`Find in ${(tl.key.length - 1).toLocaleString("en-US")} spans…`}
          aria-label="Find a span"
          className="focus-ring h-6 w-48 rounded border border-zinc-300 px-2 text-xs"
        />
        {matches ? (
          <span className="text-2xs text-zinc-500">
            {matches.size} match{matches.size === 1 ? "" : "es"}
          </span>
        ) : null}
        <div className="flex-1" />
        <label className="flex cursor-pointer items-center gap-1.5 text-2xs text-zinc-600">
          <input type="checkbox" checked={highlight} onChange={(e) => setHighlight(e.target.checked)} className="accent-accent-600" />
          Critical path
        </label>
        <Legend />
      </div>
      <div className="grid grid-cols-[minmax(220px,38%)_1fr] border-b border-zinc-200 bg-zinc-50 text-2xs text-zinc-500">
        <div className="px-2 py-1">Span</div>
        <div className="relative h-6 mr-16">
          {ticks.map((t) => (
            <span key={t} className="absolute top-1 -translate-x-1/2 tabular" style={{ left: pct(t) }}>
              {formatDuration(t)}
            </span>
          ))}
        </div>
      </div>
      <div
        ref={scrollRef}
        role="tree"
        aria-label="Span timeline"
        tabIndex={0}
        onKeyDown={onKeyDown}
        className="focus-ring min-h-0 flex-1 overflow-auto outline-none"
      >
        <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
          {virtual.getVirtualItems().map((v) => {
            const i = rows[v.index]!;
            const Icon = KIND_ICON[tl.kind[i]!]!;
            const end = tl.end[i]! >= 0 ? tl.end[i]! : null;
            const hasKids = idx.children[i]!.length > 0;
            const isOpen = !collapsed.has(i);
            const faded = (highlight && !critical[i]) || (matches && !matches.has(i));
            const dur = end === null ? null : end - tl.start[i]!;
            return (
              <div
                key={i}
                role="treeitem"
                aria-level={idx.depth[i]! + 1}
                aria-selected={i === selected}
                aria-expanded={hasKids ? isOpen : undefined}
                aria-label={`${tl.name[i]}${tl.label[i] ? ` ${tl.label[i]}` : ""}`}
                data-key={tl.key[i]}
                onClick={() => onSelect(i)}
                className={cn(
                  "absolute left-0 grid w-full cursor-pointer grid-cols-[minmax(220px,38%)_1fr] items-center text-xs",
                  i === selected ? "bg-accent-50" : "hover:bg-zinc-50",
                  matches?.has(i) && "bg-amber-50",
                )}
                style={{ top: v.start, height: ROW }}
              >
                <div className="flex min-w-0 items-center gap-1 pr-2" style={{ paddingLeft: 4 + Math.min(idx.depth[i]!, 30) * 12 }}>
                  {hasKids ? (
                    <button
                      type="button"
                      tabIndex={-1}
                      aria-label={isOpen ? "Collapse" : "Expand"}
                      onClick={(e) => {
                        e.stopPropagation();
                        toggle(i);
                      }}
                      className="rounded text-zinc-500 hover:bg-zinc-200 hover:text-zinc-700"
                    >
                      {isOpen ? <ChevronDown className="size-3.5" /> : <ChevronRight className="size-3.5" />}
                    </button>
                  ) : (
                    <span className="w-3.5 shrink-0" />
                  )}
                  <Icon
                    className={cn(
                      "size-3 shrink-0",
                      tl.error[i] ? "text-red-500" : tl.kind[i] === 1 ? "text-accent-500" : tl.kind[i] === 2 ? "text-amber-500" : "text-zinc-500",
                    )}
                    aria-hidden
                  />
                  <span className={cn("truncate", tl.error[i] ? "text-red-700" : "text-zinc-800")}>{tl.name[i]}</span>
                  {tl.label[i] && tl.label[i] !== tl.name[i] ? <span className="truncate font-mono text-2xs text-zinc-500">{tl.label[i]}</span> : null}
                </div>
                <div className="relative mr-16 h-full">
                  <div
                    title={`${KIND_NAME[tl.kind[i]!]} · starts at ${formatDuration(tl.start[i])} · ${dur === null ? "no end" : formatDuration(dur)}${critical[i] ? " · critical path" : ""}`}
                    className={cn(
                      "absolute top-1/2 h-2.5 -translate-y-1/2 rounded-sm",
                      tl.error[i] ? "bg-red-500" : KIND_BAR[tl.kind[i]!],
                      faded && "opacity-30",
                      end === null && "bg-gradient-to-r from-zinc-400 to-transparent",
                    )}
                    style={{ left: pct(tl.start[i]!), width: end === null ? "6%" : `max(2px, ${pct(end - tl.start[i]!)})` }}
                  />
                  <span
                    className="absolute top-1/2 -translate-y-1/2 whitespace-nowrap pl-1 font-mono text-2xs text-zinc-600 tabular"
                    style={{ left: pct(end ?? tl.start[i]!) }}
                  >
                    {dur === null ? "" : formatDuration(dur)}
                  </span>
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function Legend() {
  return (
    <div className="hidden items-center gap-2 text-2xs text-zinc-500 xl:flex" aria-hidden>
      {[
        ["LLM call", "bg-accent-500"],
        ["tool", "bg-amber-500"],
        ["span", "bg-sky-400"],
        ["error", "bg-red-500"],
      ].map(([l, c]) => (
        <span key={l} className="flex items-center gap-1">
          <span className={cn("inline-block h-2 w-3 rounded-sm", c)} />
          {l}
        </span>
      ))}
    </div>
  );
}
