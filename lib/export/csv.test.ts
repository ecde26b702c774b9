import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvCell, csvHeader } from "./csv";

describe("csvCell", () => {
  it.each([
    [null, ""],
    [12.5, "12.5"],
    [-3, "-3"], // numbers are numbers, not formulas
    [true, "true"],
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=1+1", "'=1+1"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@cmd", "'@cmd"],
    ["\tx", "'\tx"],
    ['=HYPERLINK("a","b")', `"'=HYPERLINK(""a"",""b"")"`],
    ["", ""],
  ] as const)("%j → %j", (v, out) => {
    expect(csvCell(v)).toBe(out);
  });

  it("reads back with a CSV parser as the guarded text", () => {
    const values = ["a,b", 'q"uote', "line\r\nbreak", "=SUM(A1)", "東京"];
    const text = `${values.map(csvCell).join(",")}\r\n`;
    expect(parse(text)).toEqual([["a,b", 'q"uote', "line\r\nbreak", "'=SUM(A1)", "東京"]]);
  });

  it("has one header row ending in CRLF", () => {
    expect(csvHeader()).toMatch(/^status,.*,run_id\r\n$/);
  });
});
