import { describe, expect, it } from "vitest";
import { customToBatch } from "@/lib/ingest/custom";
import { mergeBatches } from "@/lib/ingest/model";
import { captures } from "@/tests/fixtures/frameworks/load";
import { classifyText } from "./query";
import { identifiers, IDS_CAP, PIECE_CAP, SECTION_CAPS, SECTIONS, searchDocs, searchText, type SearchDoc } from "./document";

const RUN = "5e4f3a2b-1c0d-4e9f-8a7b-6c5d4e3f2a1b";
const crew = () => mergeBatches(...captures("crewai").map((c) => customToBatch(c.body)));
/** The one document of a batch of one run. */
function single(docs: SearchDoc[]): SearchDoc {
  expect(docs).toHaveLength(1);
  return docs[0]!;
}
const joined = (d: SearchDoc) => SECTIONS.map((s) => d[s].join("\n")).join("\n");

describe("searchText", () => {
  it("decodes \\uXXXX escapes, surrogate pairs included, as Python's json.dumps writes them", () => {
    expect(searchText('{"city": "\\u6771\\u4eac", "mood": "\\ud83d\\ude00"}')).toBe('{"city": "東京", "mood": "😀"}');
  });

  it("drops NUL, repairs a lone surrogate, composes to NFC and trims", () => {
    expect(searchText("  a\u0000b \\ud800 cafe\u0301 ")).toBe("ab \ufffd café");
  });

  it("cuts a piece at PIECE_CAP characters without splitting a surrogate pair", () => {
    const s = searchText("x".repeat(PIECE_CAP - 1) + "😀😀");
    expect(s.length).toBeLessThanOrEqual(PIECE_CAP);
    expect(s.isWellFormed()).toBe(true);
  });
});

describe("identifiers", () => {
  it("keeps letters joined with digits or punctuation, and text without spaces", () => {
    expect(identifiers("Order ORD-12345 (sku a1b2c3) for ada@example.com at https://x.io/p?q=1: 我想退款。 ok 42 v2")).toEqual([
      "ORD-12345",
      "a1b2c3",
      "ada@example.com",
      "https://x.io/p?q=1",
      "我想退款",
    ]);
  });

  it("holds every token the query parser searches as a substring, whatever surrounds it", () => {
    for (const token of ["ORD-12345", "a12345", "ERR_RATE_LIMIT", "user@example.com", "0b7f3c2e-9a1d-4c55", "退款", "3.14"]) {
      expect(classifyText(token), token).toBe("substring");
      for (const text of [`x ${token} y`, `{"k":"${token}"}`, `(${token}).`]) {
        expect(
          identifiers(text).some((id) => id.toLowerCase().includes(token.toLowerCase())),
          `${token} in ${text}`,
        ).toBe(true);
      }
    }
  });
  it("finds the same identifiers in ASCII text on its fast path as the Unicode classes do", () => {
    // A seeded mix of letters, digits, joiners, spaces and other punctuation; the same text with a
    // non-ASCII word appended goes through the Unicode path, which then also yields that word.
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    const alphabet = "aZk09_-./@:#+=~$%&? \n,;()[]{}\"'!*<>|";
    for (let n = 0; n < 500; n++) {
      let text = "";
      for (let i = next() % 60; i > 0; i--) text += alphabet[next() % alphabet.length];
      expect(identifiers(text), JSON.stringify(text)).toEqual(identifiers(`${text} 退款`).slice(0, -1));
    }
  });
});

describe("searchDocs on the CrewAI capture", () => {
  const doc = single(searchDocs(crew()));

  it("builds one document for the run, its steps and its tool call", () => {
    expect(searchDocs(crew()).map((d) => d.runId)).toEqual([RUN]);
  });

  it("puts each text in its section", () => {
    expect(doc.prompt.join("\n")).toContain("Research the current weather in Tokyo.");
    expect(doc.response).toContain("Pack sunglasses and light layers: Tokyo is sunny and 72°F.");
    expect(doc.tool).toEqual(expect.arrayContaining(["Get Weather", '{"location": "Tokyo"}', "Weather in Tokyo: 72°F, Sunny, 60% humidity"]));
    expect(doc.other).toEqual(expect.arrayContaining([RUN, "crew-sess-1", "production"]));
  });

  it("holds each text once, though every step repeats the conversation", () => {
    for (const s of SECTIONS) expect(new Set(doc[s]).size, s).toBe(doc[s].length);
  });
});

describe("searchDocs", () => {
  const toolCall = (args: string, result: string, status = 0) => ({
    type: "tool_call",
    run_id: "r1",
    tool_call_id: "t1",
    tool_name: "lookup_order",
    start_time: "2026-11-20T14:00:01Z",
    end_time: "2026-11-20T14:00:02Z",
    status_code: status,
    args,
    result,
  });

  it("finds text a Python SDK sent \\u-escaped inside a JSON string by its characters", () => {
    const doc = single(searchDocs(customToBatch(toolCall('{"city": "\\u6771\\u4eac"}', '{"sku": "\\u00e9t\\u00e9-42"}'))));
    expect(doc.tool.join(" ")).toContain('"東京"');
    expect(doc.tool.join(" ")).toContain("été-42");
    expect(joined(doc)).not.toContain("\\u");
  });

  it("files a failed tool call's message under error", () => {
    const batch = customToBatch({ ...toolCall("{}", ""), status_code: 2, status_message: "ETIMEDOUT after 30 s" });
    expect(batch.toolCalls[0]?.error).toBe("ETIMEDOUT after 30 s");
    expect(single(searchDocs(batch)).error).toEqual(["ETIMEDOUT after 30 s"]);
  });

  it("keeps every section within its cap however long the run", () => {
    const items = Array.from({ length: 200 }, (_, i) => ({
      ...toolCall(`{"page": ${i}, "pad": "${"p".repeat(300)}"}`, "r".repeat(5000)),
      tool_call_id: `t${i}`,
    }));
    const doc = single(searchDocs(customToBatch({ type: "batch", items })));
    for (const s of SECTIONS) {
      const chars = doc[s].reduce((n, p) => n + p.length + 1, 0);
      expect(chars, s).toBeLessThanOrEqual(SECTION_CAPS[s] + PIECE_CAP);
    }
    expect(doc.tool[0]).toBe("lookup_order");
    expect(doc.ids.reduce((n, p) => n + p.length + 1, 0)).toBeLessThanOrEqual(IDS_CAP + 100);
  });
});
