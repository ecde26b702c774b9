import "server-only";
// Recaps in the insight engine: after each day's and week's end (in SIGHTLINE_RECAP_TIME_ZONE), a
// snapshot per agent with runs and one for all agents, skipped when the period had no run and no
// feedback. A snapshot is immutable, so a period's recap is written only once its data has settled:
// no run of the scope that started in the period was written or updated in the last SETTLE_MS (10
// minutes), and the insight engine has no queued run of the project that started before the period's
// end (failures, patterns and topics are in). Until then the period waits and is checked again at the
// next tick, and the periods after it wait behind it; an agent's recap also waits while the
// all-agents recap of its period does (one probe per project and period a tick). Periods missed while Sightline was stopped are
// caught up (the last 7 at most); a fresh install writes the last 7 that had data. Several
// instances may try the same period: the unique key keeps one snapshot. Delivery to
// SIGHTLINE_RECAP_WEBHOOK_URL is a durable queue on the recaps table: a new recap is due at once,
// an instance claims a due recap with a lease before posting it, and a failed round is retried with
// a doubling pause (1 minute to 6 hours, 8 rounds) across ticks and restarts; a delivered recap is
// never posted again.
import { withoutParallelQuery, type Queryable, type Sql } from "@/lib/db/sql";
import { createLlmClient, narrateRecap, type LlmConfig } from "@/lib/insights/llm/client";
import { buildRecap, isEmptyPeriod } from "@/lib/insights/recaps/build";
import type { RecapContent } from "@/lib/insights/recaps/model";
import { periodContaining, periodsToGenerate, previousPeriod, type Period, type PeriodKind } from "@/lib/insights/recaps/period";
import { recapMarkdown, recapSlack } from "@/lib/insights/recaps/render";
import { deliverWebhook, DELIVERY_ROUNDS, isPermanentFailure, retryDelayMs, type DeliveryOptions } from "@/lib/insights/recaps/webhook";
import { insightBacklogBefore, periodRunsChangedSince, periodsWithData } from "@/lib/server/data/recap-readiness";
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
/**
 * A period's recap is written once no run of its scope that started in it has been written or
 * updated for this long (and the insight engine has analysed its runs). Runs of a period keep
 * arriving after its end: SDKs flush and retry, exporters batch, a run ends (and is updated) after
 * it starts, and an import of past runs (`npm run demo`, a backfill) writes a period over minutes.
 * Ten minutes is longer than an SDK's retry and batch delays and a run's usual length, and short
 * enough that a day's recap still comes within the quarter hour after the day ends.
 */
export const SETTLE_MS = 10 * 60_000; // SIGHTLINE_RECAP_SETTLE_S
/** A fresh install looks this many periods back for the MAX_CATCH_UP with data it writes. */
export const FRESH_LOOKBACK = 4 * MAX_CATCH_UP;
/** Agents and projects looked at: those with runs in this many days (a week's recap and the one before). */
const ACTIVE_DAYS = 15;
/** A claimed delivery is left to its instance this long (a round's tries and pauses take well under it). */
const DELIVERY_LEASE_S = 300;
/** Deliveries per tick, and no new one started after this long, so a backlog or a hook that hangs does not hold the engine's job loop. */
const DELIVERIES_PER_TICK = 50;
const DELIVERY_BUDGET_MS = 20_000;

export interface RecapJobOptions {
  timeZone: string;
  /** How long a period's runs must have been left unchanged before its recap is written (default SETTLE_MS). */
  settleMs?: number;
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
  // What the all-agents probe found for a project's period in this tick. Settled for all agents is
  // settled for each agent (an agent's runs are among the project's); not settled makes the agents
  // wait too, a little longer than their own runs would need, so that a tick costs one probe per
  // project and period (at 1M runs a probe reads the period's runs: 0.7 to 2 s for a day or a week).
  const settledForAll = new Map<string, boolean>();
  for (const scope of scopes) {
    const agentKey = scope.agent?.id ?? ALL_AGENTS;
    for (const kind of RECAP_KINDS) {
      const memo = `${scope.projectId}\u0000${agentKey}\u0000${kind}`;
      const latest = previousPeriod(periodContaining(now, kind, opts.timeZone)).key;
      if (done.get(memo) === latest) continue;
      const last = await lastRecapEnd(sql, scope.projectId, agentKey, kind, opts.timeZone);
      let settled = true;
      for (const period of await periodsDue(sql, scope, last, now, kind, opts.timeZone)) {
        // Oldest first, and a period that has not settled holds back the later ones: the next
        // recap written is always the one after the last (lastRecapEnd).
        const projectPeriod = `${scope.projectId}\u0000${kind}\u0000${period.key}`;
        let ready = settledForAll.get(projectPeriod);
        if (ready === undefined) {
          ready = await hasSettled(sql, scope, period, now, opts.settleMs ?? SETTLE_MS);
          if (!scope.agent) settledForAll.set(projectPeriod, ready);
        }
        if (!ready) {
          settled = false;
          break;
        }
        const input = await withoutParallelQuery(sql, (q) => gatherRecapInput(q, scope, period, previousPeriod(period), false, now));
        if (isEmptyPeriod(input)) continue;
        const content = await withNarrative(buildRecap(input), opts);
        const markdown = recapMarkdown(content, opts.baseUrl);
        const id = await insertRecap(sql, { projectId: scope.projectId, agentKey, period, content, markdown, deliverAt: opts.webhookUrl ? now : null });
        if (id) written++;
      }
      if (settled) done.set(memo, latest);
    }
  }
  if (opts.webhookUrl) await deliverDue(sql, opts.webhookUrl, opts, now);
  return written;
}

/**
 * The periods to generate: after the last recap, the ones ended since (the last MAX_CATCH_UP). On a
 * fresh install (no recap yet), the last MAX_CATCH_UP that had data, looked for among the last
 * FRESH_LOOKBACK periods, so a backfill gets a week of daily recaps and not only yesterday's.
 */
async function periodsDue(sql: Sql, scope: RecapScope, last: Date | null, now: Date, kind: PeriodKind, timeZone: string): Promise<Period[]> {
  if (last) return periodsToGenerate(last, now, kind, timeZone, MAX_CATCH_UP);
  const candidates = periodsToGenerate(null, now, kind, timeZone, FRESH_LOOKBACK);
  const withData = await periodsWithData(sql, scope, candidates);
  return candidates.filter((p) => withData.has(p.key)).slice(-MAX_CATCH_UP);
}

/** Whether the period's data has settled (see SETTLE_MS): then its recap may be written. */
async function hasSettled(sql: Sql, scope: RecapScope, period: Period, now: Date, settleMs: number): Promise<boolean> {
  if (await insightBacklogBefore(sql, scope.projectId, period.end)) return false;
  return !(await periodRunsChangedSince(sql, scope, period, new Date(now.getTime() - settleMs)));
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
export async function currentRecap(sql: Sql, scope: RecapScope, kind: PeriodKind, timeZone: string, baseUrl: string | null, now = new Date()) {
  const period = periodContaining(now, kind, timeZone);
  const input = await withoutParallelQuery(sql, (q) => gatherRecapInput(q, scope, period, previousPeriod(period), true, now));
  const content = buildRecap(input);
  return { content, markdown: recapMarkdown(content, baseUrl) };
}

export function recapJob(options: () => RecapJobOptions): EngineJob {
  const done = new Map<string, string>();
  return { name: "recaps", everyMs: 60_000, run: (sql) => recapStep(sql, options(), new Date(), done) };
}
