import { describe, expect, it } from "vitest";
import { IngestError } from "../errors";
import { assertDepth, derivedUuid, finalize, lastStartedBy, newRun, newStep, resultText, usageExclusive } from "./common";

describe("framework mapper helpers", () => {
  it("derivedUuid: same parts, same RFC 9562 v8 UUID; other parts, another", () => {
    const a = derivedUuid("openclaw", "run", "2026-11-20T12:00:00.000Z");
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedUuid("openclaw", "run", "2026-11-20T12:00:00.000Z")).toBe(a);
    expect(derivedUuid("openclaw", "run", "2026-11-20T12:05:00.000Z")).not.toBe(a);
    // Parts are separated, so moving text across a boundary changes the id.
    expect(derivedUuid("ab", "c")).not.toBe(derivedUuid("a", "bc"));
  });

  it("usageExclusive: input counts cache reads and writes; all-absent is no usage", () => {
    expect(usageExclusive(100, 20, 30, 5)).toEqual({ inputTokens: 135, outputTokens: 20, cachedTokens: 30 });
    expect(usageExclusive(undefined, 7, undefined, undefined)).toEqual({ inputTokens: null, outputTokens: 7, cachedTokens: null });
    expect(usageExclusive(undefined, undefined, null, "x")).toBeNull();
  });

  it("resultText: strings, content blocks, Pi/MCP {content} and other JSON", () => {
    expect(resultText("ok")).toBe("ok");
    expect(
      resultText([
        { type: "text", text: "a" },
        { type: "image", source: {} },
      ]),
    ).toBe("a\n[image]");
    expect(resultText({ content: [{ type: "text", text: "b" }], details: { exit: 0 } })).toBe("b");
    expect(resultText({ rows: 2 })).toBe('{"rows":2}');
    expect(resultText(undefined)).toBeNull();
  });

  it("finalize drops an end before the start or beyond an int4 duration", () => {
    const t = new Date("2026-01-01T00:00:00Z");
    const batch = {
      runs: [newRun("r", "x", t, { endTime: new Date("2030-01-01T00:00:00Z") })],
      steps: [newStep("a", "r", t, { endTime: new Date("2025-12-31T23:59:59Z") }), newStep("b", "r", t, { endTime: new Date("2026-01-01T00:00:01Z") })],
      toolCalls: [],
    };
    finalize(batch);
    expect(batch.runs[0]!.endTime).toBeNull();
    expect(batch.steps.map((s) => s.endTime?.toISOString() ?? null)).toEqual([null, "2026-01-01T00:00:01.000Z"]);
  });

  it("lastStartedBy finds the latest record started at or before a time", () => {
    const at = (s: number) => ({ startTime: new Date(s * 1000), id: s });
    const sorted = [at(1), at(5), at(9)];
    expect(lastStartedBy(sorted, new Date(0))).toBeNull();
    expect(lastStartedBy(sorted, new Date(5000))!.id).toBe(5);
    expect(lastStartedBy(sorted, new Date(8000))!.id).toBe(5);
    expect(lastStartedBy(sorted, new Date(99000))!.id).toBe(9);
  });

  it("assertDepth accepts ordinary nesting and rejects pathological nesting with a 400", () => {
    expect(() => assertDepth({ a: [{ b: [1, 2, { c: {} }] }] }, "x")).not.toThrow();
    let deep: unknown = {};
    for (let i = 0; i < 2000; i++) deep = [deep];
    expect(() => assertDepth(deep, "x")).toThrow(IngestError);
  });
});
