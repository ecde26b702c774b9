import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requireViewer } from "@/lib/server/session";
import { agentBySlug } from "@/lib/server/shell-data";
import { decodeSegment } from "@/lib/urls/nav";

// `/{agent}/…`: the same pages scoped to one agent of the current project. Static top-level
// folders always win over this segment (lib/agents/reserved.ts lists them), so a slug here is
// never a page name; an unknown slug is a 404.
export default async function AgentLayout({ children, params }: { children: ReactNode; params: Promise<{ agent: string }> }) {
  const { agent } = await params;
  const viewer = await requireViewer();
  if (!(await agentBySlug(viewer.sql, viewer.project.id, decodeSegment(agent)))) notFound();
  return children;
}
