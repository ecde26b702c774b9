import { describe, expect, it } from "vitest";
import { fitForModel, truncatedMarker } from "./truncate";

describe("fitForModel", () => {
  it("keeps short values whole", () => {
    const v = { id: "r1", prompt: "hello", n: 3, ok: true, none: null, list: [1, 2, 3] };
    expect(JSON.parse(fitForModel(v))).toEqual(v);
  });

  it("cuts long strings with a marker that counts what was left out", () => {
    const out = JSON.parse(fitForModel({ text: "a".repeat(1500) }, { maxString: 1000 }));
    expect(out.text).toBe("a".repeat(1000) + truncatedMarker(500));
  });

  it("never leaves half a surrogate pair", () => {
    const s = "a".repeat(9) + "😀" + "b".repeat(20);
    const out = JSON.parse(fitForModel({ s }, { maxString: 10 })).s as string;
    expect(out.startsWith("a".repeat(9) + "…")).toBe(true);
    expect(out).toContain(truncatedMarker(s.length - 9));
  });

  it("keeps the first items of a long array and says how many more there were", () => {
    const out = JSON.parse(fitForModel({ items: Array.from({ length: 60 }, (_, i) => i) }, { maxItems: 50 }));
    expect(out.items).toHaveLength(51);
    expect(out.items[49]).toBe(49);
    expect(out.items[50]).toBe("…[truncated: 10 more items]");
  });

  it("tightens until the answer fits the budget", () => {
    const big = { runs: Array.from({ length: 40 }, (_, i) => ({ id: `run-${i}`, response: "x".repeat(5000) })) };
    const text = fitForModel(big, { budget: 20_000 });
    expect(text.length).toBeLessThanOrEqual(20_000);
    const out = JSON.parse(text);
    expect(out.runs[0].id).toBe("run-0");
    expect(out.runs[0].response).toMatch(/…\[truncated: \d+ more characters\]$/);
  });

  it("cuts the JSON itself, with a marker, when nothing else makes it fit", () => {
    const wide = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`key${i}`, i]));
    const text = fitForModel(wide, { budget: 1000 });
    expect(text.length).toBeLessThan(1100);
    expect(text).toMatch(/…\[truncated: \d+ more characters\]$/);
  });
});
