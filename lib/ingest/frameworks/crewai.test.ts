import { describe, expect, it } from "vitest";
import { captures } from "@/tests/fixtures/frameworks/load";
import { customToBatch } from "../custom";
import { readPrompt } from "../messages";
import { crewAiStep } from "./crewai";

describe("crewAiStep: CrewAI's prompt templates", () => {
  it("reads the agent from the system message and the task from the user message", () => {
    const input = readPrompt(
      JSON.stringify([
        { role: "system", content: "You are Sr. Analyst. Ten years on the desk.\nYour personal goal is: Find the facts\nYou ONLY have access to…" },
        {
          role: "user",
          content:
            "\nCurrent Task: Summarise Q3.\n\nThis is the expected criteria for your final answer: Three bullets.\nyou MUST return the actual complete content",
        },
      ]),
    );
    // A role with its own full stop is cut at the first one: the template gives no other delimiter.
    expect(crewAiStep(input)).toEqual({
      role: "Sr",
      backstory: "Analyst. Ten years on the desk.",
      goal: "Find the facts",
      task: "Summarise Q3.",
      expectedOutput: "Three bullets.",
    });
  });

  it("reads older CrewAI ('expect criteria') and role-playing text in the user message", () => {
    const input = readPrompt(
      JSON.stringify([
        {
          role: "user",
          content:
            "You are Planner. \nYour personal goal is: Plan trips\n\nCurrent Task: Plan a day in Rome\nThis is the expect criteria for your final answer: An itinerary\nyou MUST return the actual complete content as the final answer, not a summary.\n\nBegin! This is VERY important to you",
        },
      ]),
    );
    expect(crewAiStep(input)).toMatchObject({ role: "Planner", goal: "Plan trips", task: "Plan a day in Rome", expectedOutput: "An itinerary" });
  });

  it("ignores prompts that are not CrewAI's", () => {
    expect(crewAiStep(readPrompt('[{"role":"system","content":"You are helpful."},{"role":"user","content":"hi"}]'))).toBeNull();
    expect(crewAiStep("free text")).toBeNull();
    expect(crewAiStep(null)).toBeNull();
  });
});

describe("customToBatch: a CrewAI kickoff (crewai.jsonl, one request per item as the Python SDK sends)", () => {
  const batches = captures("crewai").map((c) => customToBatch(c.body));
  const steps = batches.flatMap((b) => b.steps);

  it("names each step after its agent and keeps the agent and task as step attributes", () => {
    expect(steps.map((s) => s.name)).toEqual(["Weather Researcher", "Weather Researcher", "Travel Writer"]);
    expect(steps[0]!.attributes).toMatchObject({
      "crewai.agent.role": "Weather Researcher",
      "crewai.agent.goal": "Find accurate, current weather data for the requested city",
      "crewai.task.description": "Research the current weather in Tokyo.",
      "crewai.task.expected_output": "A short weather report for Tokyo.",
    });
    expect(steps[2]!.attributes["crewai.task.description"]).toBe("Write a one-paragraph travel tip based on the weather report.");
  });

  it("adds each agent and task to the run through a placeholder that never overwrites the run", () => {
    const placeholders = batches.flatMap((b) => b.runs).filter((r) => r.placeholder);
    expect(placeholders).toHaveLength(3);
    const attrs = Object.assign({}, ...placeholders.map((r) => r.attributes));
    expect(attrs["crewai.framework"]).toBe("crewai");
    expect(attrs["crewai.agents.Travel Writer"]).toEqual({ role: "Travel Writer", goal: "Turn weather reports into useful advice for travellers" });
    const tasks = Object.entries(attrs).filter(([k]) => k.startsWith("crewai.tasks."));
    expect(tasks.map(([, v]) => (v as { agent: string }).agent).sort()).toEqual(["Travel Writer", "Weather Researcher"]);
    const run = batches[4]!.runs[0]!;
    expect(run).toMatchObject({
      placeholder: false,
      source: "custom",
      userPrompt: "Research the current weather in Tokyo.\n\nWrite a one-paragraph travel tip based on the weather report.",
    });
    expect(run.meta.custom).toEqual({ agentName: "weather-crew", environment: "production", max_rpm: "10" });
  });

  it("renders the tool-call response as an assistant tool call", () => {
    expect((steps[0]!.output as any)[0].parts[0]).toEqual({ type: "tool_call", id: "call_w1", name: "get_weather", arguments: '{"location": "Tokyo"}' });
    expect((steps[1]!.input as { role: string }[]).map((m) => m.role)).toEqual(["system", "user", "assistant", "tool"]);
  });
});
