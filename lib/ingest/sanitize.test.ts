import { describe, expect, it } from "vitest";
import { boundedKey, label } from "./sanitize";

describe("boundedKey", () => {
  it("keeps ids up to 512 UTF-8 bytes as they are", () => {
    expect(boundedKey("run-1")).toBe("run-1");
    expect(boundedKey("x".repeat(512))).toBe("x".repeat(512));
  });

  it("maps longer ids to a short, stable key that keeps distinct ids distinct", () => {
    const a = "漢".repeat(200) + "a"; // 601 bytes
    const b = "漢".repeat(200) + "b";
    expect(Buffer.byteLength(boundedKey(a))).toBeLessThanOrEqual(512);
    expect(boundedKey(a)).toBe(boundedKey(a));
    expect(boundedKey(a)).not.toBe(boundedKey(b));
    expect(boundedKey(a).startsWith("漢漢")).toBe(true);
  });
});

describe("boundedKey on text PostgreSQL cannot store", () => {
  it("drops NUL and repairs lone surrogates, the same way every time", () => {
    expect(boundedKey("run\u00001")).toBe("run1");
    expect(boundedKey("run-\ud800")).toBe("run-\ufffd");
    expect(boundedKey("run\u00001")).toBe(boundedKey("run\u00001"));
  });
});

describe("label", () => {
  it("cuts names to 256 characters and cleans them", () => {
    expect(label("gpt-4o")).toBe("gpt-4o");
    expect(label("m".repeat(1000))).toHaveLength(256);
    expect(label("a\u0000b")).toBe("ab");
    expect(label(null)).toBeNull();
  });
});
