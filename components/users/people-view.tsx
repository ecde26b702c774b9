import "server-only";
// The users and orgs pages, shared by /users, /orgs, /{agent}/users and /{agent}/orgs.
import { EmptyState, FirstRunEmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { InvalidFilters } from "@/components/overview/invalid-filters";
import { scopePrefix } from "@/lib/urls/nav";
import { toSearchParams, type RawSearchParams } from "@/lib/urls/search-params";
import { listOrgs, listUsers } from "@/lib/server/data/people";
import { hasAnyRun } from "@/lib/server/data/runs";
import { requireViewer } from "@/lib/server/session";
import { publicBaseUrl, type AgentScope } from "@/lib/server/shell-data";
import { FilterError } from "@/lib/validations/list-params";
import { ORG_LIST, parseDashboardList, USER_LIST } from "@/lib/validations/lists";
import { PeopleTable } from "./people-table";
import { openViewParam } from "@/lib/server/views";
import { SaveViewButton } from "@/components/views/save-view-button";

const TEXT = {
  users: { title: "Users", key: "tcc.userId", noun: "users", description: "End users (tcc.userId) with a run in the time range." },
  orgs: { title: "Orgs", key: "tcc.orgId", noun: "organisations", description: "End-user organisations (tcc.orgId) with a run in the time range." },
};

export async function PeopleView({ kind, searchParams, agent = null }: { kind: "users" | "orgs"; searchParams: RawSearchParams; agent?: AgentScope | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const t = TEXT[kind];
  const title = agent ? `${agent.name} · ${t.title}` : t.title;
  // `?view=<id>` opens a saved view: a redirect to its page and parameters.
  const unknownView = await openViewParam(viewer, search, agent);
  if (unknownView) return <InvalidFilters title={title} message={unknownView} resetHref={`${scopePrefix(agent)}/${kind}`} />;
  const scope = { projectId: viewer.project.id, agentId: agent?.id ?? null };
  let page;
  try {
    page =
      kind === "users"
        ? await listUsers(viewer.sql, scope, parseDashboardList(USER_LIST, search))
        : await listOrgs(viewer.sql, scope, parseDashboardList(ORG_LIST, search));
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title={title} message={err.message} resetHref={`${scopePrefix(agent)}/${kind}`} />;
  }
  let empty = (
    <EmptyState title={`No ${t.noun} in this time range`} description={`Only runs that carry ${t.key} count. Choose a longer time range in the top bar.`} />
  );
  if (!page.data.length && !search.get("cursor")) {
    if (!(await hasAnyRun(viewer.sql, viewer.project.id))) empty = <FirstRunEmptyState baseUrl={await publicBaseUrl()} title={`No ${t.noun} yet`} />;
  }
  return (
    <div className="p-4">
      <PageHeader
        title={title}
        description={`${t.description} Set ${t.key} in your run metadata to see yours.`}
        actions={<SaveViewButton page={kind} agentScope={agent?.slug ?? null} />}
      />
      <PeopleTable kind={kind} page={page} empty={empty} />
    </div>
  );
}
