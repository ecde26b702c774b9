"use client";
import {
  AlertTriangle,
  Bookmark,
  Building2,
  CalendarDays,
  LayoutDashboard,
  List,
  MessagesSquare,
  Plug,
  Search,
  Settings,
  Sparkles,
  Tags,
  ThumbsUp,
  Users,
  Wrench,
  type LucideIcon,
} from "lucide-react";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { NAV_PAGES, pageHref, parseDashboardPath, type NavPage } from "@/lib/urls/nav";
import { pinnedHref, type PinnedView } from "@/lib/views/links";

const ICONS: Record<string, LucideIcon> = {
  overview: LayoutDashboard,
  runs: List,
  sessions: MessagesSquare,
  feedback: ThumbsUp,
  users: Users,
  orgs: Building2,
  failures: AlertTriangle,
  tools: Wrench,
  patterns: Sparkles,
  topics: Tags,
  recaps: CalendarDays,
  search: Search,
  views: Bookmark,
  settings: Settings,
  "mcp-and-api": Plug,
};

const GROUPS: Array<{ id: NavPage["group"]; label: string | null }> = [
  { id: "observe", label: null },
  { id: "insights", label: "Insights" },
  { id: "project", label: "Project" },
];

export function SidebarNav({ pinnedViews = [] }: { pinnedViews?: PinnedView[] }) {
  const pathname = usePathname();
  const search = useSearchParams();
  const { agent, page } = parseDashboardPath(pathname);
  return (
    <nav aria-label="Pages" className="flex-1 space-y-4 overflow-y-auto px-2 py-3">
      {GROUPS.map((g) => (
        <div key={g.id}>
          {g.label ? <div className="px-2 pb-1 text-2xs font-medium uppercase tracking-wider text-zinc-500">{g.label}</div> : null}
          <ul className="space-y-px">
            {NAV_PAGES.filter((p) => p.group === g.id).map((p) => {
              const Icon = ICONS[p.slug] ?? List;
              const active = page === p.slug;
              return (
                <li key={p.slug}>
                  <Link
                    href={pageHref(p.slug, agent, search.toString())}
                    aria-current={active ? "page" : undefined}
                    className={cn(
                      "focus-ring flex h-7 items-center gap-2 rounded-md px-2 text-sm",
                      active ? "bg-zinc-100 font-medium text-zinc-900" : "text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900",
                    )}
                  >
                    <Icon className={cn("size-4", active ? "text-accent-600" : "text-zinc-500")} aria-hidden />
                    {p.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
      {pinnedViews.length ? (
        <div>
          <div className="px-2 pb-1 text-2xs font-medium uppercase tracking-wider text-zinc-500">Views</div>
          <ul className="space-y-px" aria-label="Pinned views">
            {pinnedViews.map((v) => (
              <li key={v.key}>
                <Link
                  href={pinnedHref(v, agent)}
                  className="focus-ring flex h-7 items-center gap-2 rounded-md px-2 text-sm text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900"
                >
                  <Bookmark className="size-3.5 shrink-0 text-zinc-500" aria-hidden />
                  <span className="truncate">{v.name}</span>
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </nav>
  );
}
