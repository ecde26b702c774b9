import { describe, expect, it } from "vitest";
import { rng } from "@/tests/helpers/fuzz";
import { classifyText, likeContains, MAX_QUERY_CHARS, MAX_TERMS, parseQuery, SearchQueryError, type SearchTerm } from "./query";

const terms = (q: string): SearchTerm[] => parseQuery(q).terms;
const word = (value: string, extra: Partial<SearchTerm> = {}) => ({ kind: "word", value, field: null, negated: false, ...extra });
const sub = (value: string, extra: Partial<SearchTerm> = {}) => ({ kind: "substring", value, field: null, negated: false, ...extra });
const phrase = (value: string, extra: Partial<SearchTerm> = {}) => ({ kind: "phrase", value, field: null, negated: false, ...extra });

function rejection(q: string): string {
  try {
    parseQuery(q);
  } catch (err) {
    expect(err).toBeInstanceOf(SearchQueryError);
    expect((err as SearchQueryError).code).toBe("invalid_query");
    return (err as Error).message;
  }
  throw new Error(`"${q}" was accepted`);
}

describe("parseQuery: words, phrases and exclusions", () => {
  it("makes every whitespace-separated word a term, lower-cased", () => {
    expect(terms("Refund  ORDER\tstatus")).toEqual([word("refund"), word("order"), word("status")]);
  });

  it("keeps a quoted phrase as one term, whitespace collapsed", () => {
    expect(terms('"reset my   password" now')).toEqual([phrase("reset my password"), word("now")]);
  });

  it("searches one quoted token as it would unquoted, its punctuation kept", () => {
    expect(terms('"Refund" "ORD-1" "ab"')).toEqual([word("refund"), sub("ORD-1"), word("ab")]);
  });

  it("searches words joined by other punctuation as a phrase", () => {
    expect(terms("don't")).toEqual([phrase("don't")]);
  });

  it("negates words, phrases and fields with a leading minus", () => {
    expect(terms('refund -spam -"out of stock" -status:error')).toEqual([
      word("refund"),
      word("spam", { negated: true }),
      phrase("out of stock", { negated: true }),
      { kind: "filter", field: "status", value: "error", negated: true },
    ]);
  });

  it("reads a trailing * as a word prefix", () => {
    expect(terms("refund*")).toEqual([{ kind: "prefix", value: "refund", field: null, negated: false }]);
    expect(terms("v2*")).toEqual([{ kind: "prefix", value: "v2", field: null, negated: false }]);
  });

  it("drops punctuation around a word and de-duplicates terms", () => {
    expect(terms("refund, (refund) refund!")).toEqual([word("refund")]);
  });
});

describe("parseQuery: identifiers and scripts without spaces are substrings", () => {
  it.each([
    ["ORD-12345", "ORD-12345"],
    ["a12345", "a12345"],
    ["ERR_RATE_LIMIT", "ERR_RATE_LIMIT"],
    ["user@example.com", "user@example.com"],
    ["0b7f3c2e-9a1d-4c55-8f00-6d5e4b3a2c10", "0b7f3c2e-9a1d-4c55-8f00-6d5e4b3a2c10"],
    ["#4021.", "4021"],
    ["退款", "退款"],
    ["返金してください", "返金してください"],
    ["ขอคืนเงิน", "ขอคืนเงิน"],
  ])("%s", (q, value) => {
    expect(terms(q)).toEqual([sub(value)]);
  });

  it("keeps short letter-digit runs and letters of spaced scripts as words", () => {
    expect(terms("42 v2 возврат Straße café")).toEqual([word("42"), word("v2"), word("возврат"), word("straße"), word("café")]);
  });

  it("classifies text the way the index can find it", () => {
    expect(classifyText("hello")).toBe("word");
    expect(classifyText("hello-world")).toBe("substring");
    expect(classifyText("it's")).toBe("phrase");
    expect(classifyText("价格")).toBe("substring");
  });

  it("normalises to NFC so a decomposed é matches a composed one", () => {
    expect(terms("cafe\u0301")).toEqual([word("café")]);
  });
});

