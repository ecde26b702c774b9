// Names and descriptions of the built-in patterns, as the dashboard and the REST API show them.
// A built-in pattern's id is its key.
import type { BuiltinPatternKey } from "./types";

export interface BuiltinPatternInfo {
  key: BuiltinPatternKey;
  name: string;
  description: string;
  scope: "conversational" | "all";
}

export const BUILTIN_PATTERNS: readonly BuiltinPatternInfo[] = [
  {
    key: "frustration",
    name: "Frustration",
    description: "The user shows annoyance or dissatisfaction with the agent: complaints, repeating themselves, asking for a person, giving up.",
    scope: "conversational",
  },
  {
    key: "confusion",
    name: "Confusion",
    description: "The user does not understand the agent's answer or what to do next, or points out that the agent contradicts itself.",
    scope: "conversational",
  },
  {
    key: "task_failure",
    name: "Task failure",
    description: "The agent did not do what was asked: the run failed, or the answer is empty, a refusal or an inability.",
    scope: "all",
  },
  { key: "tool_error_loop", name: "Tool error loop", description: "One tool failed 3 or more times in the run.", scope: "all" },
  { key: "repeated_calls", name: "Repeated calls", description: "One tool was called 3 or more times with identical arguments in the run.", scope: "all" },
];

export const builtinPattern = (key: string): BuiltinPatternInfo | undefined => BUILTIN_PATTERNS.find((p) => p.key === key);
