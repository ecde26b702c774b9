"use client";
import { useState, type ReactNode } from "react";
import { cn } from "./cn";

export interface TabDef {
  id: string;
  label: ReactNode;
  content: () => ReactNode;
}

/** Client-side tabs; only the active tab's content is rendered (detail panels stay cheap). */
export function Tabs({ tabs, initial, className }: { tabs: TabDef[]; initial?: string; className?: string }) {
  const [active, setActive] = useState(initial ?? tabs[0]?.id);
  const current = tabs.find((t) => t.id === active) ?? tabs[0];
  return (
    <div className={className}>
      <div role="tablist" className="flex gap-0.5 border-b border-zinc-200 px-2">
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            type="button"
            aria-selected={t.id === current?.id}
            onClick={() => setActive(t.id)}
            className={cn(
              "focus-ring -mb-px border-b-2 px-2 py-1.5 text-xs font-medium",
              t.id === current?.id ? "border-accent-600 text-zinc-900" : "border-transparent text-zinc-500 hover:text-zinc-800",
            )}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel">{current?.content()}</div>
    </div>
  );
}
