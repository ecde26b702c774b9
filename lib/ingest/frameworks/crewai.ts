// CrewAI through `contextcompany.crewai.instrument_crewai()`: it posts plain `/v1/custom` items
// (step and tool_call first, the run last, one request each) with no framework marker. The crew's
// structure is still in every step's prompt, which CrewAI builds from fixed templates:
//   system: "You are {role}. {backstory}\nYour personal goal is: {goal}"
//   user:   "\nCurrent Task: {description}\n\nThis is the expected criteria for your final answer:
//            {expected_output}\nyou MUST return …" (older CrewAI: "expect criteria")
// so each step names its agent and task. Because the run arrives in another request, each step
// also contributes flat, per-agent and per-task keys to its run's attributes: the store merges
// attribute keys across requests, so the run ends up listing every agent and task of the crew.
import { createHash } from "node:crypto";
import { messageText, type ChatMessage } from "../messages";

export interface CrewStep {
  role: string;
  goal: string | null;
  backstory: string | null;
  task: string | null;
  expectedOutput: string | null;
}

const ROLE = /^\s*You are (.+?)\.(?: ([\s\S]*?))?\n\s*Your personal goal is: ?([^\n]*)/;
const TASK =
  /Current Task: ([\s\S]*?)(?=\n+\s*This is the expect(?:ed)? criteria for your final answer|\n+\s*This is the context you're working with|\n+\s*Begin!|\n+\s*Provide your complete response|$)/;
const EXPECTED = /This is the expect(?:ed)? criteria for your final answer: ([\s\S]*?)(?=\n\s*you MUST return|$)/;

const clean = (s: string | undefined): string | null => {
  const t = s?.trim();
  return t ? t : null;
};

/** The CrewAI agent and task a step's prompt was built for, or null when it is not a CrewAI prompt. */
export function crewAiStep(input: ChatMessage[] | string | null): CrewStep | null {
  if (!Array.isArray(input)) return null;
  let agent: RegExpExecArray | null = null;
  // `use_system_prompt=False` puts the role-playing text in the user message instead.
  for (const m of input) {
    if (m.role !== "system" && m.role !== "user") continue;
    agent = ROLE.exec(messageText(m));
    if (agent) break;
  }
  if (!agent) return null;
  let task: string | null = null;
  let expected: string | null = null;
  for (let i = input.length - 1; i >= 0 && !task; i--) {
    const m = input[i]!;
    if (m.role !== "user") continue;
    const text = messageText(m);
    const t = TASK.exec(text);
    if (t) {
      task = clean(t[1]);
      expected = clean(EXPECTED.exec(text)?.[1]);
    }
  }
  return { role: agent[1]!.trim(), backstory: clean(agent[2]), goal: clean(agent[3]), task, expectedOutput: expected };
}

/** Attributes of the step itself. */
export function crewStepAttributes(c: CrewStep): Record<string, unknown> {
  const out: Record<string, unknown> = { "crewai.agent.role": c.role };
  if (c.goal) out["crewai.agent.goal"] = c.goal;
  if (c.task) out["crewai.task.description"] = c.task;
  if (c.expectedOutput) out["crewai.task.expected_output"] = c.expectedOutput;
  return out;
}

/**
 * Keys this step adds to its run: one per agent and one per task (keyed by a hash of the
 * description), each holding the whole record, so merges across requests never lose one.
 */
export function crewRunAttributes(c: CrewStep, at: Date): Record<string, unknown> {
  const out: Record<string, unknown> = {
    "crewai.framework": "crewai",
    [`crewai.agents.${c.role}`]: { role: c.role, goal: c.goal },
  };
  if (c.task) {
    const key = createHash("sha256").update(c.task).digest("hex").slice(0, 12);
    out[`crewai.tasks.${key}`] = { description: c.task, expectedOutput: c.expectedOutput, agent: c.role, at: at.toISOString() };
  }
  return out;
}
