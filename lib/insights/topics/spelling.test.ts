import { describe, expect, it } from "vitest";
import { compileModel, assignLemmas } from "./assign";
import type { TopicModel } from "./model";
import { lexiconHas } from "../patterns/lemmas";
import { speller, vocabularySpeller } from "./spelling";

describe("spelling", () => {
  const known = new Map([
    ["password", 10],
    ["refund", 8],
    ["address", 6],
    ["order", 12],
    ["cost", 5],
    ["subscription", 4],
    ["reset", 3],
    ["lose", 3],
  ]);
  const s = speller(known);

  it("reads a missing, extra or swapped letter as the known term", () => {
    expect(s.correct("pasword")).toBe("password");
    expect(s.correct("refnd")).toBe("refund");
    expect(s.correct("adress")).toBe("address");
    expect(s.correct("oder")).toBe("order");
    expect(s.correct("orderr")).toBe("order");
    expect(s.correct("subscritpion")).toBe("subscription");
  });

  it("leaves known terms, real words, short words and numbers alone", () => {
    expect(s.correct("order")).toBe("order");
    // One letter from "reset" and "lose", but English words (in wink-nlp's lexicon), not typos.
    expect(s.correct("rest")).toBe("rest");
    expect(s.correct("close")).toBe("close");
    expect(s.correct("coat")).toBe("coat"); // one substituted letter from "cost": another word, not a typo
    expect(s.correct("ord")).toBe("ord");
    expect(s.correct("order1")).toBe("order1");
    expect(s.correct("shipping")).toBe("shipping");
  });

  it("tells the model's words from typos and words it never saw", () => {
    for (const w of ["password", "rest", "close", "refund", "coat"]) expect(lexiconHas(w), w).toBe(true);
    for (const w of ["pasword", "refnd", "sbscription", "qwzx", "two words"]) expect(lexiconHas(w), w).toBe(false);
  });

  it("prefers the commoner term (lower idf) when two are one edit away", () => {
    const v = vocabularySpeller(
      new Map([
        ["cart", 3.5],
        ["carts", 1.2],
      ]),
    );
    expect(v.correct("carst")).toBe("carts");
  });

  it("lets a new run's typo reach its topic through a stored model", () => {
    const model: TopicModel = {
      version: 1,
      docCount: 10,
      idf: { password: 2, reset: 2.5, refund: 2 },
      unseenIdf: 3,
      topics: [
        {
          id: "pw",
          label: "password",
          keywords: ["password"],
          representative: "",
          size: 5,
          centroid: [
            ["password", 0.8],
            ["reset", 0.6],
          ],
        },
        { id: "rf", label: "refund", keywords: ["refund"], representative: "", size: 5, centroid: [["refund", 1]] },
      ],
    };
    const compiled = compileModel(model);
    expect(assignLemmas(compiled, ["pasword"], 0.1)?.topicId).toBe("pw");
    expect(assignLemmas(compiled, ["refnd"], 0.1)?.topicId).toBe("rf");
    expect(assignLemmas(compiled, ["weather"], 0.1)).toBeNull();
  });
});
