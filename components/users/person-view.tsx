import "server-only";
// The page of one end user (/users/{id}) or organisation (/orgs/{id}): totals with the change
// against the previous period, trends, and their latest runs, sessions and feedback.
import { ArrowLeft, ThumbsDown, ThumbsUp } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { CostChartCard, RunsChartCard } from "@/components/charts/chart-cards";
import { InvalidFilters } from "@/components/overview/invalid-filters";
import { windowQuery } from "@/lib/urls/nav";
import { change, formatPercent, KpiGrid, KpiTile } from "@/components/overview/kpi";
import { toSearchParams, type RawSearchParams } from "@/lib/urls/search-params";
import { StatusBadge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { formatCost, formatCount, formatCountOf, formatDateTime, formatRelative, oneLine } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { listFeedback } from "@/lib/server/data/feedback";
import { getOrg, getUser, listUsers } from "@/lib/server/data/people";
import { listRuns } from "@/lib/server/data/runs";
import { listSessions } from "@/lib/server/data/sessions";
import { requireViewer } from "@/lib/server/session";
import { FilterError } from "@/lib/validations/list-params";
import { FEEDBACK_LIST, parseDashboardList, RUN_LIST, USER_LIST, WINDOW_ONLY } from "@/lib/validations/lists";

function Section({ title, more, children }: { title: string; more: { href: string; label: string }; children: ReactNode }) {
  return (
    <Card>
      <CardHeader
        title={title}
        actions={
          <Link href={more.href} className="text-2xs font-medium normal-case text-accent-700 hover:underline">
            {more.label} →
          </Link>
        }
      />
      <div className="divide-y divide-zinc-100">{children}</div>
    </Card>
  );
}

const Row = ({ href, children }: { href: string; children: ReactNode }) => (
  <Link href={href} className="flex items-center gap-2 px-3 py-1.5 text-xs hover:bg-zinc-50">
    {children}
  </Link>
);
const None = ({ text }: { text: string }) => <p className="px-3 py-3 text-xs text-zinc-500">{text}</p>;

export async function PersonView({ kind, id, searchParams }: { kind: "users" | "orgs"; id: string; searchParams: RawSearchParams }) {
  const viewer = await requireViewer();
  const search = toSearchParams(searchParams);
  const idKey = kind === "users" ? "userId" : "orgId";
  const scope = { projectId: viewer.project.id, agentId: null };
  const wq = windowQuery(search);
  const filtered = new URLSearchParams(wq.slice(1));
  filtered.set(idKey, id);
  let data;
  try {
    const window = parseDashboardList(WINDOW_ONLY, search).window;
    const person = kind === "users" ? await getUser(viewer.sql, scope, id, window) : await getOrg(viewer.sql, scope, id, window);
    if (!person) notFound();
    const runFilters = RUN_LIST.parse(new URLSearchParams([...filtered, ["limit", "12"]]), { defaultRange: "1d" });
    data = await Promise.all([
      person,
      listRuns(viewer.sql, viewer.project.id, runFilters),
      listSessions(viewer.sql, viewer.project.id, { ...runFilters, limit: 8 }),
      listFeedback(viewer.sql, scope, { ...FEEDBACK_LIST.parse(filtered, { defaultRange: "1d" }), limit: 8 }),
      kind === "orgs"
        ? listUsers(viewer.sql, scope, { ...USER_LIST.parse(new URLSearchParams(wq.slice(1)), { defaultRange: "1d" }), orgId: id, sort: "runs", limit: 8 })
        : null,
    ] as const);
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    return <InvalidFilters title={kind === "users" ? "User" : "Org"} message={err.message} resetHref={`/${kind}/${encodeURIComponent(id)}`} />;
  }
  const [p, runs, sessions, feedback, users] = data;
  const c = p.current;
  const prev = p.previous;
  const q = `?${filtered}`;
  return (
    <div className="space-y-3 p-4">
      <Link href={`/${kind}${wq}`} className="inline-flex items-center gap-1 text-xs text-zinc-500 hover:text-zinc-900">
        <ArrowLeft className="size-3" aria-hidden /> {kind === "users" ? "Users" : "Orgs"}
      </Link>
      <PageHeader
        title={p.name ?? p.id}
        description={
          <>
            <span className="font-mono">{p.id}</span>
            {p.org ? (
              <>
                {" · "}
                <Link className="hover:underline" href={`/orgs/${encodeURIComponent(p.org.id)}${wq}`}>
                  {p.org.name ?? p.org.id}
                </Link>
              </>
            ) : null}
            {` · first seen ${formatDateTime(p.firstSeen)} · last seen ${formatRelative(p.lastSeen)}`}
            {p.users !== null ? ` · ${formatCount(p.users)} users` : ""}
          </>
        }
      />
      <KpiGrid>
        <KpiTile label="Runs" value={formatCount(c.runs)} delta={change(c.runs, prev.runs)} good="up" sub={`${formatCount(prev.runs)} before`} />
        <KpiTile label="Sessions" value={formatCount(c.sessions)} delta={change(c.sessions, prev.sessions)} good="up" />
        <KpiTile
          label="Failure rate"
          value={formatPercent(c.failureRate)}
          delta={change(c.failureRate, prev.failureRate, "points")}
          good="down"
          sub={`${formatCount(c.errors)} failed`}
        />
        <KpiTile label="Thumbs" value={`${formatCount(c.thumbsUp)} / ${formatCount(c.thumbsDown)}`} sub="up / down" />
        <KpiTile
          label="Cost"
          value={formatCost(c.costUsd)}
          delta={change(c.costUsd, prev.costUsd)}
          sub={`${formatCount(c.inputTokens + c.outputTokens)} tokens`}
        />
      </KpiGrid>
      <div className="grid gap-3 lg:grid-cols-2">
        <RunsChartCard points={p.trend} stepMs={p.stepMs} />
        <CostChartCard points={p.trend} stepMs={p.stepMs} />
      </div>
      <div className="grid gap-3 xl:grid-cols-2">
        <Section title="Latest runs" more={{ href: `/runs${q}`, label: "All runs" }}>
          {runs.data.length ? (
            runs.data.map((r) => (
              <Row key={r.id} href={`/runs/${encodeURIComponent(r.id)}`}>
                <StatusBadge status={r.status} />
                <span className="min-w-0 flex-1 truncate text-zinc-900">{oneLine(r.userPrompt, 140) || r.id}</span>
                <span className="shrink-0 text-zinc-500">{r.agent?.name ?? ""}</span>
                <time className="w-16 shrink-0 text-right tabular text-zinc-500" suppressHydrationWarning dateTime={r.startTime}>
                  {formatRelative(r.startTime)}
                </time>
              </Row>
            ))
          ) : (
            <None text="No runs in this time range." />
          )}
        </Section>
        <Section title="Sessions" more={{ href: `/sessions${q}`, label: "All sessions" }}>
          {sessions.data.length ? (
            sessions.data.map((s) => (
              <Row key={s.id} href={`/sessions/${encodeURIComponent(s.id)}${wq}`}>
                <span className="min-w-0 flex-1 truncate font-mono text-zinc-900">{s.id}</span>
                <span className="shrink-0 tabular text-zinc-500">{formatCountOf(s.runCount, "run")}</span>
                <time className="w-16 shrink-0 text-right tabular text-zinc-500" suppressHydrationWarning dateTime={s.lastRunAt}>
                  {formatRelative(s.lastRunAt)}
                </time>
              </Row>
            ))
          ) : (
            <None text="No sessions in this time range." />
          )}
        </Section>
        <Section title="Feedback" more={{ href: `/feedback${q}`, label: "All feedback" }}>
          {feedback.data.length ? (
            feedback.data.map((f) => (
              <Row key={f.id} href={`/runs/${encodeURIComponent(f.run.id)}`}>
                {f.score === "thumbs_up" ? <ThumbsUp className="size-3.5 shrink-0 text-emerald-600" aria-label="thumbs up" /> : null}
                {f.score === "thumbs_down" ? <ThumbsDown className="size-3.5 shrink-0 text-red-600" aria-label="thumbs down" /> : null}
                <span className="min-w-0 flex-1 truncate text-zinc-900">{f.text ?? <span className="text-zinc-500">(no text)</span>}</span>
                <time className="w-16 shrink-0 text-right tabular text-zinc-500" suppressHydrationWarning dateTime={f.createdAt}>
                  {formatRelative(f.createdAt)}
                </time>
              </Row>
            ))
          ) : (
            <None text="No feedback in this time range." />
          )}
        </Section>
        {users ? (
          <Section title="Most active users" more={{ href: `/users${q}`, label: "All users" }}>
            {users.data.length ? (
              users.data.map((u) => (
                <Row key={u.id} href={`/users/${encodeURIComponent(u.id)}${wq}`}>
                  <span className="min-w-0 flex-1 truncate text-zinc-900">{u.name ?? u.id}</span>
                  <span className="shrink-0 tabular text-zinc-500">{formatCountOf(u.runs, "run")}</span>
                  <span className="w-16 shrink-0 text-right tabular text-zinc-500">{formatCost(u.costUsd)}</span>
                </Row>
              ))
            ) : (
              <None text="No active users in this time range." />
            )}
          </Section>
        ) : null}
      </div>
    </div>
  );
}
