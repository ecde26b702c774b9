// A small LangChain.js tool-calling agent for the OpenTelemetry contract test: real
// @langchain/core runnables, tools and callbacks, with a scripted chat model (no network) that
// answers like a provider would (tool calls, usage metadata, model name, finish reason).
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import type { ToolCall } from "@langchain/core/messages/tool";
import type { ChatResult } from "@langchain/core/outputs";
import { RunnableLambda, type RunnableConfig } from "@langchain/core/runnables";
import { tool } from "@langchain/core/tools";

export const MODEL = "gpt-4o-mini-2024-07-18";

/** Replies with the scripted messages in order, one per call. */
class ScriptedChatModel extends BaseChatModel {
  private turn = 0;
  constructor(private readonly script: AIMessage[]) {
    super({});
  }
  _llmType() {
    return "scripted";
  }
  override invocationParams() {
    return { model_name: MODEL, temperature: 0 };
  }
  async _generate(_messages: BaseMessage[]): Promise<ChatResult> {
    const message = this.script[this.turn++];
    if (!message) throw new Error("the script has no more replies");
    return { generations: [{ text: typeof message.content === "string" ? message.content : "", message }] };
  }
}

const getWeather = tool(async ({ city }: { city: string }) => JSON.stringify({ city, temperature: 14, condition: "drizzle" }), {
  name: "get_weather",
  description: "Current weather for a city",
  schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
});

const getForecast = tool(
  async (): Promise<string> => {
    throw new Error("forecast backend unreachable");
  },
  {
    name: "get_forecast",
    description: "Forecast for the coming days",
    schema: { type: "object", properties: { city: { type: "string" }, days: { type: "number" } }, required: ["city"] },
  },
);

export const QUESTION = "Is it raining in Dublin, and will it clear up this week?";
export const ANSWER = "It is 14°C with drizzle in Dublin; I could not get the forecast.";

function script(): AIMessage[] {
  return [
    new AIMessage({
      content: "",
      tool_calls: [
        { id: "call_dub_1", name: "get_weather", args: { city: "Dublin" }, type: "tool_call" },
        { id: "call_dub_2", name: "get_forecast", args: { city: "Dublin", days: 5 }, type: "tool_call" },
      ],
      usage_metadata: { input_tokens: 88, output_tokens: 31, total_tokens: 119 },
      response_metadata: { model_name: MODEL, finish_reason: "tool_calls" },
    }),
    new AIMessage({
      content: ANSWER,
      usage_metadata: { input_tokens: 171, output_tokens: 19, total_tokens: 190, input_token_details: { cache_read: 64 } },
      response_metadata: { model_name: MODEL, finish_reason: "stop" },
    }),
  ];
}

/** The agent: one LLM call, the tools it asks for, a second LLM call with the results. */
export function weatherAgent() {
  const model = new ScriptedChatModel(script());
  const tools: Record<string, { invoke(call: ToolCall, config?: RunnableConfig): Promise<unknown> }> = { get_weather: getWeather, get_forecast: getForecast };
  return RunnableLambda.from(async (input: { question: string }, config) => {
    const messages: BaseMessage[] = [new SystemMessage("You are a concise weather assistant."), new HumanMessage(input.question)];
    const first = (await model.invoke(messages, config)) as AIMessage;
    messages.push(first);
    for (const call of first.tool_calls ?? []) {
      try {
        messages.push((await tools[call.name]!.invoke(call, config)) as ToolMessage);
      } catch (err) {
        messages.push(new ToolMessage({ tool_call_id: call.id!, content: `Error: ${(err as Error).message}`, status: "error" }));
      }
    }
    const final = await model.invoke(messages, config);
    return { output: final.content };
  }).withConfig({ runName: "weather-agent" });
}
