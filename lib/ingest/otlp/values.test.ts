import { describe, expect, it } from "vitest";
import { contentValue, indexedList, toChat } from "./indexed";
import { promptOf, responseOf, toolMessageOf } from "./values";

const lc = (cls: string, kwargs: Record<string, unknown>) => ({ lc: 1, type: "constructor", id: ["langchain_core", "messages", cls], kwargs });

describe("promptOf / responseOf", () => {
  it("reads plain text, JSON strings and chain inputs", () => {
    expect(promptOf("hello")).toEqual({ user: "hello", system: null });
    expect(promptOf('"quoted"')).toEqual({ user: "quoted", system: null });
    expect(promptOf(JSON.stringify({ inputs: { question: "why?" }, tags: [] }))).toEqual({ user: "why?", system: null });
    expect(promptOf(JSON.stringify({ args: [42, "first text arg"], kwargs: {} })).user).toBe("first text arg");
  });

  it("reads LangGraph tuples and LangChain serialised messages", () => {
    expect(
      promptOf({
        messages: [
          ["system", "be nice"],
          ["user", "hi"],
        ],
      }),
    ).toEqual({ user: "hi", system: "be nice" });
    expect(promptOf({ messages: [[lc("SystemMessage", { content: "sys" }), lc("HumanMessage", { content: "q" })]] })).toEqual({ user: "q", system: "sys" });
  });

  it("finds the response in chain outputs, message lists and LLM results", () => {
    expect(responseOf(JSON.stringify({ outputs: { input: "q", output: "a" } }))).toBe("a");
    expect(responseOf({ messages: [lc("HumanMessage", { content: "q" }), lc("AIMessage", { content: "the answer" })] })).toBe("the answer");
    expect(responseOf({ generations: [[{ text: "", message: lc("AIMessage", { content: "from generation" }) }]] })).toBe("from generation");
    expect(responseOf({ unrelated: { deep: 1 } })).toBeNull();
  });

  it("stops on deeply nested values instead of recursing forever", () => {
    let v: unknown = "deep";
    for (let i = 0; i < 50; i++) v = { input: v };
    expect(promptOf(v).user).toBeNull();
  });
});

describe("toolMessageOf", () => {
  it("reads content, call id, name and status of a serialised ToolMessage", () => {
    expect(toolMessageOf({ output: lc("ToolMessage", { content: "42", tool_call_id: "c1", name: "calc", status: "error" }) })).toEqual({
      text: "42",
      id: "c1",
      name: "calc",
      failed: true,
    });
    expect(toolMessageOf("plain result")).toBeNull();
  });
});

describe("indexed attributes", () => {
  it("rebuilds nested lists in index order and ignores unsafe keys", () => {
    const attrs = {
      "p.1.role": "assistant",
      "p.1.tool_calls.0.name": "f",
      "p.0.role": "user",
      "p.0.content": "hi",
      "p.10.role": "tool",
      "p.x.role": "ignored",
      "p.2.__proto__.polluted": "no",
    };
    const list = indexedList(attrs, "p.");
    expect(list.map((m) => m.role)).toEqual(["user", "assistant", "tool"]);
    expect(list[1]).toEqual({ role: "assistant", tool_calls: [{ name: "f" }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("decodes JSON-encoded content only when it is a string literal or a content-block list", () => {
    expect(contentValue('""')).toBe("");
    expect(contentValue('[{"type":"text","text":"x"}]')).toEqual([{ type: "text", text: "x" }]);
    expect(contentValue("[1, 2, 3]")).toBe("[1, 2, 3]");
  });

  it("gives unknown roles the fallback role instead of dropping the conversation", () => {
    expect(toChat([{ role: "unknown", content: "x" }], "user")).toEqual([{ role: "user", parts: [{ type: "text", text: "x" }] }]);
  });
});
