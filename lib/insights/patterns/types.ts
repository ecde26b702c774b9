// What the pattern detectors read and return. Pure data: the insight engine (lib/server/insights)
// loads a run, its tool calls, its feedback and the earlier turns of its session into a RunContext,
// and stores the PatternMatches with their evidence. Later analysers (topics, recaps) read the
// same RunFacts.

export const BUILTIN_PATTERN_KEYS = ["frustration", "confusion", "task_failure", "tool_error_loop", "repeated_calls"] as const;
export type BuiltinPatternKey = (typeof BUILTIN_PATTERN_KEYS)[number];

/** Patterns about the end user's experience: only conversational runs are analysed for them. */
export const USER_INSIGHT_KEYS: readonly BuiltinPatternKey[] = ["frustration", "confusion"];

export interface ToolCallFacts {
  id: string;
  name: string;
  /** Arguments as sent (usually JSON text), possibly cut to a bound by the loader. */
  args: string | null;
  /** Set when `args` was cut: a digest of the whole arguments, their identity for repeated_calls. */
  argsDigest?: string | null;
  result: string | null;
  failed: boolean;
  error: string | null;
  durationMs: number | null;
}

export interface FeedbackFacts {
  id: string;
  /** 1 thumbs up, -1 thumbs down, null text only. */
  score: 1 | -1 | null;
  text: string | null;
}

export interface RunFacts {
  id: string;
  /** The run's agent (its id in the database); user-defined patterns may be limited to one. */
  agent: string | null;
  sessionId: string | null;
  /** tcc.conversational; null (not said) counts as not conversational. */
  conversational: boolean;
  /** OTel status code: 0 unset, 1 ok, 2 error. */
  status: 0 | 1 | 2;
  statusMessage: string | null;
  userPrompt: string | null;
  response: string | null;
  toolCalls: ToolCallFacts[];
  feedback: FeedbackFacts[];
  /** Custom metadata (tcc.* keys excluded), values as strings. */
  metadata: Record<string, string>;
  models: string[];
  durationMs: number | null;
  costUsd: number | null;
  inputTokens: number;
  outputTokens: number;
  startTime: Date;
}

/** A run with the turns of its session that came before it (oldest first). */
export interface RunContext {
  run: RunFacts;
  previous: RunFacts[];
}

/** Where a match was seen: the user's turn, the agent's answer, a tool call, a feedback or the run's status. */
export type EvidenceSource = "turn" | "response" | "tool_call" | "feedback" | "run";

export interface Evidence {
  source: EvidenceSource;
  /** Id of the tool call or feedback, or the run's id. */
  ref: string;
  /** A snippet of the source text (at most EVIDENCE_SNIPPET_CHARS characters). */
  text: string;
  /** The part of `text` to highlight, as [start, end) offsets, when one phrase triggered the match. */
  highlight: [number, number] | null;
}

export interface PatternMatch {
  key: string;
  evidence: Evidence[];
}

export const EVIDENCE_SNIPPET_CHARS = 240;
