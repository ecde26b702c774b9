import { Construction } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { navPage } from "@/lib/urls/nav";

/** What each page will show (product.md), so a page that is not built yet says so honestly. */
const PLANNED: Record<string, string> = {
  settings: "Project, ingestion and read keys, members and roles, model prices, retention.",
};

export const PLACEHOLDER_PAGES = Object.keys(PLANNED);

export function NotBuilt({ page, agentName }: { page: string; agentName?: string }) {
  const label = navPage(page)?.label ?? page;
  return (
    <div className="p-4">
      <PageHeader title={agentName ? `${agentName} · ${label}` : label} />
      <div className="rounded-lg border border-dashed border-zinc-300 bg-white">
        <EmptyState
          icon={<Construction className="size-4" />}
          title={`${label} is not built yet`}
          description={`${PLANNED[page] ?? ""} This page is planned; nothing here is computed yet. Runs, sessions and feedback already work.`}
        />
      </div>
    </div>
  );
}