describe("parseQuery: field prefixes", () => {
  it("scopes text to a part of the run", () => {
    expect(terms('prompt:refund response:"sorry about" tool:lookup_order error:ETIMEDOUT')).toEqual([
      word("refund", { field: "prompt" }),
      phrase("sorry about", { field: "response" }),
      sub("lookup_order", { field: "tool" }),
      word("etimedout", { field: "error" }),
    ]);
  });

  it("reads run fields and metadata, case-insensitive prefixes, a space after the colon", () => {
    expect(terms('User:alice agent:"Support Bot" model: gpt-4o status:failed meta.plan:pro metadata.region:"eu west"')).toEqual([
      { kind: "filter", field: "user", value: "alice", negated: false },
      { kind: "filter", field: "agent", value: "Support Bot", negated: false },
      { kind: "filter", field: "model", value: "gpt-4o", negated: false },
      { kind: "filter", field: "status", value: "error", negated: false },
      { kind: "meta", key: "plan", value: "pro", negated: false },
      { kind: "meta", key: "region", value: "eu west", negated: false },
    ]);
  });

  it("treats an unknown prefix as text", () => {
    expect(terms("foo:bar https://x.io/a")).toEqual([sub("foo:bar"), sub("https://x.io/a")]);
  });

  it("ignores a prefix with no value, with a warning", () => {
    const q = parseQuery("refund prompt:");
    expect(q.terms).toEqual([word("refund")]);
    expect(q.warnings.join(" ")).toMatch(/prompt: has no value/);
  });
});

describe("parseQuery: malformed queries", () => {
  it("closes an unterminated quote at the end, with a warning", () => {
    const q = parseQuery('refund "out of sto');
    expect(q.terms).toEqual([word("refund"), phrase("out of sto")]);
    expect(q.warnings.join(" ")).toMatch(/quote was not closed/);
  });

  it.each([
    ["", /nothing to search for/],
    ["   ", /nothing to search for/],
    ['"" -', /nothing to search for/],
    ["... !!!", /nothing to search for/],
    ["-refund -spam", /only excludes/],
    ["status:maybe", /status: takes success or error/],
    ["x".repeat(MAX_QUERY_CHARS + 1), /limit is 500/],
    [Array.from({ length: MAX_TERMS + 1 }, (_, i) => `w${"abcdefghijklmnopqrstuvwxyz"[i]}`).join(" "), /limit is 16/],
  ])("rejects %j with a message that says what to fix", (q, message) => {
    expect(rejection(q)).toMatch(message);
  });

  it("never throws anything but SearchQueryError, and every term it returns is well-formed (fuzz)", () => {
    const next = rng(16);
    const alphabet = [
      '"',
      "-",
      ":",
      "*",
      " ",
      " ",
      "\t",
      "\n",
      "\\",
      "%",
      "_",
      "a",
      "Z",
      "9",
      "é",
      "退",
      "\u0000",
      "\ud800",
      "meta.",
      "status:",
      "prompt:",
      "user:",
    ];
    let accepted = 0;
    for (let i = 0; i < 5_000; i++) {
      const len = Math.floor(next() * 40);
      const q = Array.from({ length: len }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
      try {
        const parsed = parseQuery(q);
        accepted++;
        expect(parsed.terms.length).toBeGreaterThan(0);
        expect(parsed.terms.some((t) => !t.negated)).toBe(true);
        for (const t of parsed.terms) {
          expect(t.value.trim().length, JSON.stringify({ q, t })).toBeGreaterThan(0);
          // What reaches PostgreSQL as text: no NUL, no lone surrogate.
          expect(t.value.includes("\u0000") || !t.value.isWellFormed(), JSON.stringify({ q, t })).toBe(false);
          if (t.kind === "meta") expect(t.key.length).toBeGreaterThan(0);
        }
      } catch (err) {
        expect(err, JSON.stringify(q)).toBeInstanceOf(SearchQueryError);
      }
    }
    // The fuzz must exercise the accepting paths too, not only the rejections.
    expect(accepted).toBeGreaterThan(1_000);
  });
});

describe("likeContains", () => {
  it("takes %, _ and backslash literally", () => {
    expect(likeContains("50%_off\\x")).toBe("%50\\%\\_off\\\\x%");
  });
});
