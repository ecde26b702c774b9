import { describe, expect, it } from "vitest";
import { countRecords } from "./progress";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("countRecords", () => {
  it("counts lines of JSONL", () => {
    expect(countRecords(bytes('{"a":"x\\ny"}\n{"b":1}\n'), false).records).toBe(2);
  });

  it("counts CSV records, not line breaks inside quoted cells, across chunks", () => {
    const csv = 'h1,h2\r\n"two\r\nlines","say ""hi"""\r\nplain,x\r\n';
    const whole = countRecords(bytes(csv), true);
    expect(whole).toEqual({ records: 3, quoted: false });
    let state = countRecords(bytes(csv.slice(0, 12)), true);
    expect(state.quoted).toBe(true);
    state = countRecords(bytes(csv.slice(12)), true, state);
    expect(state).toEqual(whole);
  });
});
