import "server-only";
// The views page, shared by /views and /{agent}/views: the built-in presets and the saved views
// this user sees (their own and the project's shared ones). An agent's page lists the views saved
// on that agent's pages, and opens presets in that agent's scope.
import { Bookmark } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { canManageProject } from "@/lib/server/data/projects";
import { listViews, pinnedPresetKeys } from "@/lib/server/data/views";
import { requireViewer } from "@/lib/server/session";
import type { AgentScope } from "@/lib/server/shell-data";
import { navPage, scopePrefix } from "@/lib/urls/nav";
import { PRESETS } from "@/lib/views/pages";
import { PinButton, ViewActions } from "./view-actions";

const pageLabel = (page: string) => navPage(page)?.label ?? page;

/** A view's parameters as a short line (`status=error · range=7d`). */
function QueryText({ query }: { query: string }) {
  const parts = [...new URLSearchParams(query)].map(([k, v]) => `${k}=${v}`);
  return <span className="font-mono text-2xs text-zinc-500">{parts.length ? parts.join(" · ") : "no filters"}</span>;
}

function Table({ label, head, children }: { label: string; head: string[]; children: ReactNode }) {
  return (
    // Scrollable on narrow screens, so reachable from the keyboard (tabIndex).
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white" tabIndex={0} role="region" aria-label={label}>
      <table className="w-full text-xs">
        <thead>
          <tr className="border-b border-zinc-200 text-left text-2xs uppercase tracking-wide text-zinc-500">
            {head.map((h, i) => (
              <th key={i} scope="col" className="px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">{children}</tbody>
      </table>
    </div>
  );
}

export async function ViewsView({ agent = null }: { agent?: AgentScope | null }) {
  const viewer = await requireViewer();
  const [views, pinnedPresets, admin] = await Promise.all([
    listViews(viewer.sql, viewer.project.id, viewer.user.id, agent ? { agentId: agent.id } : {}),
    pinnedPresetKeys(viewer.sql, viewer.project.id, viewer.user.id),
    canManageProject(viewer.sql, viewer.project.id, viewer.user),
  ]);
  const prefix = scopePrefix(agent);
  const title = agent ? `${agent.name} · Views` : "Views";
  return (
    <div className="space-y-6 p-4">
      <PageHeader
        title={title}
        description={
          agent
            ? `Views saved on ${agent.name}'s pages, and the built-in views for ${agent.name}. Save one with "Save view" on a list page.`
            : 'Named filters, sorts and time ranges of the list pages. Save one with "Save view" on any list page; pin the ones you use to the sidebar.'
        }
      />
      <section aria-labelledby="saved-views" className="space-y-2">
        <h2 id="saved-views" className="text-sm font-semibold text-zinc-900">
          Saved views
        </h2>
        {views.length === 0 ? (
          <div className="rounded-lg border border-dashed border-zinc-300 bg-white">
            <EmptyState
              icon={<Bookmark className="size-4" />}
              title={agent ? `No views saved for ${agent.name} yet` : "No saved views yet"}
              description={`Open a list page (runs, sessions, users, orgs, feedback, failures, tools or patterns), set its filters and time range, and choose "Save view". Private views are yours; shared ones appear here for the whole project.`}
            />
          </div>
        ) : (
          <Table label="Saved views" head={["Name", "Page", "Scope", "Owner", "Sharing", "Created", ""]}>
            {views.map((v) => {
              const isOwner = v.owner.id === viewer.user.id;
              const href = `${v.agent ? `/${encodeURIComponent(v.agent.slug)}` : prefix}/${v.page}?view=${encodeURIComponent(v.id)}`;
              return (
                <tr key={v.id} className="align-top">
                  <td className="max-w-72 px-3 py-2">
                    <Link href={href} className="focus-ring rounded font-medium text-accent-700 hover:underline">
                      {v.name}
                    </Link>
                    <div className="truncate">
                      <QueryText query={v.query} />
                    </div>
                  </td>
                  <td className="px-3 py-2 text-zinc-700">{pageLabel(v.page)}</td>
                  <td className="px-3 py-2 text-zinc-700">{v.agent ? v.agent.name : "All agents"}</td>
                  <td className="px-3 py-2 text-zinc-700">{isOwner ? "You" : (v.owner.name ?? v.owner.email)}</td>
                  <td className="px-3 py-2">{v.shared ? <Badge tone="blue">Shared</Badge> : <Badge>Private</Badge>}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-zinc-600">{formatDateTime(v.createdAt)}</td>
                  <td className="px-3 py-2">
                    <div className="flex flex-wrap items-center justify-end gap-1">
                      <PinButton viewKey={v.id} pinned={v.pinned} name={v.name} />
                      <ViewActions id={v.id} name={v.name} shared={v.shared} isOwner={isOwner} canManage={isOwner || (admin && v.shared)} />
                    </div>
                  </td>
                </tr>
              );
            })}
          </Table>
        )}
      </section>
      <section aria-labelledby="builtin-views" className="space-y-2">
        <h2 id="builtin-views" className="text-sm font-semibold text-zinc-900">
          Built-in views
        </h2>
        <Table label="Built-in views" head={["Name", "Page", "Shows", ""]}>
          {PRESETS.map((p) => (
            <tr key={p.key} className="align-top">
              <td className="px-3 py-2">
                <Link href={`${prefix}/${p.page}?view=${p.key}`} className="focus-ring rounded font-medium text-accent-700 hover:underline">
                  {p.name}
                </Link>
                <div>
                  <QueryText query={p.query} />
                </div>
              </td>
              <td className="px-3 py-2 text-zinc-700">{pageLabel(p.page)}</td>
              <td className="px-3 py-2 text-zinc-700">{p.description}</td>
              <td className="px-3 py-2 text-right">
                <PinButton viewKey={p.key} pinned={pinnedPresets.has(p.key)} name={p.name} />
              </td>
            </tr>
          ))}
        </Table>
      </section>
    </div>
  );
}
