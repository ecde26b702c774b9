"use client";
import { Bot, Check, ChevronsUpDown } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Popover } from "@/components/ui/popover";
import { cn } from "@/components/ui/cn";
import { agentSwitchHref, parseDashboardPath } from "@/lib/urls/nav";

export interface AgentOption {
  name: string;
  slug: string;
}

/** Switches between all agents (`/runs`) and one agent (`/{agent}/runs`), staying on the same page. */
export function AgentSelector({ agents }: { agents: AgentOption[] }) {
  const pathname = usePathname();
  const search = useSearchParams();
  const router = useRouter();
  const [query, setQuery] = useState("");
  const current = parseDashboardPath(pathname).agent;
  const currentName = current ? (agents.find((a) => a.slug === current)?.name ?? current) : "All agents";
  const shown = query ? agents.filter((a) => a.name.toLowerCase().includes(query.toLowerCase())) : agents;
  const go = (slug: string | null, close: () => void) => {
    close();
    setQuery("");
    router.push(agentSwitchHref(pathname, search.toString(), slug));
  };
  return (
    <Popover
      label={`Agent: ${currentName}`}
      triggerClassName="focus-ring flex h-7 max-w-64 items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-2 text-sm shadow-sm hover:bg-zinc-50"
      trigger={
        <>
          <Bot className="size-3.5 text-zinc-500" aria-hidden />
          <span className="truncate font-medium">{currentName}</span>
          <ChevronsUpDown className="size-3 text-zinc-500" aria-hidden />
        </>
      }
      className="w-64"
    >
      {(close) => (
        <div role="menu" aria-label="Agents">
          {agents.length > 6 ? (
            <input
              autoFocus
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="Find an agent…"
              aria-label="Find an agent"
              className="focus-ring mb-1 h-7 w-full rounded border border-zinc-200 px-2 text-sm"
            />
          ) : null}
          <AgentItem label="All agents" active={current === null} onSelect={() => go(null, close)} />
          <div className="max-h-72 overflow-y-auto">
            {shown.map((a) => (
              <AgentItem key={a.slug} label={a.name} active={current === a.slug} onSelect={() => go(a.slug, close)} />
            ))}
          </div>
          {agents.length === 0 ? <p className="px-2 py-1.5 text-xs text-zinc-500">No agents yet: send runs with the tcc.agent metadata key.</p> : null}
        </div>
      )}
    </Popover>
  );
}

function AgentItem({ label, active, onSelect }: { label: string; active: boolean; onSelect: () => void }) {
  return (
    <button
      type="button"
      role="menuitemradio"
      aria-checked={active}
      onClick={onSelect}
      className={cn("focus-ring flex w-full items-center gap-2 rounded px-2 py-1 text-left text-sm hover:bg-zinc-100", active && "font-medium")}
    >
      <Check className={cn("size-3.5", active ? "text-accent-600" : "invisible")} aria-hidden />
      <span className="truncate">{label}</span>
    </button>
  );
}
