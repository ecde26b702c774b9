import { Activity } from "lucide-react";
import Link from "next/link";
import { Suspense, type ReactNode } from "react";
import { AgentSelector, type AgentOption } from "./agent-selector";
import { ProjectSwitcher, type ProjectOption } from "./project-switcher";
import { SearchBox } from "./search-box";
import { SidebarNav } from "./sidebar";
import { TopBarRange } from "./top-bar-range";
import { UserMenu } from "./user-menu";
import type { PinnedView } from "@/lib/views/links";

/** The dashboard frame: sidebar (project, pages, user) and a top bar (agent, time range). */
export function AppShell({
  children,
  project,
  projects,
  agents,
  user,
  pinnedViews = [],
}: {
  children: ReactNode;
  project: ProjectOption;
  projects: ProjectOption[];
  agents: AgentOption[];
  user: { name: string | null; email: string };
  /** The signed-in user's pinned views, listed under "Views" in the sidebar. */
  pinnedViews?: PinnedView[];
}) {
  return (
    <div className="flex h-screen overflow-hidden">
      <aside className="flex w-52 shrink-0 flex-col border-r border-zinc-200 bg-white">
        <Link href="/runs" className="focus-ring flex h-11 items-center gap-2 border-b border-zinc-200 px-3 text-sm font-semibold text-zinc-900">
          <Activity className="size-4 text-accent-600" aria-hidden />
          Sightline
        </Link>
        <div className="border-b border-zinc-200 p-1.5">
          <ProjectSwitcher current={project} projects={projects} />
        </div>
        {/* useSearchParams in client components needs a Suspense boundary to keep the page streamable. */}
        <Suspense fallback={<div className="flex-1" />}>
          <SidebarNav pinnedViews={pinnedViews} />
        </Suspense>
        <UserMenu name={user.name} email={user.email} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-11 shrink-0 items-center gap-2 border-b border-zinc-200 bg-white px-4">
          <Suspense fallback={null}>
            <AgentSelector agents={agents} />
            <div className="flex-1" />
            <SearchBox />
            <TopBarRange />
          </Suspense>
        </header>
        <main className="min-h-0 flex-1 overflow-auto">{children}</main>
      </div>
    </div>
  );
}
