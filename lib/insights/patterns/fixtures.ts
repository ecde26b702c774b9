// Builders of RunFacts for the detectors' and rules' unit tests.
import type { RunContext, RunFacts, ToolCallFacts } from "./types";

export function runFacts(over: Partial<RunFacts> = {}): RunFacts {
  return {
    id: "run-1",
    agent: "support-bot",
    sessionId: "s-1",
    conversational: true,
    status: 1,
    statusMessage: null,
    userPrompt: "How do I export my contacts?",
    response: "Go to Contacts > Export and pick CSV.",
    toolCalls: [],
    feedback: [],
    metadata: {},
    models: ["gpt-4o-mini"],
    durationMs: 1200,
    costUsd: 0.002,
    inputTokens: 300,
    outputTokens: 80,
    startTime: new Date("2026-12-01T09:00:00Z"),
    ...over,
  };
}

export function toolCall(over: Partial<ToolCallFacts> = {}): ToolCallFacts {
  return { id: "tc-1", name: "search_docs", args: '{"q":"export"}', result: "[]", failed: false, error: null, durationMs: 40, ...over };
}

/** A conversation: each [prompt, response] becomes a run; the last one is the run analysed. */
export function conversation(turns: [string, string][], last: Partial<RunFacts> = {}): RunContext {
  const runs = turns.map(([userPrompt, response], i) => runFacts({ id: `run-${i + 1}`, userPrompt, response }));
  const run: RunFacts = { ...(runs.at(-1) ?? runFacts()), ...last };
  return { run, previous: runs.slice(0, -1) };
}
