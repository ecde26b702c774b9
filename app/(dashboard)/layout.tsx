import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { Providers } from "@/components/shell/providers";
import { requireViewer } from "@/lib/server/session";
import { projectAgents } from "@/lib/server/shell-data";
import { listPinnedViews } from "@/lib/server/data/views";

// Every dashboard page needs the signed-in viewer; nothing here may be prerendered or cached.
export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const viewer = await requireViewer();
  const [agents, pinnedViews] = await Promise.all([
    projectAgents(viewer.sql, viewer.project.id),
    listPinnedViews(viewer.sql, viewer.project.id, viewer.user.id),
  ]);
  return (
    <Providers>
      <AppShell
        project={{ id: viewer.project.id, name: viewer.project.name }}
        projects={viewer.projects.map((p) => ({ id: p.id, name: p.name }))}
        agents={agents}
        user={{ name: viewer.user.name, email: viewer.user.email }}
        pinnedViews={pinnedViews}
      >
        {children}
      </AppShell>
    </Providers>
  );
}
