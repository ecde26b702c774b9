import "server-only";
// Recaps in the insight engine: at each day's and week's end (in SIGHTLINE_RECAP_TIME_ZONE), a
// snapshot per agent with runs and one for all agents, skipped when the period had no run and no
// feedback; periods missed while Sightline was stopped are caught up (the last 7 at most). Several
// instances may try the same period: the unique key keeps one snapshot. Delivery to
// SIGHTLINE_RECAP_WEBHOOK_URL is a durable queue on the recaps table: a new recap is due at once,
// an instance claims a due recap with a lease before posting it, and a failed round is retried with
// a doubling pause (1 minute to 6 hours, 8 rounds) across ticks and restarts; a delivered recap is
// never posted again.
import type { Queryable, Sql } from "@/lib/db/sql";
import { createLlmClient, narrateRecap, type LlmConfig } from "@/lib/insights/llm/client";
import { buildRecap, isEmptyPeriod } from "@/lib/insights/recaps/build";
import type { RecapContent } from "@/lib/insights/recaps/model";
import { periodContaining, periodsToGenerate, previousPeriod, type PeriodKind } from "@/lib/insights/recaps/period";
import { recapMarkdown, recapSlack } from "@/lib/insights/recaps/render";
import { deliverWebhook, DELIVERY_ROUNDS, isPermanentFailure, retryDelayMs, type DeliveryOptions } from "@/lib/insights/recaps/webhook";
import {
  activeAgents,
  activeProjects,
  ALL_AGENTS,
  claimDueDelivery,
  gatherRecapInput,
  insertRecap,
  lastRecapEnd,
  recordDelivery,
  type RecapScope,
} from "@/lib/server/data/recaps";
import type { EngineJob } from "./extensions";

export const RECAP_KINDS: PeriodKind[] = ["day", "week"];
/** Periods caught up after a pause, per agent and kind. */
export const MAX_CATCH_UP = 7;
/** Agents and projects looked at: those with runs in this many days (a week's recap and the one before). */
const ACTIVE_DAYS = 15;
/** A claimed delivery is left to its instance this long (a round's tries and pauses take well under it). */
const DELIVERY_LEASE_S = 300;
/** Deliveries per tick, and no new one started after this long, so a backlog or a hook that hangs does not hold the engine's job loop. */
const DELIVERIES_PER_TICK = 50;
const DELIVERY_BUDGET_MS = 20_000;

export interface RecapJobOptions {
  timeZone: string;
  webhookUrl: string | null;
  /** The dashboard's public URL, for absolute links in Markdown and Slack. */
  baseUrl: string | null;
  delivery?: DeliveryOptions;
  /** The optional OpenAI-compatible model: a short narrative paragraph at the top of each stored recap. */
  llm?: LlmConfig | null;
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
        const content = await withNarrative(buildRecap(input), opts);
        const markdown = recapMarkdown(content, opts.baseUrl);
        const id = await insertRecap(sql, { projectId: scope.projectId, agentKey, period, content, markdown, deliverAt: opts.webhookUrl ? now : null });
        if (id) written++;
      }
      done.set(memo, latest);
    }
  }
  if (opts.webhookUrl) await deliverDue(sql, opts.webhookUrl, opts, now);
  return written;
}

/**
 * The model's paragraph, written from the recap's own Markdown (so it says nothing the figures do
 * not). Without a model, or when it fails, the recap goes out without one: it is a snapshot of
 * figures first.
 */
async function withNarrative(content: RecapContent, opts: Pick<RecapJobOptions, "llm" | "baseUrl">): Promise<RecapContent> {
  if (!opts.llm) return content;
  try {
    const client = createLlmClient({ ...opts.llm, timeoutMs: opts.llm.timeoutMs ?? 30_000 });
    const narrative = (await narrateRecap(client, recapMarkdown(content, opts.baseUrl))).trim();
    return narrative ? { ...content, narrative } : content;
  } catch (err) {
    console.warn(`[sightline] recap narrative: ${err instanceof Error ? err.message : String(err)}`);
    return content;
  }
}

/** Posts the recaps whose delivery is due (new ones, and failed ones whose pause is over); returns how many were delivered. */
export async function deliverDue(q: Queryable, url: string, opts: Pick<RecapJobOptions, "baseUrl" | "delivery">, now = new Date()): Promise<number> {
  let delivered = 0;
  const started = performance.now();
  for (let i = 0; i < DELIVERIES_PER_TICK && performance.now() - started < DELIVERY_BUDGET_MS; i++) {
    const due = await claimDueDelivery(q, now, DELIVERY_LEASE_S);
    if (!due) break;
    const result = await deliverWebhook(url, recapSlack(due.content, opts.baseUrl), { ...opts.delivery, idempotencyKey: due.id });
    if (result.ok) {
      await recordDelivery(q, due.projectId, due.id, { delivered: true });
      delivered++;
      continue;
    }
    const error = result.error ?? "delivery failed";
    const last = isPermanentFailure(result) || due.attempt >= DELIVERY_ROUNDS;
    await recordDelivery(q, due.projectId, due.id, {
      delivered: false,
      error: last ? `${error} (gave up after ${due.attempt} ${due.attempt === 1 ? "round" : "rounds"})` : error,
      retryAt: last ? null : new Date(now.getTime() + retryDelayMs(due.attempt)),
    });
  }
  return delivered;
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
