// What the runs table receives: a trimmed row per run (only what the columns show), so the
// first page's HTML and each poll stay small. Built from the data layer's RunDto (type-only import).
import type { Page, RunDto } from "./runs";

export interface RunRow {
  id: string;
  status: RunDto["status"];
  statusMessage: string | null;
  startTime: string;
  agent: RunDto["agent"];
  conversational: boolean;
  userPrompt: string | null;
  user: RunDto["user"];
  org: RunDto["org"];
  sessionId: string | null;
  models: string[];
  durationMs: number | null;
  usage: RunDto["usage"];
  costUsd: number | null;
  stepCount: number;
  toolCallCount: number;
  toolErrorCount: number;
  feedbackCount: number;
  latestFeedback: { score: "thumbs_up" | "thumbs_down" | null; text: string | null } | null;
  /** The patterns the insight engine found in the run (id and name). */
  patterns: Array<{ id: string; name: string }>;
}

export type RunsPage = { data: RunRow[]; nextCursor: string | null };

const cut = (s: string | null, n: number) => (s && s.length > n ? `${s.slice(0, n)}…` : s);

export type RunPatterns = Map<string, Array<{ id: string; name: string }>>;

export function toRunRow(r: RunDto, patterns: RunPatterns = new Map()): RunRow {
  const last = r.feedback[r.feedback.length - 1];
  return {
    id: r.id,
    status: r.status,
    statusMessage: cut(r.statusMessage, 300),
    startTime: r.startTime,
    agent: r.agent,
    conversational: r.conversational,
    userPrompt: cut(r.userPrompt, 300),
    user: r.user,
    org: r.org,
    sessionId: r.sessionId,
    models: r.models,
    durationMs: r.durationMs,
    usage: r.usage,
    costUsd: r.costUsd,
    stepCount: r.stepCount,
    toolCallCount: r.toolCallCount,
    toolErrorCount: r.toolErrorCount,
    feedbackCount: r.feedback.length,
    latestFeedback: last ? { score: last.score, text: cut(last.text, 300) } : null,
    patterns: patterns.get(r.id) ?? [],
  };
}

export function toRunsPage(p: Page<RunDto>, patterns: RunPatterns = new Map()): RunsPage {
  return { data: p.data.map((r) => toRunRow(r, patterns)), nextCursor: p.nextCursor };
}
