import "server-only";
// Recaps in the insight engine: at each day's and week's end (in SIGHTLINE_RECAP_TIME_ZONE), a
// snapshot per agent with runs and one for all agents, skipped when the period had no run and no
// feedback; periods missed while Sightline was stopped are caught up (the last 7 at most). Several
// instances may try the same period: the unique key keeps one snapshot, and only the instance
// whose insert won delivers it to SIGHTLINE_RECAP_WEBHOOK_URL.
import type { Queryable, Sql } from "@/lib/db/sql";
import { buildRecap, isEmptyPeriod } from "@/lib/insights/recaps/build";
import type { RecapContent } from "@/lib/insights/recaps/model";
import { periodContaining, periodsToGenerate, previousPeriod, type PeriodKind } from "@/lib/insights/recaps/period";
import { recapMarkdown, recapSlack } from "@/lib/insights/recaps/render";
import { deliverWebhook, type DeliveryOptions } from "@/lib/insights/recaps/webhook";
import {
  activeAgents,
  activeProjects,
  ALL_AGENTS,
  gatherRecapInput,
  insertRecap,
  lastRecapEnd,
  markDelivered,
  type RecapScope,
} from "@/lib/server/data/recaps";
import type { EngineJob } from "./extensions";

export const RECAP_KINDS: PeriodKind[] = ["day", "week"];
/** Periods caught up after a pause, per agent and kind. */
export const MAX_CATCH_UP = 7;
/** Agents and projects looked at: those with runs in this many days (a week's recap and the one before). */
const ACTIVE_DAYS = 15;

export interface RecapJobOptions {
  timeZone: string;
  webhookUrl: string | null;
  /** The dashboard's public URL, for absolute links in Markdown and Slack. */
  baseUrl: string | null;
  delivery?: DeliveryOptions;
}

/** Writes the recaps due by `now`; returns how many were written. `done` remembers (per process) the periods already handled. */
export async function recapStep(sql: Sql, opts: RecapJobOptions, now = new Date(), done = new Map<string, string>()): Promise<number> {
  const since = new Date(now.getTime() - ACTIVE_DAYS * 86_400_000);
  const [projects, agents] = await Promise.all([activeProjects(sql, since), activeAgents(sql, since)]);
  const scopes: RecapScope[] = [...projects.map((projectId) => ({ projectId, agent: null })), ...agents];
  let written = 0;
  for (const scope of scopes) {
    const agentKey = scope.agent?.id ?? ALL_AGENTS;
    for (const kind of RECAP_KINDS) {
      const memo = `${scope.projectId}\u0000${agentKey}\u0000${kind}`;
      const latest = previousPeriod(periodContaining(now, kind, opts.timeZone)).key;
      if (done.get(memo) === latest) continue;
      const last = await lastRecapEnd(sql, scope.projectId, agentKey, kind, opts.timeZone);
      for (const period of periodsToGenerate(last, now, kind, opts.timeZone, MAX_CATCH_UP)) {
        const input = await gatherRecapInput(sql, scope, period, previousPeriod(period), false, now);
        if (isEmptyPeriod(input)) continue;
        const content = buildRecap(input);
        const id = await insertRecap(sql, { projectId: scope.projectId, agentKey, period, content, markdown: recapMarkdown(content, opts.baseUrl) });
        if (!id) continue;
        written++;
        if (opts.webhookUrl) await deliver(sql, scope.projectId, id, content, opts);
      }
      done.set(memo, latest);
    }
  }
  return written;
}

async function deliver(q: Queryable, projectId: string, id: string, content: RecapContent, opts: RecapJobOptions): Promise<void> {
  const result = await deliverWebhook(opts.webhookUrl!, recapSlack(content, opts.baseUrl), opts.delivery);
  await markDelivered(q, projectId, id, result.ok ? null : (result.error ?? "delivery failed"));
}

/** "So far": the running period's recap, built on demand and not stored. */
export async function currentRecap(q: Queryable, scope: RecapScope, kind: PeriodKind, timeZone: string, baseUrl: string | null, now = new Date()) {
  const period = periodContaining(now, kind, timeZone);
  const content = buildRecap(await gatherRecapInput(q, scope, period, previousPeriod(period), true, now));
  return { content, markdown: recapMarkdown(content, baseUrl) };
}

export function recapJob(options: () => RecapJobOptions): EngineJob {
  const done = new Map<string, string>();
  return { name: "recaps", everyMs: 60_000, run: (sql) => recapStep(sql, options(), new Date(), done) };
}
