// Topic quality on the labelled intent corpora: the online shop's 10 intents × 30 hand-written
// paraphrases (the parameters were chosen on it), the IT help desk's 10 × 25 and the coding
// assistant's 10 × 20 (both held out: written before any clustering ran on them, never tuned on;
// only the word vectors' vocabulary size was chosen with all three in view, docs/topics.md).
// The figures are reported in docs/topics.md; this test fails when they drop.
//
// The community search visits prompts in the order of their ids' hashes, and the order moves the
// index by a few hundredths and the labels by one or two; so the index and the count of labels
// containing their key term are tested as means over the corpus's own ids and nine renamings of
// them (the same prompts in ten orders).
import { describe, expect, it } from "vitest";
import { loadDevtoolsCorpus, loadHeldOutCorpus, loadIntentCorpus } from "@/tests/fixtures/topics/load";
import { discoverTopics } from "./discover";
import { adjustedRandIndex } from "./evaluation";
import { lemmas } from "./text";

const ORDERS = 10;

type Corpus = ReturnType<typeof loadIntentCorpus>;

/** Each intent and the topic most of its prompts got. */
function majorityTopics({ intents, prompts }: Corpus, { model, assignments }: ReturnType<typeof discoverTopics>, idOf: (id: string) => string) {
  const topicOf = (id: string) => assignments.get(idOf(id))?.topicId ?? null;
  return intents.map((intent) => {
    const counts = new Map<string, number>();
    for (const p of prompts) if (p.intent === intent.intent && topicOf(p.id)) counts.set(topicOf(p.id)!, (counts.get(topicOf(p.id)!) ?? 0) + 1);
    const [topicId] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
    return { intent, topic: model.topics.find((t) => t.id === topicId) ?? null };
  });
}

const hasKeyTerm = ({ intent, topic }: ReturnType<typeof majorityTopics>[number]) => topic?.label.split(", ").includes(intent.keyTerm) ?? false;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Over the corpus's ids and their renamings: the mean adjusted Rand index (each unassigned prompt
 * a cluster of its own) and the mean count of intents whose topic's label holds their key term.
 */
function meanOverOrders(corpus: Corpus) {
  const { prompts } = corpus;
  const words = new Map(prompts.map((p) => [p.id, lemmas(p.text)]));
  const index: number[] = [];
  const labels: number[] = [];
  for (let order = 0; order < ORDERS; order++) {
    const idOf = (id: string) => (order === 0 ? id : `${id}~${order}`);
    const docs = prompts.map((p) => ({ id: idOf(p.id), text: p.text, lemmas: words.get(p.id) }));
    let next = 0;
    const result = discoverTopics({ docs, newId: () => `topic-${next++}` });
    index.push(
      adjustedRandIndex(
        prompts.map((p) => p.intent),
        docs.map((d) => result.assignments.get(d.id)?.topicId ?? `unassigned:${d.id}`),
      ),
    );
    labels.push(majorityTopics(corpus, result, idOf).filter(hasKeyTerm).length);
  }
  console.log(
    `over ${ORDERS} orders: ARI mean ${mean(index).toFixed(3)}, ${Math.min(...index).toFixed(3)}–${Math.max(...index).toFixed(3)}; ` +
      `labels with key term mean ${mean(labels).toFixed(1)}, ${Math.min(...labels)}–${Math.max(...labels)}`,
  );
  return { ari: mean(index), labels: mean(labels) };
}

function measure(corpus: Corpus) {
  const { intents, prompts } = corpus;
  let next = 0;
  const result = discoverTopics({ docs: prompts, newId: () => `topic-${next++}` });
  const topicOf = (id: string) => result.assignments.get(id)?.topicId ?? null;
  const ari = adjustedRandIndex(
    prompts.map((p) => p.intent),
    prompts.map((p) => topicOf(p.id) ?? `unassigned:${p.id}`),
  );
  const majority = majorityTopics(corpus, result, (id) => id);
  const assigned = prompts.filter((p) => topicOf(p.id)).length;
  console.log(
    `topics: ${result.model.topics.length}, ARI ${ari.toFixed(3)}, assigned ${assigned}/${prompts.length}, labels with key term ${majority.filter(hasKeyTerm).length}/${intents.length}`,
  );
  return { ...meanOverOrders(corpus), majority };
}

describe("topics on the intent corpus (the parameters were chosen on it)", () => {
  const { ari, labels, majority } = measure(loadIntentCorpus());

  it("agrees with the intents (adjusted Rand index, each unassigned prompt a cluster of its own)", () => {
    // Measured: mean 0.703 over the ten orders, 0.702–0.704 (0.704 with the corpus's own ids);
    // 0.674 (0.643–0.701) with words alone, before the word vectors joined the prompt graph, and
    // 0.666 with the average-linkage tree (docs/topics.md). The target is 0.7.
    expect(ari).toBeGreaterThanOrEqual(0.7);
  });

  it("labels each intent's topic with the intent's key term", () => {
    for (const { intent, topic } of majority) expect(topic?.label.split(", "), `${intent.intent} → ${topic?.label ?? "no topic"}`).toContain(intent.keyTerm);
    // Measured 10 of 10 in every order.
    expect(labels).toBe(10);
  });

  it("gives each intent a topic of its own", () => {
    expect(new Set(majority.map((m) => m.topic?.id)).size).toBe(majority.length);
  });
});

describe("topics on the held-out help-desk corpus (never tuned on)", () => {
  const { ari, labels } = measure(loadHeldOutCorpus());

  it("agrees with the intents as far as measured", () => {
    // Measured: mean 0.351, 0.333–0.374 (docs/topics.md; 0.312 with words alone, 0.282 with the
    // tree): far below the corpus the parameters were chosen on.
    expect(ari).toBeGreaterThanOrEqual(0.34);
  });

  it("labels most intents' topics with their key term", () => {
    // Measured: mean 8.0 of 10 over the ten orders, 7–9 (7.4 with words alone, 8 with the tree).
    // Never: phishing ("email, outlook, get": its key term is in 2 of its 25 prompts); in four
    // orders slow_computer and call_audio share a "laptop" topic (one of them then misses); once
    // each, mail_sync ("outlook, error, show") and software_install ("fail, error, login").
    expect(labels).toBeGreaterThanOrEqual(7.5);
  });
});

describe("topics on the held-out coding-assistant corpus (never tuned on)", () => {
  const { ari, labels } = measure(loadDevtoolsCorpus());

  it("agrees with the intents as far as measured", () => {
    // Measured: mean 0.563, 0.556–0.570 (docs/topics.md; 0.503 with words alone, 0.437 with the tree).
    expect(ari).toBeGreaterThanOrEqual(0.55);
  });

  it("labels most intents' topics with their key term", () => {
    // Measured 10 of 10 in every order, with words alone too (8 with the tree).
    expect(labels).toBeGreaterThanOrEqual(9.5);
  });
});
