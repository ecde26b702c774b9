import { describe, expect, it } from "vitest";
import { parseQuery } from "./query";
import { SNIPPET_CHARS, snippetFor, termPattern } from "./snippet";

const sections = (s: Partial<Record<"prompt" | "response" | "tool" | "error" | "other", string>>) => ({
  prompt: "",
  response: "",
  tool: "",
  error: "",
  other: "",
  ...s,
});
const marked = (r: { snippet: string; highlights: Array<[number, number]> }) => r.highlights.map(([a, b]) => r.snippet.slice(a, b));

describe("snippetFor", () => {
  it("shows the first section holding a term, with every term's matches marked", () => {
    const r = snippetFor(sections({ prompt: "hello", response: "Your Refund for ORD-4021 is a refund indeed" }), parseQuery("refund ord-4021").terms);
    expect(r.field).toBe("response");
    expect(marked(r)).toEqual(["Refund", "ORD-4021", "refund"]);
  });

  it("matches whole words only, prefixes at word starts, phrases across punctuation", () => {
    expect(marked(snippetFor(sections({ prompt: "refunds and refund" }), parseQuery("refund").terms))).toEqual(["refund"]);
    expect(marked(snippetFor(sections({ prompt: "refunds and prerefund" }), parseQuery("refund*").terms))).toEqual(["refund"]);
    expect(marked(snippetFor(sections({ prompt: "reset my\npassword, please" }), parseQuery('"reset my password"').terms))).toEqual(["reset my password"]);
  });

  it("looks in the field a prefix names", () => {
    const r = snippetFor(sections({ prompt: "refund", tool: "refund_tool refund" }), parseQuery("tool:refund").terms);
    expect(r.field).toBe("tool");
  });

  it("cuts long text around the match with ellipses", () => {
    const text = `${"lorem ipsum ".repeat(40)}needle ${"dolor sit ".repeat(40)}`;
    const r = snippetFor(sections({ prompt: text }), parseQuery("needle").terms);
    expect(r.snippet.length).toBeLessThanOrEqual(SNIPPET_CHARS + 2);
    expect(r.snippet.startsWith("…")).toBe(true);
    expect(r.snippet.endsWith("…")).toBe(true);
    expect(marked(r)).toEqual(["needle"]);
  });

  it("finds non-Latin text and regular-expression characters literally", () => {
    expect(marked(snippetFor(sections({ prompt: "我想退款，订单号" }), parseQuery("退款").terms))).toEqual(["退款"]);
    expect(marked(snippetFor(sections({ tool: "a (b) [c] a.b+c?" }), parseQuery("a.b+c").terms))).toEqual(["a.b+c"]);
    expect(() => termPattern({ kind: "substring", value: "x/-\\y", field: null, negated: false })).not.toThrow();
  });

  it("names the run field a filter-only query matched", () => {
    const r = snippetFor(sections({ prompt: "the prompt" }), parseQuery("status:error").terms);
    expect(r).toEqual({ field: "status", snippet: "the prompt", highlights: [] });
    expect(snippetFor(sections({}), parseQuery("meta.plan:pro").terms).field).toBe("metadata");
  });
});
