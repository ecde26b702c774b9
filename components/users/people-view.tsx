import "server-only";
// The users and orgs pages, shared by /users, /orgs, /{agent}/users and /{agent}/orgs.
import { EmptyState, FirstRunEmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { InvalidFilters, scopePrefix } from "@/components/overview/invalid-filters";
import { toSearchParams, type RawSearchParams } from "@/components/runs/search-params";
import { listOrgs } from "@/lib/server/queries/orgs";
import { listUsers } from "@/lib/server/queries/users";
import { requireViewer } from "@/lib/server/session";
import { publicBaseUrl, type AgentScope } from "@/lib/server/shell-data";
import { parsePeopleFilters } from "@/lib/validations/analytics";
import { FilterError } from "@/lib/validations/run-filters";
import { PeopleTable } from "./people-table";

const TEXT = {
  users: { title: "Users", key: "tcc.userId", noun: "users", description: "End users (tcc.userId) with a run in the time range." },
  orgs: { title: "Orgs", key: "tcc.orgId", noun: "organisations", description: "End-user organisations (tcc.orgId) with a run in the time range." },
};

export async function PeopleView({ kind, searchParams, agent = null }: { kind: "users" | "orgs"; searchParams: RawSearchParams; agent?: AgentScope | null }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const t = TEXT[kind];
  const title = agent ? `${agent.name} · ${t.title}` : t.title;
  const scope = { projectId: viewer.project.id, agentId: agent?.id ?? null };
  let page;
  try {
    const f = parsePeopleFilters(search, { defaultRange: "1d" });
    page = kind === "users" ? await listUsers(viewer.sql, scope, f) : await listOrgs(viewer.sql, scope, f);
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title={title} message={err.message} resetHref={`${scopePrefix(agent)}/${kind}`} />;
  }
  let empty = (
    <EmptyState title={`No ${t.noun} in this time range`} description={`Only runs that carry ${t.key} count. Choose a longer time range in the top bar.`} />
  );
  if (!page.data.length && !search.get("cursor")) {
    const any = await viewer.sql.query(`SELECT 1 FROM runs WHERE project_id = $1 LIMIT 1`, [viewer.project.id]);
    if (!any.length) empty = <FirstRunEmptyState baseUrl={await publicBaseUrl()} title={`No ${t.noun} yet`} />;
  }
  return (
    <div className="p-4">
      <PageHeader title={title} description={`${t.description} Set ${t.key} in your run metadata to see yours.`} />
      <PeopleTable kind={kind} page={page} empty={empty} />
    </div>
  );
}
