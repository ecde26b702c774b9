import { notFound } from "next/navigation";
import { navPage } from "@/lib/urls/nav";
import { NotBuilt, PLACEHOLDER_PAGES } from "@/components/shell/not-built";
import { agentFromParams } from "@/lib/server/guards";

// `/{agent}/{page}` for the agent-scoped pages that are not built yet. A built page gets its own
// static `[agent]/<page>` folder, which wins over this dynamic one.
export default async function AgentPlaceholder({ params }: { params: Promise<{ agent: string; page: string }> }) {
  const { page } = await params;
  if (!PLACEHOLDER_PAGES.includes(page) || !navPage(page)?.agentScoped) notFound();
  const agent = await agentFromParams(params);
  return <NotBuilt page={page} agentName={agent.name} />;
}
