import { describe, expect, it } from "vitest";
import { escapeMalformedPath } from "./malformed-path";
import { decodeSegment } from "./nav";

describe("escapeMalformedPath", () => {
  it("leaves paths that decode alone", () => {
    expect(escapeMalformedPath("/v1/runs/abc?range=1d")).toBeNull();
    expect(escapeMalformedPath("/runs/a%20b%E2%9C%93")).toBeNull();
    expect(escapeMalformedPath("/")).toBeNull();
  });

  it("escapes the % of each segment that does not decode, keeping the query as it is", () => {
    expect(escapeMalformedPath("/v1/runs/%FF")).toBe("/v1/runs/%25FF");
    expect(escapeMalformedPath("/v1/sessions/%ED%A0%80?range=1d&q=%FF")).toBe("/v1/sessions/%25ED%25A0%2580?range=1d&q=%FF");
    expect(escapeMalformedPath("/%FF/runs/%41%")).toBe("/%25FF/runs/%2541%25");
    expect(escapeMalformedPath("/api/ui/runs/%E2%9C/text")).toBe("/api/ui/runs/%25E2%259C/text");
  });

  it("gives the route the segment as the literal text decodeSegment reads from it", () => {
    for (const seg of ["%FF", "%ED%A0%80", "a%", "%zz"]) {
      const fixed = escapeMalformedPath(`/runs/${seg}`)!;
      expect(decodeURIComponent(fixed.split("/")[2]!)).toBe(decodeSegment(seg));
    }
  });
});
