// Topic quality on the labelled intent corpus: 10 intents × 30 hand-written paraphrases.
// The figures are reported in docs/topics.md; this test fails when they drop.
import { describe, expect, it } from "vitest";
import { loadIntentCorpus } from "@/tests/fixtures/topics/load";
import { discoverTopics } from "./discover";
import { adjustedRandIndex } from "./evaluation";

const { intents, prompts } = loadIntentCorpus();
let next = 0;
const { model, assignments } = discoverTopics({ docs: prompts, newId: () => `topic-${next++}` });
const topicOf = (id: string) => assignments.get(id)?.topicId ?? null;

describe("topics on the intent corpus", () => {
  it("agrees with the intents (adjusted Rand index, each unassigned prompt a cluster of its own)", () => {
    const ari = adjustedRandIndex(
      prompts.map((p) => p.intent),
      prompts.map((p) => topicOf(p.id) ?? `unassigned:${p.id}`),
    );
    console.log(`topics: ${model.topics.length}, ARI ${ari.toFixed(3)}, assigned ${prompts.filter((p) => topicOf(p.id)).length}/${prompts.length}`);
    // Measured 0.666 (docs/topics.md). The target is 0.7; lexical clustering does not reach it yet.
    expect(ari).toBeGreaterThanOrEqual(0.65);
  });

  it("labels each intent's topic with the intent's key term", () => {
    for (const intent of intents) {
      const counts = new Map<string, number>();
      for (const p of prompts) {
        const topic = p.intent === intent.intent ? topicOf(p.id) : null;
        if (topic) counts.set(topic, (counts.get(topic) ?? 0) + 1);
      }
      const [topicId] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
      const topic = model.topics.find((t) => t.id === topicId);
      expect(topic?.label.split(", "), `${intent.intent} → ${topic?.label ?? "no topic"}`).toContain(intent.keyTerm);
    }
  });

  it("gives each intent a topic of its own", () => {
    const majority = intents.map((intent) => {
      const counts = new Map<string, number>();
      for (const p of prompts) if (p.intent === intent.intent && topicOf(p.id)) counts.set(topicOf(p.id)!, (counts.get(topicOf(p.id)!) ?? 0) + 1);
      return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    });
    expect(new Set(majority).size).toBe(intents.length);
  });
});
