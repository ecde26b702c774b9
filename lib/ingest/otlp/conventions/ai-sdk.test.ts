// AI SDK 5/6 (`ai.*`) on the captured @contextcompany/otel request (tests/fixtures/tcc/aisdk.jsonl).
import { describe, expect, it } from "vitest";
import { fixture } from "@/tests/helpers/routes";
import { decodeJsonTraces } from "../decode";
import { aiSdkConvention as c } from "./ai-sdk";
import { conventionFor } from "./registry";

const spans = decodeJsonTraces(fixture("aisdk")[0]!.body).spans;

describe("AI SDK convention", () => {
  it("claims every ai.* span and classifies run, steps and tool calls by name", () => {
    expect(spans.every((s) => conventionFor(s) === c)).toBe(true);
    expect(spans.map((s) => [s.name, c.classify(s)])).toEqual(
      expect.arrayContaining([
        ["ai.generateText", "run"],
        ["ai.generateText.doGenerate", "step"],
        ["ai.toolCall", "tool"],
      ]),
    );
  });

  it("reads the run prompt from ai.prompt and the step's tool calls from ai.response.toolCalls", () => {
    const run = c.run!(spans.find((s) => s.name === "ai.generateText")!);
    expect(run).toMatchObject({ userPrompt: "Weather in Paris?", systemPrompt: "You are a weather bot.", response: "It is sunny in Paris." });
    const first = spans.filter((s) => s.name === "ai.generateText.doGenerate").sort((a, b) => Number(a.startNs - b.startNs))[0]!;
    expect(c.step!(first).output).toEqual([
      { role: "assistant", parts: [{ type: "tool_call", id: "call_1", name: "getWeather", arguments: '{"city":"Paris"}' }] },
    ]);
  });
});
