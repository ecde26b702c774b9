import { describe, expect, it } from "vitest";
import { loadIntentCorpus } from "@/tests/fixtures/topics/load";
import { discoverTopics } from "./discover";
import { classTfIdf, isIdLike } from "./label";

describe("isIdLike", () => {
  it("takes numbers and ids for what they are", () => {
    for (const t of ["482", "2026", "3599", "2026-11-15", "a2291", "ts2339", "sku-4821-blk", "f3a9c", "4f3a9c", "ab12cd", "x200", "sha256"])
      expect(isIdLike(t), t).toBe(true);
  });
  it("keeps words, and short names with a digit", () => {
    for (const t of ["order", "refund", "café", "mp3", "s3", "ec2", "ipv6", "x86", "win11", "v2", "q3", "deadbeef"]) expect(isIdLike(t), t).toBe(false);
  });
});

describe("classTfIdf", () => {
  it("never returns a number or an id as a top term", () => {
    const orders = [
      ["order", "a2291", "late"],
      ["order", "a2291", "arrive"],
      ["order", "482", "late"],
      ["order", "482", "ship"],
    ];
    const passwords = [
      ["password", "reset"],
      ["password", "forget"],
      ["password", "reset", "link"],
    ];
    const [orderTerms, passwordTerms] = classTfIdf([orders, passwords], 8);
    // Weighed as before ("late" and the ids tie); the ids are left out.
    expect(orderTerms).toEqual(["order", "late", "arrive", "ship"]);
    expect(passwordTerms).toEqual(["password", "reset", "forget", "link"]);
  });
});

describe("topic labels", () => {
  it("name what users ask about, not the order numbers they quote", () => {
    // The shop's corpus, with order numbers quoted in the order-tracking prompts as customers do.
    const { prompts } = loadIntentCorpus();
    let k = 0;
    const quoted = prompts.map((p) => (p.intent === "track_order" ? { ...p, text: `${p.text} order ${k++ % 2 ? "A2291" : "482"}` } : p));
    let n = 0;
    const { model, assignments } = discoverTopics({ docs: quoted, newId: () => `t${n++}` });
    const counts = new Map<string, number>();
    for (const p of quoted) {
      const id = p.intent === "track_order" ? assignments.get(p.id)?.topicId : undefined;
      if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const orderTopic = model.topics.find((t) => t.id === [...counts].sort((a, b) => b[1] - a[1])[0]![0])!;
    expect(orderTopic.label.split(", ")).toContain("order");
    for (const t of model.topics) {
      expect(t.keywords.filter(isIdLike), t.label).toEqual([]);
      expect(t.label.split(", ").filter(isIdLike), t.label).toEqual([]);
    }
  });
});
